"""From a database address to a signed-in main window.

Start-up talks to the database (migrate, list users) through the task runner
like everything else, so a slow office server delays the window instead of
freezing a half-drawn one. :class:`Startup` then decides which dialog, if any,
stands between the user and the article list.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QDialog, QMessageBox

from newsroom.domain.errors import NotFound
from newsroom.services import users
from newsroom.services.views import UserView
from newsroom.storage import migrate
from newsroom.storage.db import Database
from ui.dialogs.login import FirstUserDialog, PickUserDialog
from ui.settings import LAST_USER_KEY, app_settings
from ui.tasks import TaskRunner
from ui.widgets.main_window import MainWindow

log = logging.getLogger(__name__)


def describe_database(db: Database) -> str:
    """Where the data is, for the status bar; never shows a password."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        return f"SQLite: {Path(url.database or '').expanduser().resolve()}"
    host = url.host or "localhost"
    port = f":{url.port}" if url.port else ""
    return f"PostgreSQL: {host}{port}/{url.database or ''}"


@dataclass(frozen=True)
class Prepared:
    """What start-up learned from the database."""

    users: Sequence[UserView]
    user: UserView | None
    login_error: str | None


def prepare(db: Database, login: str | None) -> Prepared:
    """Worker-thread half of start-up: bring the schema up to date, then find the user."""
    migrate.upgrade(db)
    with db.uow() as uow:
        people = users.list_users(uow)
        if not login:
            return Prepared(people, None, None)
        try:
            return Prepared(people, users.get_by_login(uow, login), None)
        except NotFound as exc:
            return Prepared(people, None, exc.message)


class Startup(QObject):
    """Runs start-up and owns its windows; ``done(exit_code)`` asks the app to quit.

    The app quits explicitly rather than on "last window closed": between the
    sign-in dialog closing and the main window opening there is a moment with
    no window at all.
    """

    done = Signal(int)

    def __init__(self, runner: TaskRunner, login: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._login = login
        self._task: int | None = None
        self.dialog: QDialog | None = None
        self.window: MainWindow | None = None
        self.error_box: QMessageBox | None = None
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)

    def start(self) -> None:
        self._task = self._runner.submit(prepare, self._login)

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        if task_id != self._task:
            return
        self._task = None
        assert isinstance(result, Prepared)
        if result.user is not None:
            app_settings().setValue(LAST_USER_KEY, result.user.login)
            self.open_main_window(result.user)
        elif not result.users:
            self._ask(FirstUserDialog(self._runner, login=self._login or ""))
        else:
            self._ask(PickUserDialog(result.users, error=result.login_error))

    @Slot(int, str)
    def _on_failed(self, task_id: int, message: str) -> None:
        if task_id != self._task:
            return
        self._task = None
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Newsroom"),
                          self.tr("The database could not be opened."),
                          QMessageBox.StandardButton.Close)
        box.setInformativeText(f"{describe_database(self._runner.db)}\n\n{message}")
        box.setObjectName("startupError")
        box.finished.connect(self._error_closed)
        self.error_box = box
        box.open()

    @Slot()
    def _error_closed(self) -> None:
        if self.error_box is not None:
            self.error_box.deleteLater()
            self.error_box = None
        self.done.emit(1)

    def _ask(self, dialog: FirstUserDialog | PickUserDialog) -> None:
        dialog.finished.connect(self._dialog_finished)
        self.dialog = dialog
        dialog.open()

    @Slot(int)
    def _dialog_finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        user: UserView | None = None
        if result == QDialog.DialogCode.Accepted:
            if isinstance(dialog, FirstUserDialog):
                user = dialog.user
            elif isinstance(dialog, PickUserDialog):
                user = dialog.selected_user
        dialog.deleteLater()
        if user is None:
            self.done.emit(0)
        else:
            self.open_main_window(user)

    def open_main_window(self, user: UserView) -> None:
        log.info("signed in as %s", user.login)
        window = MainWindow(self._runner, user, describe_database(self._runner.db))
        window.closed.connect(self._window_closed)
        self.window = window
        window.show()

    @Slot()
    def _window_closed(self) -> None:
        self.done.emit(0)

    def close_all(self) -> None:
        """Close whatever start-up has open; the main window saves its layout."""
        if self.window is not None and self.window.isVisible():
            self.window.close()
        if self.dialog is not None:
            self.dialog.reject()
        if self.error_box is not None:
            self.error_box.close()

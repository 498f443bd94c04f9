"""From a database address to a signed-in main window.

Start-up talks to the database (migrate, list users) through the task runner
like everything else, so a slow office server delays the window instead of
freezing a half-drawn one. :class:`Startup` then decides which dialog, if any,
stands between the user and the article list, wires the main window to the
article windows, and offers back text a crash left unsaved.
"""

from __future__ import annotations

import logging
import os
import runpy
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QEvent,
    QEventLoop,
    QObject,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from newsroom.domain.errors import NotFound
from newsroom.services import autosave, sites, users
from newsroom.services.autosave import AutosaveView
from newsroom.services.views import UserView
from newsroom.storage import migrate
from newsroom.storage.db import Database
from ui.dialogs.login import FirstUserDialog, PickUserDialog
from ui.dialogs.recovery_dialog import RecoveryDialog
from ui.first_paint import FirstPaintProbe
from ui.first_paint import requested as first_paint_requested
from ui.publisher import Publisher
from ui.session.spelling import preload_dictionary
from ui.session.windows import ArticleWindows
from ui.settings import LAST_USER_KEY, SPELLING_KEY, app_settings, read_bool
from ui.tasks import TaskRunner
from ui.widgets.main_window import MainWindow

PRELOAD_DICTIONARY_MS = 3_000
"""After the main window shows: its first page and the recovery check come first."""

log = logging.getLogger(__name__)

AUTOSAVE_MS_ENV = "NEWSROOM_AUTOSAVE_MS"
"""Autosave interval of article windows in milliseconds (tests shorten it)."""

TEST_SCRIPT_ENV = "NEWSROOM_TEST_SCRIPT"
"""A Python file run inside the app once the main window is up, for end-to-end
tests that drive the real app in a subprocess (type, crash, restart). Its
globals offer ``startup``, ``window`` (the main window), ``articles`` (the
:class:`ArticleWindows`), ``recovery`` (the recovery dialog or None), ``app``
and ``wait_until(condition, timeout_ms)``. Whoever can set the environment can
already run Python as this user, so this opens nothing new."""

SHUTDOWN_WAIT_MS = 10_000
"""How long quitting waits for the last autosaves and lock releases to be written."""


def find_unsaved(db: Database, user_id: int) -> list[AutosaveView]:
    """Worker half of the crash-recovery offer: autosaves that differ from the articles."""
    with db.uow() as uow:
        return autosave.pending(uow, user_id)


def autosave_interval_from_env() -> int | None:
    raw = os.environ.get(AUTOSAVE_MS_ENV)
    if not raw:
        return None
    try:
        return max(int(raw), 50)
    except ValueError:
        log.warning("%s=%r is not a number of milliseconds; ignored", AUTOSAVE_MS_ENV, raw)
        return None


def wait_until(condition: Callable[[], object], timeout_ms: int = 10_000) -> bool:
    """Run the event loop until ``condition()`` is true; for test scripts only.

    A real QEventLoop, not ``processEvents`` or ``QTest.qWait``: those can keep
    the GIL from the task runner's thread, which then never finishes a task.
    """
    deadline = QDeadlineTimer(timeout_ms)
    while not condition():
        if deadline.hasExpired():
            return False
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return True


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
    """Worker-thread half of start-up: bring the schema up to date, give a fresh
    install its static site in the data folder (so publishing works with no
    set-up), then find the user.

    Alembic is loaded only when the schema is behind: importing it and reading
    the migration scripts costs about 160 ms of every start."""
    if migrate.current_revision(db) != migrate.HEAD:
        migrate.upgrade(db)
    with db.uow() as uow:
        if sites.ensure_default(uow) is not None:
            uow.commit()
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
        self.articles: ArticleWindows | None = None
        self.recovery_dialog: RecoveryDialog | None = None
        self.publisher: Publisher | None = None
        self.first_paint: FirstPaintProbe | None = None
        self._unsaved_task: int | None = None
        self._quitting = False
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)

    def start(self) -> None:
        self._task = self._runner.submit(prepare, self._login)

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        if task_id == self._unsaved_task:
            self._unsaved_task = None
            assert isinstance(result, list)
            self._offer_recovery(result)
            return
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
        if task_id == self._unsaved_task:
            self._unsaved_task = None
            log.warning("could not look for unsaved text: %s", message)
            self._run_test_script()
            return
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
        articles = ArticleWindows(self._runner, user, self)
        articles.autosave_interval_ms = autosave_interval_from_env()
        window.open_article_requested.connect(articles.open)
        window.new_article_requested.connect(articles.new)
        articles.article_changed.connect(window.refresh)
        # Publishing runs on its own runner; queueing, scheduling or
        # unpublishing in an article window sends at once, not in 30 s.
        publisher = Publisher(self._runner.db, self)
        window.set_publisher(publisher)
        articles.article_changed.connect(publisher.kick)
        window.closed.connect(publisher.shutdown)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(publisher.shutdown)
        self.publisher = publisher
        window.installEventFilter(self)
        self.articles = articles
        self.window = window
        if first_paint_requested():  # the cold-start benchmark (ui/first_paint.py)
            self.first_paint = FirstPaintProbe(window, self._first_paint_done)
        window.show()
        publisher.start()
        # After a crash: offer the text autosave kept (then run a test script, if any).
        self._unsaved_task = self._runner.submit(find_unsaved, user.id)
        if not first_paint_requested() and read_bool(app_settings(), SPELLING_KEY, True):
            QTimer.singleShot(PRELOAD_DICTIONARY_MS, self._preload_dictionary)

    @Slot()
    def _preload_dictionary(self) -> None:
        """Parse the spelling dictionary while nobody types yet: Hunspell holds
        Python's lock for the ~1 s it takes (even on the worker thread), which
        would otherwise freeze the first article window opened."""
        if not self._runner.is_shut_down:
            self._runner.submit(preload_dictionary)

    @Slot()
    def _first_paint_done(self) -> None:
        self.first_paint = None
        if self.window is not None:
            self.window.close()  # as the user quits: layout saved, then ``done``

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Closing the main window first closes the article windows, asking about changes.

        The main window would otherwise quit the app under a window with
        unsaved text; its own ``closed`` then ends the app as before.
        """
        if (watched is self.window and event.type() == QEvent.Type.Close
                and not self._quitting and self.articles is not None
                and not self.articles.close_all(self._articles_closed)):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def _articles_closed(self) -> None:
        if self.window is not None:
            QTimer.singleShot(0, self.window.close)

    def _offer_recovery(self, found: list[AutosaveView]) -> None:
        if found and self.window is not None and self.articles is not None:
            log.info("offering %d unsaved text(s) for recovery", len(found))
            dialog = RecoveryDialog(self._runner, self.window.user, found, self.window)
            dialog.recover_requested.connect(self.articles.recover)
            dialog.finished.connect(self._recovery_finished)
            self.recovery_dialog = dialog
            dialog.open()
        self._run_test_script()

    @Slot()
    def _recovery_finished(self) -> None:
        dialog, self.recovery_dialog = self.recovery_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _run_test_script(self) -> None:
        path = os.environ.get(TEST_SCRIPT_ENV)
        if not path:
            return
        log.warning("%s: running %s", TEST_SCRIPT_ENV, path)

        def run() -> None:
            try:
                runpy.run_path(path, init_globals={
                    "startup": self, "window": self.window, "articles": self.articles,
                    "recovery": self.recovery_dialog, "app": QApplication.instance(),
                    "wait_until": wait_until})
            except Exception:  # a broken test script is reported, not fatal
                log.exception("%s failed", TEST_SCRIPT_ENV)
                print(f"{TEST_SCRIPT_ENV} failed; see the log", file=sys.stderr, flush=True)

        QTimer.singleShot(0, run)

    @Slot()
    def _window_closed(self) -> None:
        self.done.emit(0)

    def close_all(self) -> None:
        """Close whatever start-up has open; the main window saves its layout.

        Article windows close without asking (their unsaved text goes to the
        autosave table), and the last writes are waited for: the runner drops
        queued tasks when it shuts down.
        """
        self._quitting = True
        if self.recovery_dialog is not None:
            self.recovery_dialog.reject()
        if self.articles is not None:
            self.articles.force_close_all()
            self._runner.wait(SHUTDOWN_WAIT_MS)
        if self.window is not None and self.window.isVisible():
            self.window.close()
        if self.dialog is not None:
            self.dialog.reject()
        if self.error_box is not None:
            self.error_box.close()

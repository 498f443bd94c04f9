"""Who is working: create the first user of a new database, or pick a local user.

Users are local to the office (no passwords: the PC login already says who sits
there); the dialogs only choose which account the app acts as, so reviews and
the audit log name the right person.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsroom.domain.roles import Role
from newsroom.domain.workflow import role_label
from newsroom.services import users
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from ui.settings import LAST_USER_KEY, app_settings, read_str
from ui.tasks import TaskRunner

DEFAULT_SIGNATURE = "Управління у справах преси та інформації"
"""The unit's name printed under articles on the (Ukrainian) site: data, not UI text."""

ERROR_STYLE = "color: #b3261e;"


def create_first_admin(db: Database, login: str, display_name: str,
                       signature: str) -> UserView:
    """Worker-thread half of :class:`FirstUserDialog`.

    The count is checked in the same transaction so that a second PC, which
    saw the same empty database, cannot quietly add another administrator.
    """
    with db.uow() as uow:
        user = users.add_first_admin(uow, login, display_name, signature)
        uow.commit()
        return user


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class FirstUserDialog(QDialog):
    """Creates the administrator of an empty database.

    The service is the judge of what a valid login is; its message is shown
    under the fields and the dialog stays open, so a typo costs nothing.
    """

    def __init__(self, runner: TaskRunner, login: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._pending: int | None = None
        self.user: UserView | None = None
        self.setWindowTitle(self.tr("Create the first user"))

        intro = QLabel(self.tr("This database has no users yet. Create your account: you "
                               "will be the administrator and can add the others."), self)
        intro.setWordWrap(True)

        self.login_edit = QLineEdit(login, self)
        self.login_edit.setPlaceholderText(self.tr("e.g. olena"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("e.g. Olena Petrenko"))
        self.signature_edit = QLineEdit(DEFAULT_SIGNATURE, self)
        role = QLabel(role_label(Role.ADMIN), self)

        form = QFormLayout()
        form.addRow(self.tr("&Login:"), self.login_edit)
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Signature:"), self.signature_edit)
        form.addRow(self.tr("Role:"), role)

        self.error_label = _error_label(self)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("C&reate"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.login_edit.textEdited.connect(self._clear_error)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)
        self.resize(520, self.sizeHint().height())

    @property
    def busy(self) -> bool:
        return self._pending is not None

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.login_edit, self.name_edit, self.signature_edit, self.buttons):
            widget.setEnabled(not busy)

    @Slot()
    def _submit(self) -> None:
        if self._pending is not None:
            return
        self._clear_error()
        self._pending = self._runner.submit(create_first_admin, self.login_edit.text(),
                                            self.name_edit.text(), self.signature_edit.text())
        self._set_busy(True)

    @Slot()
    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def reject(self) -> None:
        """Esc or closing mid-save would hide a user who is being created anyway."""
        if not self.busy:
            super().reject()

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        if task_id != self._pending:
            return
        assert isinstance(result, UserView)
        self._pending = None
        self.user = result
        app_settings().setValue(LAST_USER_KEY, result.login)
        self.accept()

    @Slot(int, str)
    def _on_failed(self, task_id: int, message: str) -> None:
        if task_id != self._pending:
            return
        self._pending = None
        self._set_busy(False)
        self.error_label.setText(message)
        self.error_label.show()
        self.login_edit.setFocus()
        self.login_edit.selectAll()


def _user_line(user: UserView) -> str:
    return f"{user.display_name} ({user.login}) — {role_label(user.role)}"


class PickUserDialog(QDialog):
    """Chooses one of the database's active users; the last one is preselected.

    ``error`` explains why the dialog is shown at all when ``--user`` named
    someone who does not exist (a typo in a desktop shortcut).
    """

    def __init__(self, people: Sequence[UserView], error: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._users = [u for u in people if u.active]
        self.setWindowTitle(self.tr("Sign in"))

        intro = QLabel(self.tr("Who is working at this computer?"), self)
        self.user_list = QListWidget(self)
        for index, user in enumerate(self._users):
            item = QListWidgetItem(_user_line(user), self.user_list)
            item.setData(Qt.ItemDataRole.UserRole, index)

        self.error_label = _error_label(self)
        if error:
            self.error_label.setText(error)
            self.error_label.show()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Sign in"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.user_list)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        if not self._users:
            self.error_label.setText(self.tr("Every user of this database is deactivated. "
                                             "Ask the administrator to reactivate your account."))
            self.error_label.show()
        self._preselect(read_str(app_settings(), LAST_USER_KEY))
        self.user_list.currentRowChanged.connect(self._update_ok)
        self.user_list.itemActivated.connect(self.accept)
        self._update_ok()
        self.resize(440, 360)

    def _preselect(self, login: str | None) -> None:
        if not self._users:
            return
        row = next((i for i, u in enumerate(self._users) if u.login == login), 0)
        self.user_list.setCurrentRow(row)

    @Slot()
    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.selected_user is not None)

    @property
    def selected_user(self) -> UserView | None:
        row = self.user_list.currentRow()
        return self._users[row] if 0 <= row < len(self._users) else None

    def accept(self) -> None:
        user = self.selected_user
        if user is None:
            return
        app_settings().setValue(LAST_USER_KEY, user.login)
        super().accept()

"""«Site → Sites…»: the websites the queue publishes to.

Everyone may look (an editor wants to know why a site is paused); only an
administrator may change anything, and the service checks that again. A
WordPress application password is typed into a password field and handed to
:func:`sites.add_wordpress` / :func:`sites.set_password` as a task argument
only: those put it in the OS keyring. It is never kept in the dialog, in
QSettings, in a log line or in the database.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsroom.domain.roles import Role
from newsroom.services import sites
from newsroom.services.sites import SiteView
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from ui.tasks import TaskClient, TaskRunner

ERROR_STYLE = "color: #b3261e;"


def load_sites(db: Database) -> list[SiteView]:
    with db.uow() as uow:
        return sites.list_sites(uow)


def add_wordpress_site(db: Database, actor_id: int, name: str, url: str, login: str,
                       password: str) -> SiteView:
    with db.uow() as uow:
        site = sites.add_wordpress(uow, actor_id, name, url, login, password)
        uow.commit()
        return site


def add_static_site(db: Database, actor_id: int, name: str, folder: str) -> SiteView:
    with db.uow() as uow:
        site = sites.add_static(uow, actor_id, name, folder)
        uow.commit()
        return site


def set_site_password(db: Database, actor_id: int, site_id: int, password: str) -> SiteView:
    with db.uow() as uow:
        site = sites.set_password(uow, actor_id, site_id, password)
        uow.commit()
        return site


def set_site_enabled(db: Database, actor_id: int, site_id: int, enabled: bool) -> SiteView:
    with db.uow() as uow:
        site = sites.set_enabled(uow, actor_id, site_id, enabled)
        uow.commit()
        return site


class SiteForm(QDialog):
    """A small form whose OK asks the owner to save; it stays open with the reason
    when the service refuses, so nothing typed is lost."""

    submitted = Signal()

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)  # room for an address and the hint without wrapping a word
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def line(self, label: str, name: str, placeholder: str = "",
             password: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, edit)
        return edit

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error_label.setText(message[:1].upper() + message[1:])
        self.error_label.show()

    @Slot()
    def _submit(self) -> None:
        self.error_label.hide()
        self.set_busy(True)
        self.submitted.emit()


class SitesDialog(QDialog):
    """The sites table and, for administrators, the buttons that change it;
    ``sites_changed()`` after every change (the publisher sends at once)."""

    sites_changed = Signal()

    def __init__(self, runner: TaskRunner, user: UserView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sitesDialog")
        self.setWindowTitle(self.tr("Sites"))
        self._user = user
        self._client = TaskClient(runner, self)
        self._sites: list[SiteView] = []
        self._busy = False
        self.form: SiteForm | None = None

        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("sitesTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Kind"), self.tr("Address or folder"), self.tr("On"),
            self.tr("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # a pause reason is the longest text
        self.table.setColumnWidth(2, 260)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.add_wordpress_button = QPushButton(self.tr("Add a &WordPress site…"), self)
        self.add_static_button = QPushButton(self.tr("Add a st&atic site…"), self)
        self.password_button = QPushButton(self.tr("New &password…"), self)
        self.toggle_button = QPushButton(self.tr("Switch o&ff"), self)
        self.add_wordpress_button.clicked.connect(self.ask_wordpress)
        self.add_static_button.clicked.connect(self.ask_static)
        self.password_button.clicked.connect(self.ask_password)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.admin_buttons = (self.add_wordpress_button, self.add_static_button,
                              self.password_button, self.toggle_button)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("sitesMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if not self.can_change:
            self._show(self.tr("Only an administrator may change the websites."))
            for button in self.admin_buttons:
                button.setToolTip(self.tr("Only an administrator may change the websites"))

        row = QHBoxLayout()
        for button in self.admin_buttons:
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message_label)
        layout.addWidget(close)
        self.resize(820, 360)
        self._update_buttons()
        self.refresh()

    @property
    def can_change(self) -> bool:
        return self._user.role.at_least(Role.ADMIN)

    @property
    def sites(self) -> list[SiteView]:
        return list(self._sites)

    def selected_site(self) -> SiteView | None:
        rows = self.table.selectionModel().selectedRows()
        return self._sites[rows[0].row()] if rows else None

    def select_site(self, site_id: int) -> bool:
        for row, site in enumerate(self._sites):
            if site.id == site_id:
                self.table.selectRow(row)
                return True
        return False

    @Slot()
    def _update_buttons(self) -> None:
        site = self.selected_site()
        ready = self.can_change and not self._busy
        self.add_wordpress_button.setEnabled(ready)
        self.add_static_button.setEnabled(ready)
        self.password_button.setEnabled(ready and site is not None and site.kind == "wordpress")
        self.toggle_button.setEnabled(ready and site is not None)
        self.toggle_button.setText(self.tr("Switch o&ff") if site is None or site.enabled
                                   else self.tr("Switch o&n"))

    # ----------------------------------------------------------------- list

    @Slot()
    def refresh(self) -> None:
        self._client.submit(self._loaded, self._failed, load_sites)

    def _loaded(self, found: object) -> None:
        assert isinstance(found, list)
        selected = self.selected_site()
        self._sites = found
        kinds = {"wordpress": "WordPress", "static": self.tr("static (folder)")}
        self.table.setRowCount(len(found))
        for row, site in enumerate(found):
            assert isinstance(site, SiteView)
            state = (self.tr("paused: {reason}").format(reason=site.paused_reason)
                     if site.paused_reason else "")
            cells = (site.name, kinds.get(site.kind, site.kind), site.url or site.path,
                     self.tr("yes") if site.enabled else self.tr("no"), state)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        for column in (0, 1, 3):
            self.table.resizeColumnToContents(column)
        if selected is not None:
            self.select_site(selected.id)
        self._update_buttons()

    def _failed(self, message: str) -> None:
        self._busy = False
        self._show(message[:1].upper() + message[1:], error=True)
        self._update_buttons()

    def _show(self, text: str, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(ERROR_STYLE if error else "")

    # -------------------------------------------------------------- changes

    def _open_form(self, form: SiteForm, save: Callable[[], None]) -> None:
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.submitted.connect(save)
        form.finished.connect(self._form_closed)
        self.form = form
        form.open()

    @Slot()
    def _form_closed(self) -> None:
        self.form = None

    def _save(self, form: SiteForm, fn: Callable[..., object], *args: object) -> None:
        """Run one change; the form closes when it succeeded, else shows why."""
        def done(result: object) -> None:
            assert isinstance(result, SiteView)
            if self.form is form:
                form.accept()
            self._show(self.tr("Saved: {name}.").format(name=result.name))
            self.refresh()
            self.sites_changed.emit()

        def failed(message: str) -> None:
            if self.form is form:  # not closed (and deleted) meanwhile
                form.show_error(message)
            else:
                self._failed(message)

        if self._client.submit(done, failed, fn, self._user.id, *args) is None:
            form.show_error(self.tr("Newsroom is closing."))

    @Slot()
    def ask_wordpress(self) -> None:
        form = SiteForm(self.tr("Add a WordPress site"), self)
        form.setObjectName("wordpressForm")
        name = form.line(self.tr("&Name:"), "siteName", self.tr("e.g. Regional administration"))
        url = form.line(self.tr("&Address:"), "siteUrl", "https://")
        login = form.line(self.tr("&Login:"), "siteLogin")
        password = form.line(self.tr("Application &password:"), "sitePassword", password=True)
        hint = QLabel(self.tr("Create an application password in WordPress: Users → Profile → "
                              "Application Passwords. It is kept in the system keyring."), form)
        hint.setWordWrap(True)
        form.form.addRow(hint)
        self._open_form(form, lambda: self._save(
            form, add_wordpress_site, name.text(), url.text(), login.text(), password.text()))

    @Slot()
    def ask_static(self) -> None:
        form = SiteForm(self.tr("Add a static site"), self)
        form.setObjectName("staticForm")
        name = form.line(self.tr("&Name:"), "siteName")
        folder = QLineEdit(form)
        folder.setObjectName("siteFolder")
        choose = QPushButton(self.tr("&Choose…"), form)
        row = QHBoxLayout()
        row.addWidget(folder, 1)
        row.addWidget(choose)
        form.form.addRow(self.tr("&Folder:"), row)

        def pick() -> None:
            chooser = QFileDialog(form, self.tr("Folder of the static site"), folder.text())
            chooser.setFileMode(QFileDialog.FileMode.Directory)
            chooser.setOption(QFileDialog.Option.ShowDirsOnly, True)
            chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            chooser.fileSelected.connect(folder.setText)
            chooser.open()

        choose.clicked.connect(pick)
        self._open_form(form, lambda: self._save(form, add_static_site, name.text(),
                                                 folder.text()))

    @Slot()
    def ask_password(self) -> None:
        site = self.selected_site()
        if site is None or site.kind != "wordpress":
            return
        form = SiteForm(self.tr("New password for {name}").format(name=site.name), self)
        form.setObjectName("passwordForm")
        note = QLabel(self.tr("Login {login} at {url}.").format(login=site.login, url=site.url),
                      form)
        note.setWordWrap(True)
        form.form.addRow(note)
        password = form.line(self.tr("Application &password:"), "sitePassword", password=True)
        if site.paused_reason:
            form.form.addRow(QLabel(self.tr("Sending resumes once it is saved."), form))
        site_id = site.id
        self._open_form(form, lambda: self._save(form, set_site_password, site_id,
                                                 password.text()))

    @Slot()
    def toggle_selected(self) -> None:
        site = self.selected_site()
        if site is None or self._busy or not self.can_change:
            return
        self._busy = True
        self._update_buttons()

        def done(result: object) -> None:
            self._busy = False
            assert isinstance(result, SiteView)
            self._show(self.tr("{name} is switched on.").format(name=result.name)
                       if result.enabled else
                       self.tr("{name} is switched off: nothing is sent to it.").format(
                           name=result.name))
            self.refresh()
            self.sites_changed.emit()

        if self._client.submit(done, self._failed, set_site_enabled, self._user.id, site.id,
                               not site.enabled) is None:
            self._busy = False

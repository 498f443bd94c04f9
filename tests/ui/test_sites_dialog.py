"""The sites dialog over a real SQLite file and the test keyring (a file standing for
the OS keyring, see tests/conftest.py): adding static and WordPress sites, a new
password for a paused site, switching sites on and off, and read-only for others."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from newsroom.services import sites
from newsroom.services.sites import SiteView
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from tests.ui.conftest import type_text
from tests.ui.test_publisher import Team, make_team
from ui.dialogs.sites_dialog import SiteForm, SitesDialog
from ui.tasks import TaskRunner

WAIT = 10_000
URL = "https://oda.example.gov.ua"
PASSWORD = "abcd EFGH 1234 ijkl MNOP 5678"  # the shape of a WordPress application password


@pytest.fixture
def team(sqlite_db: Database) -> Team:
    return make_team(sqlite_db)


DialogFactory = Callable[[UserView], SitesDialog]


@pytest.fixture
def open_dialog(qtbot: QtBot, runner: TaskRunner) -> Iterator[DialogFactory]:
    opened: list[SitesDialog] = []

    def make(user: UserView) -> SitesDialog:
        dialog = SitesDialog(runner, user)
        opened.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: not runner.is_shut_down and runner.wait(0), timeout=WAIT)
        return dialog

    yield make
    for dialog in opened:
        dialog.close()


def stored_sites(database: Database) -> list[SiteView]:
    with database.uow() as uow:
        return sites.list_sites(uow)


def form_of(dialog: SitesDialog) -> SiteForm:
    form = dialog.form
    assert form is not None and form.isVisible()
    return form


def edit(form: SiteForm, name: str) -> QLineEdit:
    found = form.findChild(QLineEdit, name)
    assert isinstance(found, QLineEdit), name
    return found


def ok(form: SiteForm) -> None:
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def cell(dialog: SitesDialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    return item.text() if item is not None else ""


def files_under(*roots: Path) -> list[Path]:
    return [path for root in roots if root.exists()
            for path in ([root] if root.is_file() else root.rglob("*")) if path.is_file()]


def test_an_admin_adds_a_static_site(qtbot: QtBot, open_dialog: DialogFactory,
                                     sqlite_db: Database, team: Team, tmp_path: Path,
                                     uk: None) -> None:
    dialog = open_dialog(team.admin)
    assert dialog.windowTitle() == "Сайти"
    assert dialog.table.rowCount() == 0
    dialog.add_static_button.click()
    form = form_of(dialog)
    type_text(qtbot, edit(form, "siteName"), "Архів районної газети")
    edit(form, "siteFolder").setText(str(tmp_path / "archive"))
    with qtbot.waitSignal(dialog.sites_changed, timeout=WAIT):
        ok(form)
    qtbot.waitUntil(lambda: dialog.form is None and dialog.table.rowCount() == 1, timeout=WAIT)
    [site] = stored_sites(sqlite_db)
    assert (site.name, site.kind, site.enabled) == ("Архів районної газети", "static", True)
    assert site.path == str((tmp_path / "archive").resolve())
    cells = [cell(dialog, 0, c) for c in range(dialog.table.columnCount())]
    assert cells == ["Архів районної газети", "статичний (тека)", site.path, "так", ""]


def test_an_admin_adds_a_wordpress_site_and_the_password_goes_only_to_the_keyring(
        qtbot: QtBot, open_dialog: DialogFactory, sqlite_db: Database, team: Team,
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    dialog = open_dialog(team.admin)
    dialog.add_wordpress_button.click()
    form = form_of(dialog)
    type_text(qtbot, edit(form, "siteName"), "Сайт ОДА")
    qtbot.keyClicks(edit(form, "siteUrl"), URL)
    qtbot.keyClicks(edit(form, "siteLogin"), "press")
    password = edit(form, "sitePassword")
    assert password.echoMode() is QLineEdit.EchoMode.Password
    qtbot.keyClicks(password, PASSWORD)
    with qtbot.waitSignal(dialog.sites_changed, timeout=WAIT):
        ok(form)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT)
    [site] = stored_sites(sqlite_db)
    assert (site.name, site.kind, site.url, site.login) == ("Сайт ОДА", "wordpress", URL,
                                                            "press")
    assert keyring.get_password(f"Newsroom:{URL}", "press") == PASSWORD

    sqlite_db.dispose()  # the WAL is written back; every byte of the database is on disk
    database_files = files_under(*tmp_path.glob("newsroom.sqlite3*"))
    settings_files = files_under(tmp_path / "settings")
    assert database_files
    for path in database_files + settings_files:
        assert PASSWORD.encode() not in path.read_bytes(), path
    assert all(PASSWORD not in record.getMessage() for record in caplog.records)


def test_a_refused_address_keeps_the_form_open_and_stores_nothing(
        qtbot: QtBot, open_dialog: DialogFactory, sqlite_db: Database, team: Team,
        uk: None) -> None:
    dialog = open_dialog(team.admin)
    dialog.add_wordpress_button.click()
    form = form_of(dialog)
    type_text(qtbot, edit(form, "siteName"), "Сайт ОДА")
    qtbot.keyClicks(edit(form, "siteUrl"), "http://oda.example.gov.ua")
    qtbot.keyClicks(edit(form, "siteLogin"), "press")
    qtbot.keyClicks(edit(form, "sitePassword"), PASSWORD)
    ok(form)
    qtbot.waitUntil(form.error_label.isVisible, timeout=WAIT)
    assert "https://" in form.error_label.text()
    assert form.isVisible() and edit(form, "sitePassword").text() == PASSWORD
    assert stored_sites(sqlite_db) == []
    assert keyring.get_password("Newsroom:http://oda.example.gov.ua", "press") is None
    form.reject()
    qtbot.waitUntil(lambda: dialog.form is None, timeout=WAIT)


def test_a_new_password_resumes_a_paused_site(qtbot: QtBot, open_dialog: DialogFactory,
                                              sqlite_db: Database, team: Team,
                                              uk: None) -> None:
    with sqlite_db.uow() as uow:
        site = sites.add_wordpress(uow, team.admin.id, "Сайт ОДА", URL, "press", "old one")
        sites.pause(uow, site.id, "сайт відмовив у паролі")
        uow.commit()
    dialog = open_dialog(team.admin)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT)
    assert cell(dialog, 0, 4) == "призупинено: сайт відмовив у паролі"
    assert not dialog.password_button.isEnabled()  # nothing selected yet
    dialog.select_site(site.id)
    assert dialog.password_button.isEnabled()
    dialog.password_button.click()
    form = form_of(dialog)
    assert edit(form, "sitePassword").echoMode() is QLineEdit.EchoMode.Password
    qtbot.keyClicks(edit(form, "sitePassword"), PASSWORD)
    with qtbot.waitSignal(dialog.sites_changed, timeout=WAIT):
        ok(form)
    [stored] = stored_sites(sqlite_db)
    assert stored.paused_reason is None
    assert keyring.get_password(f"Newsroom:{URL}", "press") == PASSWORD
    qtbot.waitUntil(lambda: cell(dialog, 0, 4) == "", timeout=WAIT)


def test_switching_a_site_off_and_on(qtbot: QtBot, open_dialog: DialogFactory,
                                     sqlite_db: Database, team: Team, tmp_path: Path,
                                     uk: None) -> None:
    with sqlite_db.uow() as uow:
        site = sites.add_static(uow, team.admin.id, "Сайт ОДА", tmp_path / "www")
        uow.commit()
    dialog = open_dialog(team.admin)
    qtbot.waitUntil(lambda: dialog.select_site(site.id), timeout=WAIT)
    assert not dialog.password_button.isEnabled()  # a folder has no password
    assert dialog.toggle_button.text() == "&Вимкнути"
    with qtbot.waitSignal(dialog.sites_changed, timeout=WAIT):
        dialog.toggle_button.click()
    assert not stored_sites(sqlite_db)[0].enabled
    qtbot.waitUntil(lambda: cell(dialog, 0, 3) == "ні", timeout=WAIT)
    assert dialog.toggle_button.text() == "&Увімкнути"
    with qtbot.waitSignal(dialog.sites_changed, timeout=WAIT):
        dialog.toggle_button.click()
    assert stored_sites(sqlite_db)[0].enabled


def test_others_only_look(qtbot: QtBot, open_dialog: DialogFactory, sqlite_db: Database,
                          team: Team, tmp_path: Path, uk: None) -> None:
    with sqlite_db.uow() as uow:
        site = sites.add_static(uow, team.admin.id, "Сайт ОДА", tmp_path / "www")
        uow.commit()
    dialog = open_dialog(team.editor)
    qtbot.waitUntil(lambda: dialog.select_site(site.id), timeout=WAIT)
    assert not any(button.isEnabled() for button in dialog.admin_buttons)
    assert dialog.message_label.text() == "Змінювати сайти може лише адміністратор."
    assert dialog.add_static_button.toolTip() == "Змінювати сайти може лише адміністратор"

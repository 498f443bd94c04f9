"""Signing in: the first user of an empty database, picking a user, the start-up flow."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from newsroom.domain.errors import ValidationError
from newsroom.domain.roles import Role
from newsroom.services import users
from newsroom.storage.db import Database
from tests.ui.conftest import add_user, type_text
from ui.app import parse_args, precheck_args
from ui.dialogs.login import DEFAULT_SIGNATURE, FirstUserDialog, PickUserDialog
from ui.settings import LAST_USER_KEY, app_settings, read_str
from ui.startup import Startup
from ui.tasks import TaskRunner


def _users(db: Database) -> list[tuple[str, Role, str, str]]:
    with db.uow() as uow:
        return [(u.login, u.role, u.display_name, u.signature) for u in users.list_users(uow)]


def _click_ok(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def _service_message(db: Database, login: str) -> str:
    """What the service says about ``login``, in the current language; nothing is kept."""
    with db.uow() as uow, pytest.raises(ValidationError) as caught:
        users.add_user(uow, login, Role.ADMIN)
    return caught.value.message


def test_first_user_dialog_creates_an_admin(qtbot: QtBot, runner: TaskRunner,
                                            sqlite_db: Database, uk: None) -> None:
    dialog = FirstUserDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Створення першого користувача"
    assert dialog.signature_edit.text() == DEFAULT_SIGNATURE
    qtbot.keyClicks(dialog.login_edit, "olena")
    type_text(qtbot, dialog.name_edit, "Олена Петренко")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        _click_ok(qtbot, dialog.buttons)
    assert _users(sqlite_db) == [("olena", Role.ADMIN, "Олена Петренко", DEFAULT_SIGNATURE)]
    assert dialog.user is not None and dialog.user.login == "olena"
    assert read_str(app_settings(), LAST_USER_KEY) == "olena"


def test_bad_login_shows_the_service_message_and_creates_nothing(
        qtbot: QtBot, runner: TaskRunner, sqlite_db: Database, uk: None) -> None:
    dialog = FirstUserDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.login_edit, "Bad Login!")
    _click_ok(qtbot, dialog.buttons)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=5000)
    assert dialog.error_label.text() == _service_message(sqlite_db, "Bad Login!")
    assert "Traceback" not in dialog.error_label.text()
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.buttons.isEnabled() and dialog.login_edit.hasFocus()
    assert _users(sqlite_db) == []

    qtbot.keyClicks(dialog.login_edit, "olena")  # the bad login is selected: typing replaces it
    assert not dialog.error_label.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        _click_ok(qtbot, dialog.buttons)
    assert [u[0] for u in _users(sqlite_db)] == ["olena"]


def test_first_user_dialog_refuses_when_someone_was_faster(
        qtbot: QtBot, runner: TaskRunner, sqlite_db: Database, en: None) -> None:
    dialog = FirstUserDialog(runner, login="taras")
    qtbot.addWidget(dialog)
    dialog.show()
    add_user(sqlite_db, "olena", Role.ADMIN)  # another PC, a moment earlier
    _click_ok(qtbot, dialog.buttons)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=5000)
    assert dialog.error_label.text().startswith("someone has just created the first user")
    assert [u[0] for u in _users(sqlite_db)] == ["olena"]


def test_first_user_dialog_stays_open_while_saving(qtbot: QtBot, runner: TaskRunner,
                                                   sqlite_db: Database) -> None:
    gate = threading.Event()
    runner.submit(lambda db: gate.wait(10))  # the one worker is busy: the save queues
    dialog = FirstUserDialog(runner, login="olena")
    qtbot.addWidget(dialog)
    dialog.show()
    _click_ok(qtbot, dialog.buttons)
    assert dialog.busy and not dialog.buttons.isEnabled()
    dialog.reject()  # Esc
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        gate.set()
    assert [u[0] for u in _users(sqlite_db)] == ["olena"]


def test_pick_user_dialog_preselects_the_last_user(qtbot: QtBot, runner: TaskRunner,
                                                   sqlite_db: Database, uk: None) -> None:
    add_user(sqlite_db, "ivan", Role.REVIEWER, "Іван Мельник")
    add_user(sqlite_db, "olena", Role.WRITER, "Олена Петренко")
    app_settings().setValue(LAST_USER_KEY, "olena")
    with sqlite_db.uow() as uow:
        people = users.list_users(uow)
    dialog = PickUserDialog(people)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Вхід"
    assert dialog.user_list.count() == 2
    assert dialog.user_list.item(0).text().startswith("Іван Мельник (ivan) — ")
    selected = dialog.selected_user
    assert selected is not None and selected.login == "olena"
    assert not dialog.error_label.isVisible()

    dialog.user_list.setCurrentRow(0)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        _click_ok(qtbot, dialog.buttons)
    assert read_str(app_settings(), LAST_USER_KEY) == "ivan"


# ------------------------------------------------------------------- start-up


def _start(qtbot: QtBot, runner: TaskRunner, login: str | None) -> Startup:
    startup = Startup(runner, login=login)
    startup.start()
    qtbot.waitUntil(lambda: startup.dialog is not None or startup.window is not None
                    or startup.error_box is not None, timeout=10_000)
    return startup


def _finish(qtbot: QtBot, startup: Startup) -> None:
    with qtbot.waitSignal(startup.done, timeout=5000):
        startup.close_all()


def test_startup_on_an_empty_database_creates_the_first_user(
        qtbot: QtBot, tmp_path: Path, make_runner: Callable[[Database], TaskRunner],
        uk: None) -> None:
    db = Database(f"sqlite:///{(tmp_path / 'new' / 'newsroom.sqlite3').as_posix()}")
    try:
        startup = _start(qtbot, make_runner(db), login="nadiia")  # migrates the new file
        dialog = startup.dialog
        assert isinstance(dialog, FirstUserDialog)
        assert dialog.login_edit.text() == "nadiia"  # --user suggests the login
        type_text(qtbot, dialog.name_edit, "Надія Шевчук")
        _click_ok(qtbot, dialog.buttons)
        qtbot.waitUntil(lambda: startup.window is not None, timeout=5000)
        assert startup.window is not None and startup.window.user.role is Role.ADMIN
        assert startup.window.windowTitle() == "Редакція"
        qtbot.waitUntil(lambda: not startup.window.model.is_loading, timeout=5000)  # type: ignore[union-attr]
        _finish(qtbot, startup)
    finally:
        db.dispose()


def test_startup_with_a_known_user_opens_the_window(qtbot: QtBot, runner: TaskRunner,
                                                    sqlite_db: Database) -> None:
    add_user(sqlite_db, "olena")
    startup = _start(qtbot, runner, login="olena")
    assert startup.dialog is None
    assert startup.window is not None and startup.window.user.login == "olena"
    qtbot.waitUntil(lambda: not startup.window.model.is_loading, timeout=5000)  # type: ignore[union-attr]
    _finish(qtbot, startup)


def test_startup_with_an_unknown_user_asks_who(qtbot: QtBot, runner: TaskRunner,
                                               sqlite_db: Database) -> None:
    add_user(sqlite_db, "olena")
    startup = _start(qtbot, runner, login="olna")
    dialog = startup.dialog
    assert isinstance(dialog, PickUserDialog)
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "no such user 'olna'"
    with qtbot.waitSignal(startup.done, timeout=2000) as blocker:
        dialog.reject()  # Cancel quits
    assert blocker.args == [0]
    assert startup.window is None


def test_startup_reports_a_broken_database(qtbot: QtBot, tmp_path: Path,
                                           make_runner: Callable[[Database], TaskRunner],
                                           en: None) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    db = Database(f"sqlite:///{path.as_posix()}")
    try:
        startup = _start(qtbot, make_runner(db), login=None)
        box = startup.error_box
        assert box is not None and box.isVisible()
        assert box.text() == "The database could not be opened."
        assert "Database error: file is not a database" in box.informativeText()
        assert "Traceback" not in box.informativeText()
        with qtbot.waitSignal(startup.done, timeout=2000) as blocker:
            box.close()
        assert blocker.args == [1]
    finally:
        db.dispose()


def test_command_line() -> None:
    args = parse_args(["--db", "sqlite:///x.sqlite3", "--lang", "en", "--user", "olena"])
    assert (args.db, args.lang, args.user) == ("sqlite:///x.sqlite3", "en", "olena")
    assert parse_args([]).lang is None  # then NEWSROOM_LANG, else Ukrainian
    with pytest.raises(SystemExit):
        parse_args(["--lang", "fr"])
    with pytest.raises(SystemExit):
        parse_args(["--frobnicate"])
    precheck_args(["-platform", "offscreen", "--lang", "en"])  # Qt's arguments pass
    with pytest.raises(SystemExit):
        precheck_args(["-platform", "offscreen", "--lang", "fr"])

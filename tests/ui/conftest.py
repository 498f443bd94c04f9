"""Qt test set-up: offscreen, isolated settings and caches, no leaked windows.

The platform must be chosen before any QApplication exists, hence at import
time. Every test gets its own QSettings folder, so geometry saved by one test
never shapes the next, and nothing touches the real user's settings.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from newsroom.domain.roles import Role
from newsroom.services import articles, users
from newsroom.services.articles import Draft
from newsroom.storage import migrate
from newsroom.storage.db import Database
from ui import i18n
from ui.tasks import TaskRunner

HERE = Path(__file__).resolve().parent

# The offscreen platform plugin cannot resize native windows and says so, as a
# Qt warning, whenever a window with a layout is shown. It is the test platform
# talking, not the app: ignore exactly that line, keep failing on the rest.
OFFSCREEN_NOISE = r"^This plugin does not support propagateSizeHints\(\)$"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, extend=True))


@pytest.fixture(scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _qt_isolation(qapp: QApplication, tmp_path: Path, _cache_dir: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Temporary settings and cache; afterwards, no top-level widget may survive."""
    monkeypatch.setenv("NEWSROOM_CACHE_DIR", str(_cache_dir))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    leaked = [f"{type(w).__name__}({w.objectName()!r})" for w in QApplication.topLevelWidgets()]
    assert not leaked, f"top-level widgets left behind: {leaked}"


@pytest.fixture
def uk(qapp: QApplication) -> Iterator[None]:
    """The Ukrainian interface, as the app starts by default."""
    i18n.install("uk")
    yield
    i18n.install("en")


@pytest.fixture
def en(qapp: QApplication) -> Iterator[None]:
    i18n.install("en")
    yield


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated SQLite file, as the app creates on first start."""
    database = Database(f"sqlite:///{(tmp_path / 'newsroom.sqlite3').as_posix()}")
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def make_runner(qapp: QApplication) -> Iterator[Callable[[Database], TaskRunner]]:
    """Task runners that are shut down (their thread joined) after the test."""
    made: list[TaskRunner] = []

    def make(database: Database) -> TaskRunner:
        runner = TaskRunner(database)
        made.append(runner)
        return runner

    yield make
    for runner in made:
        runner.shutdown()


@pytest.fixture
def runner(sqlite_db: Database, make_runner: Callable[[Database], TaskRunner]) -> TaskRunner:
    return make_runner(sqlite_db)


def add_user(database: Database, login: str = "olena", role: Role = Role.WRITER,
             name: str = "Олена Петренко") -> int:
    with database.uow() as uow:
        user_id = users.add_user(uow, login, role, name,
                                 "Управління у справах преси та інформації").id
        uow.commit()
    return user_id


def add_articles(database: Database, author_id: int, titles: list[str],
                 section: str | None = None) -> list[int]:
    with database.uow() as uow:
        ids = [articles.create(uow, author_id, Draft(title=title, section=section)).id
               for title in titles]
        uow.commit()
    return ids


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a person: ``qtbot.keyClicks`` for ASCII, key events carrying text otherwise.

    QTest.keyClicks maps each character to a key code through an ASCII table and
    aborts the whole test process on anything else, so Cyrillic goes as
    Key_unknown events with the character as their text, as a Ukrainian keyboard
    layout delivers it.
    """
    run = ""
    for char in text + "\0":
        if char.isascii() and char != "\0":
            run += char
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        if char != "\0":
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                               Qt.KeyboardModifier.NoModifier)

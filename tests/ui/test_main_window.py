"""The main window over a real SQLite file: list, empty state, filter, layout memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action, status_label
from newsroom.services import users, workflow
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from tests.ui.conftest import add_articles, add_user
from ui.models.article_table import Column
from ui.startup import describe_database
from ui.tasks import TaskRunner
from ui.widgets.main_window import MainWindow

EMPTY_UK = ("Статей ще немає. Створіть першу статтю або імпортуйте архів: "
            "python -m newsroom article import ФАЙЛ")
EMPTY_EN = ("No articles yet. Create the first article or import an archive: "
            "python -m newsroom article import FILE")

WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def user(sqlite_db: Database) -> UserView:
    add_user(sqlite_db, "olena", Role.ADMIN)
    with sqlite_db.uow() as uow:
        return users.get_by_login(uow, "olena")


@pytest.fixture
def open_window(qtbot: QtBot, runner: TaskRunner, sqlite_db: Database,
                user: UserView) -> Iterator[WindowFactory]:
    """Opens main windows and waits for their first page; closes them afterwards."""
    opened: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(runner, user, describe_database(sqlite_db))
        opened.append(window)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: not window.model.is_loading, timeout=10_000)
        return window

    yield make
    for window in opened:
        window.close()


def _titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.data(model.index(r, Column.TITLE)) for r in range(model.rowCount())]


def _menus(window: MainWindow) -> list[QMenu]:
    return [menu for action in window.menuBar().actions()
            if isinstance(menu := action.menu(), QMenu)]


def _menu_actions(window: MainWindow) -> list[str]:
    return [action.text() for menu in _menus(window) for action in menu.actions()
            if not action.isSeparator()]


def test_fresh_database_opens_in_ukrainian_with_the_empty_state(
        open_window: WindowFactory, sqlite_db: Database, uk: None) -> None:
    window = open_window()
    assert window.windowTitle() == "Редакція"
    assert window.stack.currentWidget() is window.message_label
    assert window.message_label.isVisible()
    assert window.message_label.text() == EMPTY_UK
    assert window.count_label.text() == "0 статей"
    assert [a.text() for a in window.menuBar().actions()] == ["&Файл", "&Вигляд", "&Довідка"]
    assert _menu_actions(window) == ["&Нова стаття", "&Оновити", "&Вийти", "&Черга публікації",
                                     "&Про програму «Редакція»"]
    assert all(a.isEnabled() for menu in _menus(window) for a in menu.actions())
    assert window.refresh_action.shortcut().toString() == "F5"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.user_label.text().startswith("Олена Петренко (")
    path = sqlite_db.engine.url.database
    assert window.database_label.text() == f"SQLite: {path}"
    assert window.status_combo.itemText(0) == "Усі статуси (крім кошика)"


def test_articles_from_the_services_are_listed(open_window: WindowFactory, sqlite_db: Database,
                                               user: UserView, uk: None) -> None:
    add_articles(sqlite_db, user.id, ["Перша новина", "Друга новина", "Третя новина"])
    window = open_window()
    assert window.stack.currentWidget() is window.table
    assert _titles(window) == ["Третя новина", "Друга новина", "Перша новина"]
    model = window.model
    assert model.data(model.index(0, Column.STATUS)) == status_label(Status.DRAFT)
    assert model.data(model.index(0, Column.AUTHOR)) == "Олена Петренко"
    assert window.count_label.text() == "3 статті"


def test_status_filter_in_the_window(qtbot: QtBot, open_window: WindowFactory,
                                     sqlite_db: Database, user: UserView, uk: None) -> None:
    [submitted, _draft] = add_articles(sqlite_db, user.id, ["Подана", "Чернетка"])
    with sqlite_db.uow() as uow:
        workflow.transition(uow, user.id, submitted, Action.SUBMIT)
        uow.commit()
    window = open_window()
    combo = window.status_combo
    with qtbot.waitSignal(window.model.pageLoaded, timeout=10_000):
        combo.setCurrentIndex(combo.findData(Status.IN_REVIEW.value))
    assert _titles(window) == ["Подана"]

    with qtbot.waitSignal(window.model.pageLoaded, timeout=10_000):
        combo.setCurrentIndex(combo.findData(Status.PUBLISHED.value))
    assert window.message_label.text() == (
        f"Немає статей зі статусом «{status_label(Status.PUBLISHED)}».")

    with qtbot.waitSignal(window.model.pageLoaded, timeout=10_000):
        combo.setCurrentIndex(0)
    assert sorted(_titles(window)) == ["Подана", "Чернетка"]


def test_f5_shows_articles_added_meanwhile(qtbot: QtBot, open_window: WindowFactory,
                                           sqlite_db: Database, user: UserView) -> None:
    window = open_window()
    assert window.model.rowCount() == 0
    add_articles(sqlite_db, user.id, ["Нова стаття з іншого ПК"])
    window.activateWindow()
    with qtbot.waitSignal(window.model.pageLoaded, timeout=10_000):
        qtbot.keyClick(window.table, Qt.Key.Key_F5)
    assert _titles(window) == ["Нова стаття з іншого ПК"]
    assert window.stack.currentWidget() is window.table


def test_quit_closes_the_window(qtbot: QtBot, open_window: WindowFactory) -> None:
    window = open_window()
    with qtbot.waitSignal(window.closed, timeout=2000):
        window.quit_action.trigger()
    assert not window.isVisible()


def test_about_box(qtbot: QtBot, open_window: WindowFactory, uk: None) -> None:
    window = open_window()
    window.about_action.trigger()
    box = window.findChild(QMessageBox, "aboutBox")
    assert box is not None and box.isVisible()
    assert box.windowTitle() == "Про програму «Редакція»"
    assert box.text().startswith("Редакція ")
    box.close()


def test_geometry_and_state_are_remembered(qtbot: QtBot, open_window: WindowFactory) -> None:
    first = open_window()
    first.resize(712, 433)  # within the offscreen screen (800x600): restoring clamps to it
    first.toolbar.hide()
    first.table.setColumnWidth(Column.AUTHOR, 222)
    first.close()

    second = open_window()
    assert (second.width(), second.height()) == (712, 433)
    assert second.toolbar.isHidden()
    assert second.table.columnWidth(Column.AUTHOR) == 222


def test_english_interface(open_window: WindowFactory, en: None) -> None:
    window = open_window()
    assert window.windowTitle() == "Newsroom"
    assert window.message_label.text() == EMPTY_EN
    assert _menu_actions(window) == ["&New article", "&Refresh", "&Quit", "Publishing &queue",
                                     "&About Newsroom"]
    assert window.count_label.text() == "0 articles"


def test_scrolling_to_the_end_loads_the_next_page(qtbot: QtBot, open_window: WindowFactory,
                                                  sqlite_db: Database, user: UserView,
                                                  en: None) -> None:
    add_articles(sqlite_db, user.id, [f"Новина {n}" for n in range(230)])
    window = open_window()
    assert window.model.rowCount() == 200
    assert window.count_label.text() == "230 articles found, 200 loaded; scroll down for more"
    with qtbot.waitSignal(window.model.pageLoaded, timeout=10_000):
        window.table.scrollToBottom()  # the view asks the model for more by itself
    assert window.model.rowCount() == 230
    assert not window.model.has_more

"""The main window's list: filters, search, sorting by every column, opening articles,
and lazy paging through 100,000 articles. Real SQLite files; results arrive by signal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import search, users, workflow
from newsroom.services.article_list import SortColumn
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from newsroom.storage.models import Article
from newsroom.storage.types import utcnow
from tests.ui.conftest import add_articles, add_user, type_text
from ui.models.article_table import PAGE_SIZE, Column
from ui.startup import describe_database
from ui.tasks import TaskRunner
from ui.widgets.main_window import MainWindow

WAIT = 10_000


@dataclass(frozen=True)
class Office:
    editor: UserView
    writer: int
    writer2: int
    ids: dict[str, int]


@pytest.fixture
def office(sqlite_db: Database) -> Office:
    """An editor (who signs in), two writers and five articles in three sections."""
    editor_id = add_user(sqlite_db, "nadiia", Role.EDITOR, "Надія Шевчук")
    writer = add_user(sqlite_db, "olena", Role.WRITER, "Олена Петренко")
    writer2 = add_user(sqlite_db, "taras", Role.WRITER, "Тарас Коваль")
    ids: dict[str, int] = {}
    [ids["board"]] = add_articles(sqlite_db, editor_id, ["Засідання колегії ОДА"], "Новини")
    [ids["volunteers"]] = add_articles(sqlite_db, writer,
                                       ["Волонтери передали генератори лікарні"], "Новини")
    [ids["schedule"]] = add_articles(sqlite_db, writer, ["Графік прийому громадян"],
                                     "Оголошення")
    [ids["grants"]] = add_articles(sqlite_db, editor_id, ["Ґранти для об’єднаних громад"],
                                   "Економіка")
    [ids["forum"]] = add_articles(sqlite_db, writer2, ["Інвестиційний форум"])
    with sqlite_db.uow() as uow:
        workflow.transition(uow, writer, ids["volunteers"], Action.SUBMIT)
        workflow.transition(uow, editor_id, ids["grants"], Action.SUBMIT)
        editor = users.get_by_login(uow, "nadiia")
        uow.commit()
    return Office(editor, writer, writer2, ids)


WindowFactory = Callable[[UserView], MainWindow]


@pytest.fixture
def open_window(qtbot: QtBot, runner: TaskRunner,
                sqlite_db: Database) -> Iterator[WindowFactory]:
    """Shows a main window for a user once its first page and filter choices are in."""
    opened: list[MainWindow] = []

    def make(user: UserView) -> MainWindow:
        window = MainWindow(runner, user, describe_database(sqlite_db))
        opened.append(window)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: not window.model.is_loading and window.model.total is not None
                        and window.section_combo.count() > 1, timeout=WAIT)
        return window

    yield make
    for window in opened:
        window.close()


def titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.data(model.index(r, Column.TITLE)) for r in range(model.rowCount())]


def reload(qtbot: QtBot, window: MainWindow, change: Callable[[], object]) -> None:
    """Make a change that re-queries, and wait for the new first page and total
    (the page comes first: it is what the user waits for)."""
    with qtbot.waitSignal(window.model.pageLoaded, timeout=WAIT):
        change()
    qtbot.waitUntil(lambda: window.model.total is not None, timeout=WAIT)


def click_header(qtbot: QtBot, window: MainWindow, column: Column) -> None:
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    reload(qtbot, window, lambda: qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)))


def test_section_author_and_status_filters(qtbot: QtBot, office: Office,
                                           open_window: WindowFactory, uk: None) -> None:
    window = open_window(office.editor)
    assert len(titles(window)) == 5
    sections = [window.section_combo.itemText(i) for i in range(window.section_combo.count())]
    assert sections == ["Усі розділи", "Економіка", "Новини", "Оголошення"]
    authors = [window.author_combo.itemText(i) for i in range(window.author_combo.count())]
    assert authors == ["Усі автори", "Надія Шевчук", "Олена Петренко", "Тарас Коваль"]

    reload(qtbot, window, lambda: window.section_combo.setCurrentText("Новини"))
    assert sorted(titles(window)) == ["Волонтери передали генератори лікарні",
                                      "Засідання колегії ОДА"]
    combo = window.author_combo
    reload(qtbot, window, lambda: combo.setCurrentIndex(combo.findData(office.writer)))
    assert titles(window) == ["Волонтери передали генератори лікарні"]
    assert window.count_label.text() == "1 стаття"

    status = window.status_combo
    reload(qtbot, window, lambda: status.setCurrentIndex(status.findData(Status.DRAFT.value)))
    assert titles(window) == []
    assert window.stack.currentWidget() is window.message_label
    assert window.message_label.text() == "Немає статей, що відповідають пошуку та фільтрам."

    reload(qtbot, window, window.reset_button.click)
    assert len(titles(window)) == 5
    assert window.model.query.section is None and window.model.query.author_id is None
    assert window.count_label.text() == "5 статей"

    reload(qtbot, window, lambda: status.setCurrentIndex(
        status.findData(Status.IN_REVIEW.value)))
    assert sorted(titles(window)) == ["Волонтери передали генератори лікарні",
                                      "Ґранти для об’єднаних громад"]


def test_mine_and_waiting_for_my_review(qtbot: QtBot, office: Office,
                                        open_window: WindowFactory, uk: None) -> None:
    window = open_window(office.editor)
    assert window.mine_button.text() == "&Мої"
    assert window.review_button.text() == "&Чекають моєї перевірки"

    reload(qtbot, window, window.mine_button.click)
    assert sorted(titles(window)) == ["Засідання колегії ОДА", "Ґранти для об’єднаних громад"]
    assert not window.author_combo.isEnabled()

    reload(qtbot, window, window.mine_button.click)
    assert window.author_combo.isEnabled()
    # In review and written by someone else: the editor's own submission is not theirs to judge.
    reload(qtbot, window, window.review_button.click)
    assert titles(window) == ["Волонтери передали генератори лікарні"]


def test_a_writer_has_no_review_inbox(office: Office, open_window: WindowFactory,
                                      sqlite_db: Database) -> None:
    with sqlite_db.uow() as uow:
        writer = users.get_by_login(uow, "olena")
    window = open_window(writer)
    assert window.review_button.isHidden()
    assert window.current_query().waiting_for_review_by is None


def test_search_waits_for_a_pause_in_typing(qtbot: QtBot, office: Office,
                                            open_window: WindowFactory, uk: None) -> None:
    window = open_window(office.editor)
    before = window.model.query
    type_text(qtbot, window.search_edit, "ВОЛОНТЕР")
    # Nothing is asked while the person is still typing...
    assert window.search_timer.isActive()
    assert window.model.query == before
    # ...then one query, which ignores case.
    with qtbot.waitSignal(window.model.pageLoaded, timeout=WAIT):
        pass
    assert window.model.query.search == "ВОЛОНТЕР"
    assert titles(window) == ["Волонтери передали генератори лікарні"]

    # Any apostrophe finds any apostrophe; Enter searches at once.
    window.search_edit.clear()
    type_text(qtbot, window.search_edit, "об'єднаних")
    reload(qtbot, window, lambda: qtbot.keyClick(window.search_edit, Qt.Key.Key_Return))
    assert titles(window) == ["Ґранти для об’єднаних громад"]

    window.search_edit.clear()
    type_text(qtbot, window.search_edit, "неіснуюче слово")
    reload(qtbot, window, lambda: qtbot.keyClick(window.search_edit, Qt.Key.Key_Return))
    assert titles(window) == []
    assert window.message_label.text() == "Немає статей, що відповідають пошуку та фільтрам."


def test_every_column_sorts_in_the_database(qtbot: QtBot, office: Office,
                                            open_window: WindowFactory,
                                            sqlite_db: Database) -> None:
    window = open_window(office.editor)
    expected = {
        Column.TITLE: SortColumn.TITLE, Column.STATUS: SortColumn.STATUS,
        Column.SECTION: SortColumn.SECTION, Column.AUTHOR: SortColumn.AUTHOR,
        Column.UPDATED: SortColumn.UPDATED, Column.SCHEDULED: SortColumn.SCHEDULED,
    }
    for column, key in expected.items():
        if column == Column.UPDATED:
            continue  # the starting order; clicking it flips the direction instead
        click_header(qtbot, window, column)
        assert window.model.query.sort is key, column
        # Text from A; dates newest first.
        assert window.model.query.descending is (column == Column.SCHEDULED)
        assert window.table.horizontalHeader().sortIndicatorSection() == column

    click_header(qtbot, window, Column.AUTHOR)
    model = window.model
    authors = [model.data(model.index(r, Column.AUTHOR)) for r in range(model.rowCount())]
    assert authors == ["Надія Шевчук"] * 2 + ["Олена Петренко"] * 2 + ["Тарас Коваль"]
    click_header(qtbot, window, Column.AUTHOR)
    assert model.query.descending is True
    authors = [model.data(model.index(r, Column.AUTHOR)) for r in range(model.rowCount())]
    assert authors == ["Тарас Коваль"] + ["Олена Петренко"] * 2 + ["Надія Шевчук"] * 2

    click_header(qtbot, window, Column.SECTION)
    sections = [model.data(model.index(r, Column.SECTION)) for r in range(model.rowCount())]
    assert sections == ["Економіка", "Новини", "Новини", "Оголошення", ""]  # none: last

    # Dates open newest first on the first click.
    click_header(qtbot, window, Column.UPDATED)
    assert model.query.sort is SortColumn.UPDATED and model.query.descending is True
    assert titles(window)[0] == "Ґранти для об’єднаних громад"  # submitted last


def test_titles_sort_in_ukrainian_alphabetical_order(qtbot: QtBot, office: Office,
                                                     open_window: WindowFactory,
                                                     sqlite_db: Database) -> None:
    add_articles(sqlite_db, office.writer2, ["Дім", "Ґанок", "Гора", "Євген", "Їжак", "Інна",
                                             "Ірина", "Аптека"], section="Абетка")
    window = open_window(office.editor)
    reload(qtbot, window, lambda: window.section_combo.setCurrentText("Абетка"))
    click_header(qtbot, window, Column.TITLE)
    # Python's code-point order would put Є, І, Ї before А and Ґ after Я.
    assert titles(window) == ["Аптека", "Гора", "Ґанок", "Дім", "Євген", "Інна", "Ірина",
                              "Їжак"]
    click_header(qtbot, window, Column.TITLE)
    assert titles(window)[0] == "Їжак"


def test_the_sort_order_is_remembered(qtbot: QtBot, office: Office,
                                      open_window: WindowFactory) -> None:
    first = open_window(office.editor)
    click_header(qtbot, first, Column.TITLE)
    first.close()
    second = open_window(office.editor)
    assert second.model.query.sort is SortColumn.TITLE
    assert titles(second)[0] == "Волонтери передали генератори лікарні"


def test_enter_or_double_click_opens_the_article(qtbot: QtBot, office: Office,
                                                 open_window: WindowFactory) -> None:
    window = open_window(office.editor)
    opened: list[int] = []
    window.set_article_opener(opened.append)
    window.activateWindow()
    window.table.setFocus()
    window.table.selectRow(1)
    expected = window.model.article_id(1)
    with qtbot.waitSignal(window.open_article_requested, timeout=2000) as blocker:
        qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert blocker.args == [expected]

    index = window.model.index(3, Column.TITLE)
    rect = window.table.visualRect(index)
    with qtbot.waitSignal(window.open_article_requested, timeout=2000) as blocker:
        # A double click is a press followed by the double-click event.
        qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())
    assert blocker.args == [window.model.article_id(3)]
    assert opened == [expected, window.model.article_id(3)]


def test_ctrl_n_asks_for_a_new_article(qtbot: QtBot, office: Office,
                                       open_window: WindowFactory, uk: None) -> None:
    window = open_window(office.editor)
    assert window.new_action.text() == "&Нова стаття"
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    window.activateWindow()
    with qtbot.waitSignal(window.new_article_requested, timeout=2000):
        qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


# --------------------------------------------------------------------- 100,000


def bulk_insert(database: Database, author_id: int, count: int) -> None:
    """100,000 rows in one statement: the services would take minutes to write them."""
    now = utcnow()
    statuses = [Status.DRAFT, Status.PUBLISHED, Status.IN_REVIEW, Status.APPROVED]
    rows = [{"uuid": str(uuid4()), "title": f"Новина області №{n}", "slug": f"novyna-{n}",
             "lead": "", "body": "", "signature": "", "author_id": author_id,
             "status": statuses[n % len(statuses)], "created_at": now - timedelta(minutes=n),
             "updated_at": now - timedelta(minutes=n), "revision": 1, "version": 1}
            for n in range(count)]
    with database.engine.begin() as conn:
        conn.execute(insert(Article), rows)
        ids = conn.execute(select(Article.id, Article.title).where(Article.id.in_(
            select(Article.id).order_by(Article.id.desc()).limit(count)))).all()
        # The lemma index too, in bulk, as the corpus loader does.
        search.index_documents(conn, [(r[0], r[1], "", "") for r in ids])


@pytest.mark.slow
def test_a_hundred_thousand_articles_are_paged_not_loaded(
        qtbot: QtBot, sqlite_db: Database, open_window: WindowFactory, en: None) -> None:
    author = add_user(sqlite_db, "olena", Role.EDITOR)
    add_articles(sqlite_db, author, ["Розділ для фільтра"], section="Новини")
    bulk_insert(sqlite_db, author, 100_000)
    with sqlite_db.uow() as uow:
        user = users.get_by_login(uow, "olena")

    window = open_window(user)
    model = window.model
    assert model.total == 100_001
    assert model.rowCount() == PAGE_SIZE
    assert model.cached_row_count() == PAGE_SIZE
    assert window.count_label.text() == (
        f"100001 articles found, {PAGE_SIZE} loaded; scroll down for more")

    for page in range(2, 6):
        with qtbot.waitSignal(model.pageLoaded, timeout=WAIT) as blocker:
            window.table.scrollToBottom()  # the view asks the model for more by itself
        assert blocker.args == [PAGE_SIZE]
        assert model.rowCount() == page * PAGE_SIZE
        # Only what was fetched is held: no row beyond the pages asked for.
        assert model.cached_row_count() == model.rowCount()
        assert model.has_more
    assert model.data(model.index(model.rowCount() - 1, Column.TITLE)).startswith(
        "Новина області №")

    # Sorting and filtering the whole archive still starts from one page.
    click_header(qtbot, window, Column.TITLE)
    assert model.rowCount() == PAGE_SIZE and model.total == 100_001
    status = window.status_combo
    reload(qtbot, window, lambda: status.setCurrentIndex(
        status.findData(Status.PUBLISHED.value)))
    assert model.rowCount() == PAGE_SIZE and model.total == 25_000
    type_text(qtbot, window.search_edit, "№99997")
    reload(qtbot, window, lambda: qtbot.keyClick(window.search_edit, Qt.Key.Key_Return))
    assert titles(window) == ["Новина області №99997"]
    assert window.count_label.text() == "1 article"

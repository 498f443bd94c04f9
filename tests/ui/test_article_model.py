"""The article table model: pages on demand, Ukrainian labels and dates, status filter.

These run on SQLite and, when the CI provides it, PostgreSQL (the ``db`` fixture).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from newsroom import i18n as core_i18n
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action, status_label
from newsroom.locale_uk import MESSAGES_UK
from newsroom.services import workflow
from newsroom.storage.db import Database
from newsroom.storage.types import utcnow
from newsroom.text.dates import format_article_datetime
from tests.conftest import People
from tests.ui.conftest import add_articles
from ui.models.article_table import ARTICLE_ID_ROLE, ArticleTableModel, Column
from ui.tasks import TaskRunner

RunnerFactory = Callable[[Database], TaskRunner]


def _loaded(qtbot: QtBot, model: ArticleTableModel, start: Callable[[], None]) -> None:
    """Run ``start`` and wait for the page it asks for."""
    with qtbot.waitSignal(model.pageLoaded, timeout=10_000):
        start()
    assert not model.is_loading


def _column(model: ArticleTableModel, column: Column) -> list[str]:
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_pages_of_200_are_fetched_lazily(qtbot: QtBot, db: Database, people: People,
                                         make_runner: RunnerFactory) -> None:
    ids = add_articles(db, people.writer, [f"Новина {n}" for n in range(450)])
    model = ArticleTableModel(make_runner(db))
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())

    _loaded(qtbot, model, model.refresh)
    assert model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())

    _loaded(qtbot, model, lambda: model.fetchMore(QModelIndex()))
    assert model.rowCount() == 400

    with qtbot.waitSignal(model.pageLoaded, timeout=10_000) as blocker:
        model.fetchMore(QModelIndex())
    assert blocker.args == [50]
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())

    shown = [model.data(model.index(row, 0), ARTICLE_ID_ROLE) for row in range(450)]
    assert shown == list(reversed(ids))  # newest first, each once
    assert _column(model, Column.TITLE)[:2] == ["Новина 449", "Новина 448"]


def test_fetch_more_while_a_page_is_loading_asks_once(qtbot: QtBot, db: Database,
                                                      people: People,
                                                      make_runner: RunnerFactory) -> None:
    add_articles(db, people.writer, [f"Новина {n}" for n in range(5)])
    runner = make_runner(db)
    model = ArticleTableModel(runner, page_size=2)
    submitted: list[int] = []
    runner.finished.connect(lambda task_id, _result: submitted.append(task_id))
    with qtbot.waitSignal(model.pageLoaded, timeout=10_000):
        model.fetchMore(QModelIndex())
        model.fetchMore(QModelIndex())  # a view scrolling fast calls this again
    runner.wait()
    qtbot.wait(20)
    assert model.rowCount() == 2
    assert len(submitted) == 1


def test_refresh_drops_a_page_that_is_still_in_flight(qtbot: QtBot, db: Database,
                                                      people: People,
                                                      make_runner: RunnerFactory) -> None:
    add_articles(db, people.writer, ["Перша", "Друга", "Третя"])
    model = ArticleTableModel(make_runner(db))
    model.refresh()
    _loaded(qtbot, model, model.refresh)  # the first answer belongs to a forgotten list
    qtbot.wait(50)
    assert model.rowCount() == 3


def test_cells_show_ukrainian_labels_and_kyiv_dates(qtbot: QtBot, db: Database,
                                                    people: People, make_runner: RunnerFactory,
                                                    uk: None) -> None:
    [draft_id] = add_articles(db, people.writer, ["Засідання круглого столу"], section="Новини")
    [scheduled_id] = add_articles(db, people.writer, ["Графік прийому громадян"])
    at = utcnow() + timedelta(days=2)
    with db.uow() as uow:
        workflow.transition(uow, people.writer, scheduled_id, Action.SUBMIT)
        workflow.transition(uow, people.reviewer, scheduled_id, Action.APPROVE)
        workflow.transition(uow, people.editor, scheduled_id, Action.SCHEDULE, at=at)
        uow.commit()

    model = ArticleTableModel(make_runner(db))
    _loaded(qtbot, model, model.refresh)
    rows = {model.data(model.index(r, 0), ARTICLE_ID_ROLE): r for r in range(model.rowCount())}

    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == ["Заголовок", "Статус", "Розділ", "Автор", "Оновлено", "Заплановано на"]

    draft = [model.data(model.index(rows[draft_id], c)) for c in Column]
    expected_label = status_label(Status.DRAFT)  # the core's catalogue, under uk
    assert core_i18n.language() == "uk"
    if "draft" in MESSAGES_UK:
        assert expected_label == "чернетка"
    assert draft[:4] == ["Засідання круглого столу", expected_label, "Новини", "Олена Петренко"]
    updated = model.article_row(rows[draft_id]).updated_at
    assert draft[Column.UPDATED] == format_article_datetime(updated, "uk")
    assert draft[Column.SCHEDULED] == ""

    scheduled = [model.data(model.index(rows[scheduled_id], c)) for c in Column]
    assert scheduled[Column.STATUS] == status_label(Status.SCHEDULED)
    assert scheduled[Column.SCHEDULED] == format_article_datetime(at, "uk")
    assert scheduled[Column.SCHEDULED].split()[1] in {
        "січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
        "вересня", "жовтня", "листопада", "грудня"}
    assert model.data(model.index(rows[draft_id], Column.TITLE),
                      Qt.ItemDataRole.ToolTipRole) == "Засідання круглого столу"


def test_status_filter(qtbot: QtBot, db: Database, people: People,
                       make_runner: RunnerFactory) -> None:
    drafts = add_articles(db, people.writer, ["Чернетка 1", "Чернетка 2"])
    [in_review, trashed] = add_articles(db, people.writer, ["На розгляді", "У кошику"])
    with db.uow() as uow:
        workflow.transition(uow, people.writer, in_review, Action.SUBMIT)
        workflow.transition(uow, people.writer, trashed, Action.TRASH)
        uow.commit()
    model = ArticleTableModel(make_runner(db))

    _loaded(qtbot, model, lambda: model.set_filter(status=Status.IN_REVIEW))
    assert _column(model, Column.TITLE) == ["На розгляді"]
    assert model.status_filter is Status.IN_REVIEW

    _loaded(qtbot, model, lambda: model.set_filter(status=Status.DRAFT))
    assert sorted(model.article_id(r) for r in range(model.rowCount())) == drafts

    _loaded(qtbot, model, lambda: model.set_filter(status=Status.TRASHED))
    assert _column(model, Column.TITLE) == ["У кошику"]

    _loaded(qtbot, model, lambda: model.set_filter(status=None))  # all but the trash
    assert sorted(_column(model, Column.TITLE)) == ["На розгляді", "Чернетка 1", "Чернетка 2"]


def test_author_filter(qtbot: QtBot, db: Database, people: People,
                       make_runner: RunnerFactory) -> None:
    add_articles(db, people.writer, ["Олена пише"])
    add_articles(db, people.writer2, ["Тарас пише"])
    model = ArticleTableModel(make_runner(db))
    _loaded(qtbot, model, lambda: model.set_filter(author_id=people.writer2))
    assert _column(model, Column.TITLE) == ["Тарас пише"]
    assert _column(model, Column.AUTHOR) == ["Тарас Коваль"]


def test_a_failed_page_stops_fetching_until_refresh(qtbot: QtBot, tmp_path: Path,
                                                    make_runner: RunnerFactory) -> None:
    empty = Database(f"sqlite:///{(tmp_path / 'not-migrated.sqlite3').as_posix()}")
    try:
        model = ArticleTableModel(make_runner(empty))
        with qtbot.waitSignal(model.loadFailed, timeout=10_000) as blocker:
            model.refresh()
        assert blocker.args[0].startswith("Database error: no such table")
        assert model.error == blocker.args[0]
        assert not model.canFetchMore(QModelIndex())
        assert model.rowCount() == 0
        with qtbot.waitSignal(model.loadFailed, timeout=10_000):
            model.refresh()  # F5 tries again
    finally:
        empty.dispose()

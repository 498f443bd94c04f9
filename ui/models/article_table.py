"""The article list as a Qt table model that loads pages on demand.

An archive of a hundred thousand articles must open as fast as an empty one,
so the model never asks for everything: Qt's views call :meth:`fetchMore` when
the user scrolls near the end, and each call queues one page of
``article_list.query_rows`` on the task runner. Rows arrive by signal and are
appended; nothing here touches the database on the GUI thread.

Filters, search and sorting are one :class:`ListQuery`; changing it starts the
list again from the first page, because only the database can sort and filter
rows the model has not loaded (a client-side sort would order just the first
page).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)

from newsroom import i18n
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import status_label
from newsroom.services import article_list
from newsroom.services.article_list import ListQuery, SortColumn
from newsroom.services.views import ArticleRow
from newsroom.storage.db import Database
from newsroom.text.dates import format_article_datetime
from ui.tasks import TaskRunner

PAGE_SIZE = 200

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    TITLE = 0
    STATUS = 1
    SECTION = 2
    AUTHOR = 3
    UPDATED = 4
    SCHEDULED = 5


SORT_COLUMNS: dict[Column, SortColumn] = {
    Column.TITLE: SortColumn.TITLE,
    Column.STATUS: SortColumn.STATUS,
    Column.SECTION: SortColumn.SECTION,
    Column.AUTHOR: SortColumn.AUTHOR,
    Column.UPDATED: SortColumn.UPDATED,
    Column.SCHEDULED: SortColumn.SCHEDULED,
}
"""Every column sorts, each by the database's key for it."""


def column_for(sort: SortColumn) -> Column:
    """The table column whose header shows ``sort``'s indicator."""
    return next(column for column, key in SORT_COLUMNS.items() if key is sort)


def load_page(db: Database, query: ListQuery, offset: int, limit: int) -> list[ArticleRow]:
    """Worker-thread half of :meth:`ArticleTableModel.fetchMore`."""
    with db.uow() as uow:
        return article_list.query_rows(uow, query, offset=offset, limit=limit)


def count_articles(db: Database, query: ListQuery) -> int:
    """Worker-thread half of the total the status bar shows."""
    with db.uow() as uow:
        return article_list.count_rows(uow, query)


def _date(value: datetime | None) -> str:
    return format_article_datetime(value, i18n.language()) if value is not None else ""


class ArticleTableModel(QAbstractTableModel):
    """Article ids in list order, plus a cache of the rows fetched so far.

    ``loadingChanged`` tells the window to show "loading…"; ``pageLoaded(n)``
    fires after every page (n rows, maybe 0) and ``loadFailed(message)`` when
    a page could not be read. ``totalChanged(n)`` gives how many rows the whole
    query has (-1 while unknown). After a failure nothing more is fetched until
    :meth:`refresh`, so a dead network does not turn into an endless retry loop
    driven by the view's scrolling.
    """

    loadingChanged = Signal(bool)
    pageLoaded = Signal(int)
    loadFailed = Signal(str)
    totalChanged = Signal(int)

    def __init__(self, runner: TaskRunner, page_size: int = PAGE_SIZE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._page_size = page_size
        self._query = ListQuery()
        self._ids: list[int] = []
        self._rows: dict[int, ArticleRow] = {}
        self._display: dict[int, tuple[str, ...]] = {}
        self._has_more = True
        self._pending: int | None = None
        self._count_task: int | None = None
        self._total: int | None = None
        self._started = False
        self._error: str | None = None
        self._headers = {
            Column.TITLE: self.tr("Title"),
            Column.STATUS: self.tr("Status"),
            Column.SECTION: self.tr("Section"),
            Column.AUTHOR: self.tr("Author"),
            Column.UPDATED: self.tr("Updated"),
            Column.SCHEDULED: self.tr("Scheduled"),
        }
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)

    # ------------------------------------------------------------------ state

    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def status_filter(self) -> Status | None:
        return self._query.status

    @property
    def author_filter(self) -> int | None:
        return self._query.author_id

    @property
    def is_loading(self) -> bool:
        return self._pending is not None

    @property
    def has_more(self) -> bool:
        """True while the database may hold rows not loaded yet."""
        return self._has_more

    @property
    def total(self) -> int | None:
        """How many rows the current query has in all; None until counted."""
        return self._total

    @property
    def error(self) -> str | None:
        """Why the last page failed, until the next :meth:`refresh`."""
        return self._error

    def article_id(self, row: int) -> int:
        return self._ids[row]

    def article_row(self, row: int) -> ArticleRow:
        return self._rows[self._ids[row]]

    def cached_row_count(self) -> int:
        """Rows held in memory: never more than the pages fetched (for the benchmark)."""
        return len(self._rows)

    # -------------------------------------------------------------- filtering

    def set_query(self, query: ListQuery) -> None:
        """Show what ``query`` selects, in its order; a no-op if nothing changed.

        Before the first :meth:`refresh` the query is only remembered, so a
        window restoring its sort order does not fetch the list twice.
        """
        if query == self._query:
            return
        self._query = query
        if self._started:
            self.refresh()

    def set_filter(self, status: Status | None = None, author_id: int | None = None) -> None:
        """Show only articles in ``status`` (None: every status but the trash)."""
        self._started = True
        self._query = replace(self._query, status=status, author_id=author_id)
        self.refresh()

    def refresh(self) -> None:
        """Forget every loaded row and start again from the first page.

        A page still in flight belongs to the old list; its answer is ignored
        when it arrives (see ``_pending``). The first page is queued before the
        count: the runner keeps order, and the rows are what the user waits
        for; the total follows in the status bar.
        """
        self._started = True
        was_loading = self._pending is not None
        self._pending = None
        self._total = None
        self._count_task = None
        self.beginResetModel()
        self._ids.clear()
        self._rows.clear()
        self._display.clear()
        self._has_more = True
        self._error = None
        self.endResetModel()
        self.fetchMore(QModelIndex())  # unless the view already asked during the reset
        if was_loading and self._pending is None:
            self.loadingChanged.emit(False)
        self.totalChanged.emit(-1)
        if not self._runner.is_shut_down:
            self._count_task = self._runner.submit(count_articles, self._query)

    # ---------------------------------------------------------------- sorting

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks end here: the database sorts, the list starts again."""
        if not 0 <= column < len(Column):
            return
        self.set_query(replace(self._query, sort=SORT_COLUMNS[Column(column)],
                               descending=order == Qt.SortOrder.DescendingOrder))

    # ------------------------------------------------------------ lazy paging

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._has_more and not self._runner.is_shut_down

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if self._pending is not None or not self.canFetchMore(parent):
            return
        self._pending = self._runner.submit(load_page, self._query, len(self._ids),
                                            self._page_size)
        self.loadingChanged.emit(True)

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        if task_id == self._count_task:
            self._count_task = None
            assert isinstance(result, int)
            self._total = result
            self.totalChanged.emit(result)
            return
        if task_id != self._pending:
            return
        assert isinstance(result, list)
        self._pending = None
        page: list[ArticleRow] = result
        self._has_more = len(page) == self._page_size
        # Offset paging over a list that others edit can repeat a row that moved
        # down between two pages; a row shows once.
        fresh = [row for row in page if row.id not in self._rows]
        if fresh:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for row in fresh:
                self._ids.append(row.id)
                self._rows[row.id] = row
            self.endInsertRows()
        self.loadingChanged.emit(False)
        self.pageLoaded.emit(len(fresh))

    @Slot(int, str)
    def _on_failed(self, task_id: int, message: str) -> None:
        if task_id == self._count_task:
            self._count_task = None  # the page task fails too and says why
            return
        if task_id != self._pending:
            return
        self._pending = None
        self._has_more = False
        self._error = message
        self.loadingChanged.emit(False)
        self.loadFailed.emit(message)

    # ------------------------------------------------------------- table API

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers.get(Column(section))
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            # A first click on a date column shows the newest first, on text A to Я.
            newest_first = section in (Column.UPDATED, Column.SCHEDULED)
            order = (Qt.SortOrder.DescendingOrder if newest_first
                     else Qt.SortOrder.AscendingOrder)
            return order.value  # QHeaderView reads this role as an int
        return None

    def _texts(self, article_id: int) -> tuple[str, ...]:
        """Display strings of one row, formatted once: Babel is too slow to run per paint."""
        texts = self._display.get(article_id)
        if texts is None:
            row = self._rows[article_id]
            texts = (row.title, status_label(row.status), row.section or "", row.author,
                     _date(row.updated_at), _date(row.scheduled_at))
            self._display[article_id] = texts
        return texts

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        article_id = self._ids[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(article_id)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == Column.TITLE:
            return self._rows[article_id].title
        if role == ARTICLE_ID_ROLE:
            return article_id
        return None

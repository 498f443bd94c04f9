"""The publishing queue as a Qt table model: job ids in order, plus a row cache.

The queue view polls every two seconds. Resetting the model on every poll
would drop the selection and scroll position under the editor's mouse, so
:meth:`JobTableModel.set_jobs` applies the difference instead: rows that went
away are removed, new ones inserted, changed ones repainted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from newsroom import i18n
from newsroom.services.publish_queue import JobState, JobView, state_label
from newsroom.text.dates import format_article_datetime

JOB_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex

_STATE_COLOURS = {
    JobState.SUCCESS: "#1b5e20",
    JobState.ERROR: "#b3261e",
    JobState.FAILED: "#b3261e",
    JobState.CANCELED: "#5f6368",
    JobState.IN_PROGRESS: "#1a5fb4",
}

_PAUSED_COLOUR = "#9a5b00"
"""A site the queue does not send to: amber, a person has to act."""

_WAITING = frozenset({JobState.PENDING, JobState.RETRYING, JobState.IN_PROGRESS})
"""States in which a job without a time is sent at the worker's next round."""


class JobColumn(IntEnum):
    ARTICLE = 0
    ACTION = 1
    SITE = 2
    SCHEDULED = 3
    STATE = 4
    ATTEMPTS = 5
    ERROR = 6


def _date(value: datetime | None) -> str:
    return format_article_datetime(value, i18n.language()) if value is not None else ""


class JobTableModel(QAbstractTableModel):
    """Publish jobs, newest first, as :func:`publish_queue.list_jobs` returns them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._rows: dict[int, JobView] = {}
        self._headers = {
            JobColumn.ARTICLE: self.tr("Article"),
            JobColumn.ACTION: self.tr("Action"),
            JobColumn.SITE: self.tr("Site"),
            JobColumn.SCHEDULED: self.tr("Scheduled for"),
            JobColumn.STATE: self.tr("State"),
            JobColumn.ATTEMPTS: self.tr("Attempts"),
            JobColumn.ERROR: self.tr("Last error"),
        }
        self._actions = {"publish": self.tr("publish"), "unpublish": self.tr("unpublish")}
        self._now_text = self.tr("as soon as possible")
        self._paused: dict[str, str] = {}

    # ------------------------------------------------------------------ state

    def job_id(self, row: int) -> int:
        return self._ids[row]

    def job(self, row: int) -> JobView:
        return self._rows[self._ids[row]]

    def row_of(self, job_id: int) -> int | None:
        try:
            return self._ids.index(job_id)
        except ValueError:
            return None

    def jobs(self) -> list[JobView]:
        return [self._rows[job_id] for job_id in self._ids]

    def paused_reason(self, site: str) -> str | None:
        """Why the queue does not send to ``site`` now (paused or switched off), if so."""
        return self._paused.get(site)

    def set_paused(self, paused: dict[str, str]) -> None:
        """Sites that wait for a person, by name: their cells say why."""
        if paused == self._paused:
            return
        self._paused = dict(paused)
        if self._ids:
            self.dataChanged.emit(self.index(0, JobColumn.SITE),
                                  self.index(len(self._ids) - 1, JobColumn.SITE))

    # ---------------------------------------------------------------- updates

    def set_jobs(self, jobs: Sequence[JobView]) -> None:
        """Show exactly ``jobs``, keeping the rows (and selection) of jobs still there."""
        new_ids = [job.id for job in jobs]
        fresh = {job.id: job for job in jobs}
        # Removed jobs go first; what stays must then be in the new order.
        for row in range(len(self._ids) - 1, -1, -1):
            if self._ids[row] not in fresh:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[self._ids.pop(row)]
                self.endRemoveRows()
        remaining = iter(new_ids)
        if not all(job_id in remaining for job_id in self._ids):
            self.beginResetModel()  # reordered: cannot be expressed as inserts
            self._ids, self._rows = new_ids, fresh
            self.endResetModel()
            return
        for position, job_id in enumerate(new_ids):
            if position < len(self._ids) and self._ids[position] == job_id:
                continue
            self.beginInsertRows(QModelIndex(), position, position)
            self._ids.insert(position, job_id)
            self._rows[job_id] = fresh[job_id]
            self.endInsertRows()
        for row, job_id in enumerate(self._ids):
            if self._rows[job_id] != fresh[job_id]:
                self._rows[job_id] = fresh[job_id]
                self.dataChanged.emit(self.index(row, 0),
                                      self.index(row, len(JobColumn) - 1))

    def update_job(self, job: JobView) -> None:
        """Show one job's new state at once (after cancel, resend, reschedule)."""
        row = self.row_of(job.id)
        if row is None:
            return
        self._rows[job.id] = job
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(JobColumn) - 1))

    # ------------------------------------------------------------- table API

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(JobColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(JobColumn)):
            return self._headers[JobColumn(section)]
        return None

    def _text(self, job: JobView, column: JobColumn) -> str:
        match column:
            case JobColumn.ARTICLE:
                return job.article_title
            case JobColumn.ACTION:
                return self._actions.get(job.action, job.action)
            case JobColumn.SITE:
                return job.site
            case JobColumn.SCHEDULED:
                if job.scheduled_at is None and job.state in _WAITING:
                    return self._now_text
                return _date(job.scheduled_at)
            case JobColumn.STATE:
                return state_label(job.state)
            case JobColumn.ATTEMPTS:
                return str(job.attempts)
            case JobColumn.ERROR:
                return " ".join((job.last_error or "").split())  # one line in the table
        return ""  # pragma: no cover - every column is matched above

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        job = self._rows[self._ids[index.row()]]
        column = JobColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(job, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == JobColumn.ERROR and job.last_error:
                return job.last_error
            if column == JobColumn.ARTICLE:
                return job.article_title
            if column == JobColumn.SITE:
                return self._paused.get(job.site)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == JobColumn.STATE:
            colour = _STATE_COLOURS.get(job.state)
            return QBrush(QColor(colour)) if colour else None
        if (role == Qt.ItemDataRole.ForegroundRole and column == JobColumn.SITE
                and job.site in self._paused):
            return QBrush(QColor(_PAUSED_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == JobColumn.ATTEMPTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == JOB_ID_ROLE:
            return job.id
        return None

"""The publishing queue: what is being sent to which site, and what went wrong.

The sync worker changes job states in the background (on this PC or another),
so the view polls ``list_jobs`` every two seconds through the task runner, but
only while it is on screen: a hidden queue costs the shared database nothing.
Cancel, resend and reschedule are offered by the selected job's state and the
user's role; the services check both again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from newsroom.domain.roles import Role
from newsroom.services import publish_queue
from newsroom.services.publish_queue import (
    CANCELABLE,
    RESCHEDULABLE,
    RESENDABLE,
    JobState,
    JobView,
)
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from ui.dialogs.schedule_dialog import ScheduleDialog
from ui.models.job_table import JobColumn, JobTableModel
from ui.tasks import TaskRunner
from ui.widgets.list_table import list_table

POLL_INTERVAL_MS = 2_000
ERROR_STYLE = "color: #b3261e;"

UNFINISHED = (JobState.PENDING, JobState.IN_PROGRESS, JobState.RETRYING, JobState.ERROR,
              JobState.FAILED)
"""Jobs that are still to be sent or need a person: everything but sent and canceled."""

_COLUMN_WIDTHS = {JobColumn.ARTICLE: 280, JobColumn.ACTION: 110, JobColumn.SITE: 170,
                  JobColumn.SCHEDULED: 185, JobColumn.STATE: 130, JobColumn.ATTEMPTS: 60}
"""Room for a Kyiv date and a site name; the last error takes what is left."""


def load_jobs(db: Database, states: tuple[JobState, ...] | None) -> list[JobView]:
    with db.uow() as uow:
        return publish_queue.list_jobs(uow, states=states)


def cancel_job(db: Database, actor_id: int, job_id: int) -> JobView:
    with db.uow() as uow:
        job = publish_queue.cancel(uow, actor_id, job_id)
        uow.commit()
        return job


def resend_job(db: Database, actor_id: int, job_id: int) -> JobView:
    with db.uow() as uow:
        job = publish_queue.resend(uow, actor_id, job_id)
        uow.commit()
        return job


def reschedule_job(db: Database, actor_id: int, job_id: int, at: datetime) -> JobView:
    with db.uow() as uow:
        job = publish_queue.reschedule(uow, actor_id, job_id, at)
        uow.commit()
        return job


class QueueView(QWidget):
    """The jobs table with its buttons; ``open_article_requested(id)`` on a double click."""

    open_article_requested = Signal(int)

    def __init__(self, runner: TaskRunner, user: UserView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueView")
        self._runner = runner
        self._user = user
        self._poll_task: int | None = None
        self._action_task: int | None = None
        self._loaded = False
        self.reschedule_dialog: ScheduleDialog | None = None

        self.model = JobTableModel(self)
        self.table = list_table(self, self.model, "jobTable")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in _COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("queueEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setContentsMargins(24, 24, 24, 24)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        self.unfinished_check = QCheckBox(self.tr("Only &unfinished jobs"), self)
        self.unfinished_check.setObjectName("unfinishedOnly")
        self.unfinished_check.setToolTip(self.tr("Hide the jobs that were sent or canceled"))
        self.unfinished_check.toggled.connect(self.refresh)
        self.cancel_button = QPushButton(self.tr("&Cancel job"), self)
        self.cancel_button.setObjectName("cancelJob")
        self.resend_button = QPushButton(self.tr("Send a&gain"), self)
        self.resend_button.setObjectName("resendJob")
        self.reschedule_button = QPushButton(self.tr("Re&schedule…"), self)
        self.reschedule_button.setObjectName("rescheduleJob")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.resend_button.clicked.connect(self.resend_selected)
        self.reschedule_button.clicked.connect(self.ask_reschedule)
        if not self.can_manage:
            for button in (self.cancel_button, self.resend_button, self.reschedule_button):
                button.setToolTip(self.tr("Only an editor may manage the publishing queue"))

        self.message_label = QLabel(self)
        self.message_label.setObjectName("queueMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(ERROR_STYLE)
        self.message_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.unfinished_check)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.resend_button)
        buttons.addWidget(self.reschedule_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        layout.addWidget(self.stack, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(POLL_INTERVAL_MS)
        self.timer.timeout.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.dataChanged.connect(self._update_buttons)
        self.model.rowsRemoved.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._double_clicked)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)
        self._show_state()
        self._update_buttons()

    # ---------------------------------------------------------------- state

    @property
    def can_manage(self) -> bool:
        return self._user.role.at_least(Role.EDITOR)

    @property
    def polling(self) -> bool:
        return self.timer.isActive()

    @property
    def busy(self) -> bool:
        return self._action_task is not None

    @property
    def message(self) -> str:
        return self.message_label.text() if not self.message_label.isHidden() else ""

    def selected_job(self) -> JobView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.job(rows[0].row()) if rows else None

    def select_job(self, job_id: int) -> bool:
        row = self.model.row_of(job_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    @Slot()
    def _update_buttons(self) -> None:
        job = self.selected_job()
        ready = self.can_manage and not self.busy and job is not None
        state = job.state if job is not None else None
        self.cancel_button.setEnabled(ready and state in CANCELABLE)
        self.resend_button.setEnabled(ready and state in RESENDABLE)
        self.reschedule_button.setEnabled(ready and state in RESCHEDULABLE)

    def _show_state(self) -> None:
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.table)
            return
        if not self._loaded:
            self.empty_label.setText(self.tr("Loading the queue…"))
        elif self.unfinished_check.isChecked():
            self.empty_label.setText(self.tr("Nothing is waiting: every job was sent or "
                                             "canceled."))
        else:
            self.empty_label.setText(self.tr("The queue is empty… Approved articles appear "
                                             "here when they are queued or scheduled."))
        self.stack.setCurrentWidget(self.empty_label)

    # -------------------------------------------------------------- polling

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.stop_polling()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_polling()
        super().closeEvent(event)

    def stop_polling(self) -> None:
        self.timer.stop()

    @Slot()
    def refresh(self) -> None:
        """Ask for the jobs again, unless an answer is still on its way."""
        if self._poll_task is not None or self._runner.is_shut_down:
            return
        states = UNFINISHED if self.unfinished_check.isChecked() else None
        self._poll_task = self._runner.submit(load_jobs, states)

    # -------------------------------------------------------------- actions

    @Slot()
    def cancel_selected(self) -> None:
        job = self.selected_job()
        if job is not None:
            self.cancel(job.id)

    @Slot()
    def resend_selected(self) -> None:
        job = self.selected_job()
        if job is not None:
            self.resend(job.id)

    def cancel(self, job_id: int) -> None:
        """Ask the service to cancel the job; it decides whether this user may."""
        self._act(cancel_job, job_id)

    def resend(self, job_id: int) -> None:
        self._act(resend_job, job_id)

    @Slot()
    def ask_reschedule(self) -> None:
        job = self.selected_job()
        if job is None:
            return
        dialog = ScheduleDialog(self.tr("Reschedule"),
                                self.tr("When should «{title}» be sent to {site}?").format(
                                    title=job.article_title, site=job.site),
                                job.scheduled_at, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        job_id = job.id
        dialog.accepted.connect(lambda: self.reschedule(job_id, dialog.chosen))
        dialog.finished.connect(self._reschedule_closed)
        self.reschedule_dialog = dialog
        dialog.open()

    @Slot()
    def _reschedule_closed(self) -> None:
        self.reschedule_dialog = None

    def reschedule(self, job_id: int, at: datetime | None) -> None:
        if at is not None:
            self._act(reschedule_job, job_id, at)

    def _act(self, fn: Callable[..., JobView], job_id: int, *args: object) -> None:
        """Run one queue action; a poll already on its way would show the old state, so
        its answer is dropped and a fresh poll follows the action."""
        if self.busy or self._runner.is_shut_down:
            return
        self.message_label.hide()
        self._poll_task = None
        self._action_task = self._runner.submit(fn, self._user.id, job_id, *args)
        self._update_buttons()

    @Slot(QModelIndex)
    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_article_requested.emit(self.model.job(index.row()).article_id)

    # ---------------------------------------------------------------- tasks

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        if task_id == self._poll_task:
            self._poll_task = None
            assert isinstance(result, list)
            self._loaded = True
            self.model.set_jobs(result)
            self._show_state()
            self._update_buttons()
        elif task_id == self._action_task:
            self._action_task = None
            assert isinstance(result, JobView)
            self.model.update_job(result)
            self._update_buttons()
            self.refresh()

    @Slot(int, str)
    def _on_failed(self, task_id: int, message: str) -> None:
        if task_id == self._poll_task:
            self._poll_task = None
            self._show_error(self.tr("Could not read the queue: {reason}").format(
                reason=message))
        elif task_id == self._action_task:
            self._action_task = None
            self._show_error(message[:1].upper() + message[1:])
            self._update_buttons()
            self.refresh()

    def _show_error(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()

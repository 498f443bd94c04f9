"""The publishing queue: what is being sent to which site, and what went wrong.

The sync worker changes job states in the background (on this PC or another),
so the view polls ``list_jobs`` every two seconds through the task runner, but
only while it is on screen: a hidden queue costs the shared database nothing.
Cancel, resend and reschedule are offered by the selected job's state and the
user's role; the services check both again. A job stopped in ``error`` (the
post was edited on the site) also offers the three ways out of
:mod:`newsroom.sync.site_conflicts`; comparing and taking the site's version
read the site, so they run on the network runner (the publisher's), never
holding up the app's database work behind a slow website.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from newsroom.domain.roles import Role
from newsroom.services import publish_queue, sites
from newsroom.services.publish_queue import (
    CANCELABLE,
    RESCHEDULABLE,
    RESENDABLE,
    JobState,
    JobView,
)
from newsroom.services.sites import SiteView
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from newsroom.sync import site_conflicts
from newsroom.text.words import DiffOp
from ui.dialogs.schedule_dialog import ScheduleDialog
from ui.dialogs.site_diff_dialog import SiteDiffDialog
from ui.models.job_table import JobColumn, JobTableModel
from ui.tasks import TaskClient, TaskRunner
from ui.widgets.list_table import list_table

POLL_INTERVAL_MS = 2_000
ERROR_STYLE = "color: #b3261e;"

UNFINISHED = (JobState.PENDING, JobState.IN_PROGRESS, JobState.RETRYING, JobState.ERROR,
              JobState.FAILED)
"""Jobs that are still to be sent or need a person: everything but sent and canceled."""

_COLUMN_WIDTHS = {JobColumn.ARTICLE: 280, JobColumn.ACTION: 110, JobColumn.SITE: 170,
                  JobColumn.SCHEDULED: 185, JobColumn.STATE: 130, JobColumn.ATTEMPTS: 60}
"""Room for a Kyiv date and a site name; the last error takes what is left."""


@dataclass(frozen=True)
class QueueSnapshot:
    """One poll: the jobs, and the sites (to say why some are not sent to)."""

    jobs: list[JobView]
    sites: list[SiteView]


def load_queue(db: Database, states: tuple[JobState, ...] | None) -> QueueSnapshot:
    with db.uow() as uow:
        return QueueSnapshot(publish_queue.list_jobs(uow, states=states),
                             sites.list_sites(uow))


def in_conflict(job: JobView | None) -> bool:
    """The job waits for an editor to choose between our text and the site's."""
    return job is not None and job.state is JobState.ERROR and job.action == "publish"


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


def overwrite_job(db: Database, actor_id: int, job_id: int) -> JobView:
    with db.uow() as uow:
        job = site_conflicts.overwrite(uow, actor_id, job_id)
        uow.commit()
        return job


class QueueView(QWidget):
    """The jobs table with its buttons; ``open_article_requested(id)`` on a double click.

    ``jobs_changed()`` follows every action that puts a job back in the queue
    or settles it, so the publisher can send at once instead of in 30 s;
    ``article_changed()`` follows taking the site's version.
    """

    open_article_requested = Signal(int)
    jobs_changed = Signal()
    article_changed = Signal()

    def __init__(self, runner: TaskRunner, user: UserView,
                 parent: QWidget | None = None, network: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueView")
        self._runner = runner
        self._user = user
        self._poll_task: int | None = None
        self._action_task: int | None = None
        self._site_busy = False
        self._loaded = False
        self._network = TaskClient(network or runner, self)
        self.reschedule_dialog: ScheduleDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.diff_dialog: SiteDiffDialog | None = None

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
        self._build_conflict_buttons()
        if not self.can_manage:
            for button in (self.cancel_button, self.resend_button, self.reschedule_button,
                           *self.conflict_buttons):
                button.setToolTip(self.tr("Only an editor may manage the publishing queue"))

        self.message_label = QLabel(self)
        self.message_label.setObjectName("queueMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(ERROR_STYLE)
        self.message_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()

        # The selected job's whole last error (the table shows one line of
        # it) and why its site is not being sent to, if it is not.
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("jobDetails")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.unfinished_check)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.resend_button)
        buttons.addWidget(self.reschedule_button)
        conflict = QHBoxLayout()
        conflict.addStretch(1)
        conflict.addWidget(self.conflict_label)
        for button in self.conflict_buttons:
            conflict.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(conflict)
        layout.addWidget(self.message_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.detail_label)

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

    def _build_conflict_buttons(self) -> None:
        self.conflict_label = QLabel(self.tr("Changed on the site:"), self)
        self.compare_button = QPushButton(self.tr("Co&mpare"), self)
        self.compare_button.setObjectName("compareJob")
        self.compare_button.setToolTip(self.tr("Show which words were changed on the site"))
        self.take_site_button = QPushButton(self.tr("&Take the site’s version…"), self)
        self.take_site_button.setObjectName("takeSiteVersion")
        self.take_site_button.setToolTip(self.tr(
            "Make the text on the site the article’s new revision"))
        self.overwrite_button = QPushButton(self.tr("&Overwrite the site"), self)
        self.overwrite_button.setObjectName("overwriteSite")
        self.overwrite_button.setToolTip(self.tr(
            "Send our text to the site, replacing the changes made there"))
        self.conflict_buttons = (self.compare_button, self.take_site_button,
                                 self.overwrite_button)
        self.compare_button.clicked.connect(self.compare_selected)
        self.take_site_button.clicked.connect(self.ask_take_site_version)
        self.overwrite_button.clicked.connect(self.overwrite_selected)

    def set_network_runner(self, runner: TaskRunner) -> None:
        """Where reading the site goes (the publisher's runner); set before use."""
        self._network.deleteLater()
        self._network = TaskClient(runner, self)

    # ---------------------------------------------------------------- state

    @property
    def can_manage(self) -> bool:
        return self._user.role.at_least(Role.EDITOR)

    @property
    def polling(self) -> bool:
        return self.timer.isActive()

    @property
    def busy(self) -> bool:
        return self._action_task is not None or self._site_busy

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
        for button in self.conflict_buttons:
            button.setEnabled(ready and in_conflict(job))
        self._show_details(job)

    def _show_details(self, job: JobView | None) -> None:
        lines = []
        if job is not None and job.last_error:
            lines.append(self.tr("Last error: {error}").format(error=job.last_error))
        paused = self.model.paused_reason(job.site) if job is not None else None
        if job is not None and paused:
            lines.append(self.tr("Nothing is sent to {site} now: {reason}").format(
                site=job.site, reason=paused))
        self.detail_label.setText("\n".join(lines))
        self.detail_label.setVisible(bool(lines))

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
        self._poll_task = self._runner.submit(load_queue, states)

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

    # ------------------------------------------------------ site conflicts

    @Slot()
    def overwrite_selected(self) -> None:
        job = self.selected_job()
        if in_conflict(job):
            assert job is not None
            self._act(overwrite_job, job.id)

    @Slot()
    def compare_selected(self) -> None:
        job = self.selected_job()
        if in_conflict(job):
            assert job is not None
            title, site = job.article_title, job.site
            self._site_call(lambda ops: self._show_diff(title, site, ops),
                            site_conflicts.compare, job.id)

    @Slot()
    def ask_take_site_version(self) -> None:
        job = self.selected_job()
        if not in_conflict(job) or self.confirm_box is not None:
            return
        assert job is not None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Take the site’s version"),
                          self.tr("Replace the text of «{title}» with the post as it is on "
                                  "{site}?").format(title=job.article_title, site=job.site),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("takeSiteConfirm")
        box.setInformativeText(self.tr(
            "Our current text is not lost: it stays in the article’s history as an older "
            "revision."))
        take = box.addButton(self.tr("Take the site’s version"),
                             QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        job_id = job.id

        def answered() -> None:
            self.confirm_box = None
            box.deleteLater()
            if box.clickedButton() is take:
                self.take_site_version(job_id)

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()

    def take_site_version(self, job_id: int) -> None:
        """The site's text becomes a new revision; the job is settled."""
        def taken(_article: object) -> None:
            self.article_changed.emit()
            self.jobs_changed.emit()

        self._site_call(taken, site_conflicts.take_site_version, self._user.id, job_id)

    def _site_call(self, done: Callable[[object], None], fn: Callable[..., object],
                   *args: object) -> None:
        """Run a call that reads the website, on the network runner."""
        if self.busy:
            return
        self.message_label.hide()

        def finished(result: object) -> None:
            self._site_busy = False
            self._update_buttons()
            done(result)
            self.refresh()

        if self._network.submit(finished, self._site_failed, fn, *args) is not None:
            self._site_busy = True
            self._update_buttons()

    def _site_failed(self, message: str) -> None:
        self._site_busy = False
        self._show_error(message[:1].upper() + message[1:])
        self._update_buttons()
        self.refresh()

    def _show_diff(self, title: str, site: str, ops: object) -> None:
        assert isinstance(ops, list)
        diff: list[DiffOp] = ops
        if self.diff_dialog is not None:
            self.diff_dialog.close()
        dialog = SiteDiffDialog(title, site, diff, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._diff_closed)
        self.diff_dialog = dialog
        dialog.open()

    @Slot()
    def _diff_closed(self) -> None:
        self.diff_dialog = None

    @Slot(QModelIndex)
    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_article_requested.emit(self.model.job(index.row()).article_id)

    # ---------------------------------------------------------------- tasks

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        if task_id == self._poll_task:
            self._poll_task = None
            assert isinstance(result, QueueSnapshot)
            self._loaded = True
            self.model.set_paused({
                site.name: site.paused_reason or self.tr("the site is switched off")
                for site in result.sites if site.paused_reason or not site.enabled})
            self.model.set_jobs(result.jobs)
            self._show_state()
            self._update_buttons()
        elif task_id == self._action_task:
            self._action_task = None
            assert isinstance(result, JobView)
            self.model.update_job(result)
            self._update_buttons()
            self.refresh()
            self.jobs_changed.emit()

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

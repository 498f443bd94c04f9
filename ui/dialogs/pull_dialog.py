"""«Site → Get the archive from a site…»: copy a website's posts into Newsroom.

A regional administration's site holds years of news; pulling it takes
minutes, so it runs on the publisher's runner (network work) with a progress
bar, and can be stopped: the pull remembers how far it got and the next one
continues from there. The pull calls ``progress`` on the worker thread; it
only emits a signal, which Qt delivers on the GUI thread, so no widget is
ever touched from the worker.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from newsroom.domain.roles import Role
from newsroom.services import sites
from newsroom.services.sites import SiteView
from newsroom.services.views import UserView
from newsroom.storage.db import Database
from newsroom.sync import pull as pulling
from newsroom.sync import registry
from newsroom.sync.pull import PullReport
from ui.publisher import Publisher, StopFlag
from ui.tasks import TaskClient, TaskRunner

ERROR_STYLE = "color: #b3261e;"


class ProgressRelay(QObject):
    """Carries ``progress(done, total)`` from the worker thread to the GUI thread."""

    changed = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        """Called on the worker thread: emitting is thread-safe, delivery is queued."""
        self.changed.emit(done, total)


def load_pull_sites(db: Database) -> list[SiteView]:
    """Sites that can be pulled from, WordPress first (the usual source of an archive)."""
    with db.uow() as uow:
        found = [site for site in sites.list_sites(uow) if site.enabled]
    return sorted(found, key=lambda site: site.kind != "wordpress")


def run_pull(db: Database, site_id: int, actor_id: int, relay: ProgressRelay,
             should_stop: StopFlag, app_stopping: StopFlag, per_page: int) -> PullReport:
    """Worker-thread half: one connector for the whole pull, closed afterwards."""
    with db.uow() as uow:
        site = sites.view(sites.load(uow, site_id))
    connector = registry.connector_for(db, site)
    try:
        return pulling.pull(db, site_id, actor_id, connector, progress=relay.report,
                            should_stop=lambda: should_stop() or app_stopping(),
                            per_page=per_page)
    finally:
        connector.close()


class PullDialog(QDialog):
    """Choose a site, start, watch the bar, stop if needed; ``pulled()`` after a pull
    that changed articles, so the list can show them."""

    pulled = Signal()

    def __init__(self, runner: TaskRunner, publisher: Publisher, user: UserView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pullDialog")
        self.setWindowTitle(self.tr("Get the archive from a site"))
        self._publisher = publisher
        self._user = user
        self._local = TaskClient(runner, self)
        self._network = TaskClient(publisher.runner, self)
        self._stop: StopFlag | None = None
        self.report: PullReport | None = None
        # Posts per request; the pull can stop and report progress between pages only.
        self.per_page = pulling.MAX_PER_PAGE

        intro = QLabel(self.tr(
            "Copies the site’s posts into Newsroom as published articles. Posts pulled "
            "before are updated, unless their article was changed here since."), self)
        intro.setWordWrap(True)
        resume = QLabel(self.tr(
            "You can stop at any time: the next pull continues from where this one "
            "stopped."), self)
        resume.setWordWrap(True)
        self.site_combo = QComboBox(self)
        self.site_combo.setObjectName("pullSite")
        self.site_combo.setMinimumContentsLength(30)
        form = QFormLayout()
        form.addRow(self.tr("&Site:"), self.site_combo)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("pullProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("pullStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.start_button = QPushButton(self.tr("S&tart"), self)
        self.start_button.setObjectName("startPull")
        self.start_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Sto&p"), self)
        self.stop_button.setObjectName("stopPull")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(resume)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(520, 300)

        self._can_pull = user.role.at_least(Role.EDITOR)
        if not self._can_pull:
            self._show(self.tr("Only an editor or an administrator may pull an archive."),
                       error=True)
        self._update_buttons()
        self._local.submit(self._sites_loaded, self._sites_failed, load_pull_sites)

    @property
    def running(self) -> bool:
        return self._stop is not None

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(self._can_pull and not self.running
                                     and self.site_combo.count() > 0)
        self.stop_button.setEnabled(self.running and not (self._stop and self._stop()))
        self.site_combo.setEnabled(not self.running)

    def _sites_loaded(self, found: object) -> None:
        assert isinstance(found, list)
        kinds = {"wordpress": "WordPress", "static": self.tr("folder")}
        self.site_combo.clear()
        for site in found:
            assert isinstance(site, SiteView)
            where = site.url or site.path
            self.site_combo.addItem(f"{site.name} ({kinds.get(site.kind, site.kind)}: {where})",
                                    site.id)
        if not found and self._can_pull:
            self._show(self.tr("No site is switched on: add one in «Site → Sites…»."))
        self._update_buttons()

    def _sites_failed(self, message: str) -> None:
        self._show(message, error=True)

    def select_site(self, site_id: int) -> bool:
        index = self.site_combo.findData(site_id)
        if index >= 0:
            self.site_combo.setCurrentIndex(index)
        return index >= 0

    # ----------------------------------------------------------------- pulling

    @Slot()
    def start(self) -> None:
        site_id = self.site_combo.currentData()
        if self.running or not self._can_pull or not isinstance(site_id, int):
            return
        relay = ProgressRelay(self._publisher)  # outlives this dialog while the task runs
        relay.changed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        stop = StopFlag()

        def done(result: object) -> None:
            relay.deleteLater()
            self._finished(result)

        def failed(message: str) -> None:
            relay.deleteLater()
            self._failed(message)

        task = self._network.submit(done, failed, run_pull, site_id, self._user.id, relay, stop,
                                    self._publisher.stopping, self.per_page)
        if task is None:
            relay.deleteLater()
            return
        self._stop = stop
        self.report = None
        self.progress.setRange(0, 0)  # busy until the site says how many posts it has
        self._show(self.tr("Connecting to the site…"))
        self._update_buttons()

    @Slot()
    def stop(self) -> None:
        """Ask the pull to stop after the page it is on; it reports what it did."""
        if self._stop is not None and not self._stop():
            self._stop.set()
            self._show(self.tr("Stopping once the posts already received are saved…"))
            self._update_buttons()

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if not self.running:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        if self._stop is not None and not self._stop():
            self._show(self.tr("Received {done} of {total} posts…").format(done=done,
                                                                        total=total))

    def _finished(self, result: object) -> None:
        assert isinstance(result, PullReport)
        self._stop = None
        self.report = result
        summary = self.tr("New: {created}, updated: {updated}, unchanged: {unchanged}, "
                          "local changes kept: {kept}.").format(
            created=result.created, updated=result.updated, unchanged=result.unchanged,
            kept=result.kept_local)
        if result.skipped:
            summary += " " + self.tr("Skipped (no title, or too long for an article): "
                                     "{skipped}.").format(skipped=result.skipped)
        if result.finished:
            self.progress.setRange(0, max(result.total, 1))
            self.progress.setValue(max(result.total, 1))
            self._show(self.tr("Done. {summary}").format(summary=summary))
        else:
            self.progress.setRange(0, max(result.total, 1))
            self._show(self.tr("Stopped. {summary} The next pull continues from here.").format(
                summary=summary))
        self._update_buttons()
        if result.created or result.updated:
            self.pulled.emit()

    def _failed(self, message: str) -> None:
        self._stop = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._show(self.tr("The pull failed: {reason}").format(reason=message), error=True)
        self._update_buttons()

    def _show(self, text: str, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(ERROR_STYLE if error else "")

    # ----------------------------------------------------------------- closing

    def reject(self) -> None:
        """Closing stops a running pull (it resumes next time) rather than hiding it."""
        self.stop()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)

"""Background publishing: the sync worker, run by the app every 30 seconds.

A website can take its full 30-second timeout to answer, and a pull of a
whole archive takes minutes. On the app's own :class:`TaskRunner` that would
queue every list refresh and save behind the website, so the publisher owns a
second runner of the same class: network work waits for network work only.

The worker already copes with another PC's worker running at the same time
(jobs are claimed by one statement), so every running copy of the app may
publish; ``python -m newsroom publish-due`` does the same from cron.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from newsroom.storage.db import Database
from newsroom.sync.worker import RunReport, Worker
from ui.tasks import TaskClient, TaskRunner

log = logging.getLogger(__name__)

INTERVAL_MS = 30_000
"""How often due jobs are looked for when nobody kicks the publisher."""


class StopFlag:
    """A thread-safe "please stop" the worker thread polls between posts."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()


def publish_due(db: Database, should_stop: StopFlag) -> RunReport:
    """Worker-thread half of one round: send what is due, stop early on quit."""
    return Worker(db).run_due(should_stop=should_stop)


class Publisher(QObject):
    """Runs :func:`publish_due` on its own runner; one round at a time.

    ``report_ready(RunReport)`` follows every round, ``failed(message)`` a round
    that could not run at all (the database is unreachable). :meth:`kick`
    asks for a round now; kicks during a round make exactly one more round.
    Call :meth:`shutdown` before the database goes away.
    """

    report_ready = Signal(object)
    failed = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None,
                 interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(db, self)
        self._client = TaskClient(self.runner, self)
        self._stop = StopFlag()
        self._running = False
        self._again = False
        self.rounds = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.kick)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def stopping(self) -> StopFlag:
        """Set once the app quits; long network tasks on :attr:`runner` poll it too."""
        return self._stop

    def start(self) -> None:
        """Publish what is already due, then every interval."""
        self.timer.start()
        self.kick()

    @Slot()
    @Slot(object)
    def kick(self, _changed: object = None) -> None:
        """A round now (queued, scheduled, unpublished, resent…); ignores its argument
        so that any "something changed" signal can be connected."""
        if self._stop() or self.runner.is_shut_down:
            return
        if self._running:
            self._again = True
            return
        self._running = True
        self._again = False
        self._client.submit(self._done, self._failed, publish_due, self._stop)

    def _done(self, result: object) -> None:
        assert isinstance(result, RunReport)
        self._finish()
        if result.handled or result.messages or result.published:
            log.info("publishing: %d sent, %d retrying, %d failed, %d need a person",
                     result.sent, result.retrying, result.failed, result.errors)
        self.report_ready.emit(result)

    def _failed(self, message: str) -> None:
        self._finish()
        log.warning("publishing round failed: %s", message)
        self.failed.emit(message)

    def _finish(self) -> None:
        self._running = False
        self.rounds += 1
        if self._again:
            self.kick()

    def shutdown(self) -> None:
        """Stop the timer, ask the running round to stop after its current post,
        and wait for it: no thread may outlive the app."""
        if self.runner.is_shut_down:
            return
        self.timer.stop()
        self._stop.set()
        self.runner.shutdown()
        self._running = False

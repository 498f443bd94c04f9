"""The one way the GUI runs database work: a single background worker.

A query on a shared PostgreSQL over the office network, or a SQLite file busy
with another PC's write, can take seconds; on the GUI thread that freezes the
window and Windows offers to kill the "not responding" app. So every service
call goes through :class:`TaskRunner`, and the answer comes back on the GUI
thread as a signal.

One worker, not a pool: tasks then run in the order they were submitted (a save
is never overtaken by the list refresh that should show it), and SQLite never
sees two writers from the same app.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal, Slot
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from newsroom.domain.errors import NewsroomError
from newsroom.storage.db import Database
from ui.logs import log_path

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def database_error_message(exc: SQLAlchemyError) -> str:
    """One readable line for a failure the user can do something about (network, lock)."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        lines = str(exc.orig).strip().splitlines()
        reason = lines[0] if lines else type(exc.orig).__name__
    else:
        reason = type(exc).__name__
    # QCoreApplication.translate is thread-safe, so the worker may call it.
    return QCoreApplication.translate("TaskRunner", "Database error: {reason}").format(
        reason=reason)


def internal_error_message(exc: BaseException) -> str:
    """What a press officer sees instead of a traceback; the details are in the log."""
    path = log_path()
    if path is None:
        return QCoreApplication.translate(
            "TaskRunner", "Internal error ({error}). Please tell the administrator what you "
            "were doing.").format(error=type(exc).__name__)
    return QCoreApplication.translate(
        "TaskRunner", "Internal error ({error}). The details were written to {path}").format(
        error=type(exc).__name__, path=path)


class TaskRunner(QObject):
    """Runs ``fn(db, *args)`` off the GUI thread, one task at a time, in order.

    ``finished(task_id, result)`` or ``failed(task_id, message)`` is emitted on
    the GUI thread for every task that ran; ``message`` is always fit to show
    as-is. Call :meth:`shutdown` before the runner or the database goes away.
    """

    finished = Signal(int, object)
    failed = Signal(int, str)
    _delivered = Signal(int, bool, object)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._ids = itertools.count(1)
        self._closed = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # Queued explicitly: the worker emits, the GUI thread delivers.
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def db(self) -> Database:
        return self._db

    def submit(self, fn: Callable[Concatenate[Database, P], R], *args: P.args,
               **kwargs: P.kwargs) -> int:
        """Queue ``fn``; returns the id its ``finished``/``failed`` signal will carry."""
        if self._closed:
            raise RuntimeError("TaskRunner.submit() after shutdown()")
        task_id = next(self._ids)

        def work() -> None:
            self._run(task_id, lambda: fn(self._db, *args, **kwargs))

        self._pool.start(work)
        return task_id

    def _run(self, task_id: int, call: Callable[[], object]) -> None:
        """Runs on the worker thread: turn every outcome into a delivery."""
        try:
            result = call()
        except NewsroomError as exc:
            self._delivered.emit(task_id, False, exc.message)
        except SQLAlchemyError as exc:
            log.warning("task %d: database failure", task_id, exc_info=True)
            self._delivered.emit(task_id, False, database_error_message(exc))
        except Exception as exc:  # the one place a bug becomes a message, not a crash
            log.exception("task %d failed unexpectedly", task_id)
            self._delivered.emit(task_id, False, internal_error_message(exc))
        else:
            self._delivered.emit(task_id, True, result)

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, payload: object) -> None:
        if self._closed:
            return  # receivers may already be half torn down
        if ok:
            self.finished.emit(task_id, payload)
        else:
            self.failed.emit(task_id, str(payload))

    def wait(self, msecs: int = -1) -> bool:
        """Block until every queued task has run; for start-up and shutdown only."""
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Drop tasks that have not started and wait for the running one.

        Waiting (rather than abandoning the thread) lets a save in progress commit
        and keeps Qt from destroying a thread that still runs.
        """
        if self._closed:
            return
        self._closed = True
        self._pool.clear()
        self._pool.waitForDone()

    @property
    def is_shut_down(self) -> bool:
        return self._closed


Done = Callable[[object], None]
Failed = Callable[[str], None]


class TaskClient(QObject):
    """Routes a runner's answers to the callbacks of the tasks one owner submitted.

    The runner broadcasts every result; a client, made a child of the widget or
    session that owns it, keeps that owner's callbacks and dies with it, so no
    answer is ever delivered to an object that is already gone.
    """

    def __init__(self, runner: TaskRunner, parent: QObject) -> None:
        super().__init__(parent)
        self._runner = runner
        self._handlers: dict[int, tuple[Done, Failed]] = {}
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)

    def submit(self, done: Done, failed: Failed, fn: Callable[..., object],
               *args: object) -> int | None:
        """Queue ``fn(db, *args)``; None when the runner is already shut down."""
        if self._runner.is_shut_down:
            return None
        task_id = self._runner.submit(fn, *args)
        self._handlers[task_id] = (done, failed)
        return task_id

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        handlers = self._handlers.pop(task_id, None)
        if handlers is not None:
            handlers[0](result)

    @Slot(int, str)
    def _on_failed(self, task_id: int, message: str) -> None:
        handlers = self._handlers.pop(task_id, None)
        if handlers is not None:
            handlers[1](message)

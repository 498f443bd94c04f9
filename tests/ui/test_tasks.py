"""The task runner: work off the GUI thread, answers on it, errors as readable text."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from newsroom.domain.errors import ValidationError
from newsroom.services import users
from newsroom.storage.db import Database
from ui.tasks import TaskRunner


def _count_users(db: Database) -> int:
    with db.uow() as uow:
        return users.count_users(uow)


def test_result_arrives_by_signal_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner,
                                                    sqlite_db: Database) -> None:
    seen: dict[str, object] = {}

    def work(db: Database, a: int, b: int) -> int:
        seen["db"] = db
        seen["thread"] = threading.get_ident()
        return a + b + _count_users(db)

    gui_thread = QApplication.instance().thread()  # type: ignore[union-attr]
    delivered_on: list[bool] = []
    runner.finished.connect(lambda *_: delivered_on.append(QThread.currentThread() is gui_thread))
    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        task_id = runner.submit(work, 2, 3)
    assert blocker.args == [task_id, 5]
    assert seen["db"] is sqlite_db
    assert seen["thread"] != threading.get_ident()
    assert delivered_on == [True]


def test_newsroom_error_becomes_its_message(qtbot: QtBot, runner: TaskRunner) -> None:
    def work(db: Database) -> None:
        raise ValidationError("the title is empty: every article needs one")

    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        task_id = runner.submit(work)
    assert blocker.args == [task_id, "the title is empty: every article needs one"]


def test_database_error_is_one_readable_line(qtbot: QtBot, runner: TaskRunner) -> None:
    def work(db: Database) -> None:
        with db.uow() as uow:
            uow.session.execute(text("SELECT * FROM no_such_table"))

    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.submit(work)
    assert blocker.args[1] == "Database error: no such table: no_such_table"


def test_unexpected_error_is_logged_and_shown_without_traceback(
        qtbot: QtBot, runner: TaskRunner, caplog: pytest.LogCaptureFixture) -> None:
    def work(db: Database) -> None:
        raise ZeroDivisionError("division by zero")

    with caplog.at_level(logging.ERROR, logger="ui.tasks"), \
            qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.submit(work)
    message = blocker.args[1]
    assert message.startswith("Internal error (ZeroDivisionError).")
    assert "Traceback" not in message and "line " not in message
    [record] = [r for r in caplog.records if r.name == "ui.tasks"]
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError


def test_messages_follow_the_interface_language(qtbot: QtBot, runner: TaskRunner,
                                                uk: None) -> None:
    def work(db: Database) -> None:
        with db.uow() as uow:
            uow.session.execute(text("SELECT * FROM no_such_table"))

    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.submit(work)
    assert blocker.args[1] == "Помилка бази даних: no such table: no_such_table"


def test_one_worker_runs_tasks_in_submission_order(qtbot: QtBot, runner: TaskRunner) -> None:
    active: list[int] = []
    overlap: list[bool] = []
    lock = threading.Lock()

    def work(db: Database, n: int) -> int:
        with lock:
            active.append(n)
            overlap.append(len(active) > 1)
        time.sleep(0.02)
        with lock:
            active.remove(n)
        return n

    results: list[int] = []
    runner.finished.connect(lambda _id, result: results.append(result))
    for n in range(6):
        runner.submit(work, n)
    qtbot.waitUntil(lambda: len(results) == 6, timeout=5000)
    assert results == list(range(6))
    assert not any(overlap)


def test_shutdown_waits_for_the_running_task_and_drops_the_rest(
        qtbot: QtBot, sqlite_db: Database) -> None:
    runner = TaskRunner(sqlite_db)
    started = threading.Event()
    ran: list[str] = []

    def slow(db: Database) -> str:
        started.set()
        time.sleep(0.3)
        ran.append("slow")
        return "slow"

    def never(db: Database) -> str:
        ran.append("never")
        return "never"

    delivered: list[object] = []
    runner.finished.connect(lambda _id, result: delivered.append(result))
    runner.submit(slow)
    runner.submit(never)
    assert started.wait(5)
    runner.shutdown()  # blocks until slow() is done
    assert ran == ["slow"]
    qtbot.wait(50)  # a late delivery would arrive now
    assert delivered == []
    with pytest.raises(RuntimeError):
        runner.submit(never)
    runner.shutdown()  # twice is harmless

"""Builds and runs the desktop app: ``python main.py [--db URL] [--lang uk|en] [--user LOGIN]``.

With no arguments and no configuration the app must simply work on a fresh
office PC: SQLite in the user's data folder, created and migrated on the first
start, Ukrainian interface, a dialog that creates the first user.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from newsroom import __version__, config
from newsroom import i18n as core_i18n
from newsroom.domain.errors import NewsroomError
from newsroom.storage import migrate
from newsroom.storage.db import Database
from ui import i18n
from ui.logs import route_qt_messages, setup_logging
from ui.settings import APPLICATION, ORGANIZATION
from ui.startup import Startup
from ui.tasks import TaskRunner, internal_error_message

log = logging.getLogger(__name__)

QUIT_AFTER_ENV = "NEWSROOM_QUIT_AFTER_MS"
"""Quit this many milliseconds after start: for smoke tests of the whole app."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="Newsroom desktop editor")
    parser.add_argument("--db", metavar="URL",
                        help="database address: sqlite:///path/file.sqlite3 or "
                             "postgresql+psycopg://user@host/db (default: SQLite in the data "
                             "folder, or NEWSROOM_DB_URL)")
    parser.add_argument("--lang", choices=core_i18n.SUPPORTED,
                        help="interface language (default: uk, or NEWSROOM_LANG)")
    parser.add_argument("--user", metavar="LOGIN", help="sign in as this user, skipping the "
                                                        "sign-in dialog")
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Read the app's own arguments (Qt's, such as ``-platform``, are already removed)."""
    return _parser().parse_args(list(argv))


def precheck_args(argv: Sequence[str]) -> None:
    """Answer ``--help`` and reject a bad ``--lang`` before Qt starts.

    Creating the QApplication needs a display; ``main.py --help`` over SSH must
    not. Qt's own arguments are unknown here and let through, to be removed by
    QApplication before :func:`parse_args` reads the rest strictly.
    """
    _parser().parse_known_args(list(argv))


_error_boxes: list[QMessageBox] = []
"""Open "internal error" boxes: without a Python reference a parentless box is
deleted as soon as the hook returns, before anyone sees it."""


def _show_unexpected(exc_type: type[BaseException], exc: BaseException,
                     tb: TracebackType | None) -> None:
    """sys.excepthook: an exception in a slot becomes a log entry and a short message."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    _error_boxes[:] = [b for b in _error_boxes if b.isVisible()]
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("App", "Newsroom"),
                      internal_error_message(exc), QMessageBox.StandardButton.Close)
    box.setObjectName("internalError")
    _error_boxes.append(box)
    box.open()


def _quit_timer(app: QApplication) -> QTimer | None:
    raw = os.environ.get(QUIT_AFTER_ENV)
    if not raw:
        return None
    try:
        msecs = int(raw)
    except ValueError:
        log.warning("%s=%r is not a number of milliseconds; ignored", QUIT_AFTER_ENV, raw)
        return None
    timer = QTimer(app)
    timer.setSingleShot(True)

    def quit_now() -> None:
        log.info("%s: quitting after %d ms", QUIT_AFTER_ENV, msecs)
        QApplication.closeAllWindows()  # the main window saves its layout on close
        app.exit(0)

    timer.timeout.connect(quit_now)
    timer.start(msecs)
    return timer


def _fatal(message: str) -> int:
    log.error("cannot start: %s", message)
    QMessageBox.critical(None, QCoreApplication.translate("App", "Newsroom"), message)
    return 1


def run(argv: Sequence[str]) -> int:
    """Start the app with ``argv`` as in ``sys.argv``; returns the exit code."""
    try:
        precheck_args(argv[1:])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    app = QApplication(list(argv))
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)  # Startup says when to quit
    try:
        args = parse_args(app.arguments()[1:])
    except SystemExit as exc:  # --help, or a bad argument (argparse printed why)
        return exc.code if isinstance(exc.code, int) else 2

    path = setup_logging()
    route_qt_messages()
    log.info("Newsroom %s starting (log: %s)", __version__, path)
    i18n.install(args.lang or core_i18n.language())
    timer = _quit_timer(app)

    url = config.resolve_db_url(args.db)
    try:
        migrate.check_target(url, create=True)  # reads only: a foreign file stays untouched
        db = Database(url)
    except NewsroomError as exc:
        return _fatal(exc.message)
    except OSError as exc:  # e.g. the folder for a new SQLite file cannot be created
        return _fatal(QCoreApplication.translate(
            "App", "Cannot open the database {url}: {error}").format(url=url, error=exc))

    previous_hook = sys.excepthook
    sys.excepthook = _show_unexpected
    runner = TaskRunner(db)
    startup = Startup(runner, login=args.user)
    startup.done.connect(app.exit)
    try:
        startup.start()
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
        _error_boxes.clear()
        startup.close_all()
        runner.shutdown()
        startup.window = None
        startup.dialog = None
        del startup, runner, timer
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        db.dispose()
    log.info("Newsroom exits with code %d", code)
    return code

"""A log file in the data folder, because office PCs start the app without a console.

Press officers cannot read a traceback, and on Windows there is nowhere to print
one; the app writes details to ``logs/app.log`` in the data folder and shows
people a short message that points there.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from newsroom import config

LOG_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"

_log_path: Path | None = None


def log_path() -> Path | None:
    """The file unexpected errors are written to, or None when logging to a file failed."""
    return _log_path


def setup_logging() -> Path | None:
    """Log to ``logs/app.log`` in the data folder; once per process.

    A read-only or full disk must not stop the app from starting, so failing to
    open the file only leaves logging on stderr (when there is one).
    """
    global _log_path
    root = logging.getLogger()
    if _log_path is not None:
        return _log_path
    root.setLevel(logging.INFO)
    try:
        logs = config.data_dir() / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        path = logs / "app.log"
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        path = None
    else:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(handler)
    if sys.stderr is not None:  # pythonw.exe on Windows has no stderr
        console = logging.StreamHandler()
        console.setLevel(logging.WARNING)
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(console)
    _log_path = path
    return path


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category or "default"
    logging.getLogger(f"qt.{category}").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def route_qt_messages() -> None:
    """Send Qt's own warnings to the log file too, where a support call can find them."""
    qInstallMessageHandler(_qt_message)

"""A bug in a slot becomes a log entry and a short message, never a traceback on screen."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from ui import app


def test_excepthook_logs_and_shows_a_short_message(qtbot: QtBot,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise KeyError("body")
    except KeyError as exc:
        error = exc
    with caplog.at_level(logging.ERROR, logger="ui.app"):
        app._show_unexpected(KeyError, error, error.__traceback__)
    [box] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert box.isVisible()
    assert box.text().startswith("Internal error (KeyError).")
    assert "Traceback" not in box.text()
    [record] = caplog.records
    assert record.exc_info is not None and record.exc_info[1] is error
    box.close()
    app._error_boxes.clear()
    # pytest keeps the log record, whose traceback keeps this frame and its locals,
    # until after the leak check: let go of the box here.
    del box

"""The Qt binding in use does not corrupt Python's reference counts.

PySide6 6.12.0 dropped a reference to None on every Qt call returning nothing;
on Python 3.11 the interpreter aborts ("none_dealloc") after a few thousand
such calls, i.e. minutes into an editing session. pyproject.toml excludes that
release; this test catches the next one like it before a press officer does.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTextEdit
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    editor = QTextEdit()
    qtbot.addWidget(editor)
    cursor = editor.textCursor()
    before = sys.getrefcount(None)
    for _ in range(2000):
        cursor.insertText("x")
        editor.setEnabled(True)
    lost = before - sys.getrefcount(None)
    assert lost < 100, f"{lost} references to None lost in 4000 calls"


class _Probe(QObject):
    ping = Signal()


def test_signal_emit_keeps_true_alive() -> None:
    """6.12.0 also dropped a reference to True on every Signal.emit() ("bool_dealloc")."""
    probe = _Probe()
    before = sys.getrefcount(True) + sys.getrefcount(False)
    for _ in range(2000):
        probe.ping.emit()
    lost = before - (sys.getrefcount(True) + sys.getrefcount(False))
    assert lost < 100, f"{lost} references to True/False lost in 2000 emits"

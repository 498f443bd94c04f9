"""``NEWSROOM_EXIT_AFTER_FIRST_PAINT=1``: say when the main window is first on screen, then quit.

The cold-start benchmark (``bench/app_bench.py``) needs the moment a person
would see the window, measured from outside the process, so the app prints
``time.monotonic()`` (one clock for every process on the machine) on stdout:

    NEWSROOM_FIRST_PAINT window <seconds>        the main window's first frame is painted
    NEWSROOM_FIRST_PAINT rows <seconds> <count>  the list's first page is painted (count 0:
                                                 the list is empty; -1: the page failed)
    NEWSROOM_FIRST_PAINT rss <kB>                resident memory then (Linux only)

and then quits as the user would (layout saved, windows closed). Each moment is
taken just after the paint pass that drew it, not when it began. Nothing
happens unless the variable is set; start the app signed in (``--user LOGIN``)
or the sign-in dialog comes first and the window never opens.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QWidget

from ui.widgets.main_window import MainWindow

FIRST_PAINT_ENV = "NEWSROOM_EXIT_AFTER_FIRST_PAINT"
LINE_PREFIX = "NEWSROOM_FIRST_PAINT"


def requested() -> bool:
    return os.environ.get(FIRST_PAINT_ENV, "") not in ("", "0")


class FirstPaintProbe(QObject):
    """Watches one main window; calls ``finished()`` once the list's first page is painted.

    It lets go of the window and the callback when done: a probe (the window's
    child) holding its window would make a reference cycle, and a window freed
    by the cycle collector gets its last events after its attributes are gone.
    """

    def __init__(self, window: MainWindow, finished: Callable[[], None]) -> None:
        super().__init__(window)
        self._window: MainWindow | None = window
        self._viewport: QWidget | None = window.table.viewport()
        self._finished: Callable[[], None] | None = finished
        self._window_seen = False
        self._window_done = False
        self._rows_seen = False
        window.installEventFilter(self)
        self._viewport.installEventFilter(self)
        window.model.pageLoaded.connect(self._check_empty)
        window.model.loadFailed.connect(self._failed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._window is not None:
            if watched is self._window and not self._window_seen:
                self._window_seen = True
                QTimer.singleShot(0, self._window_painted)  # after this paint pass
            elif (watched is self._viewport and not self._rows_seen
                  and self._window.model.rowCount() > 0):
                self._rows_seen = True
                QTimer.singleShot(0, self._rows_painted)
        return False

    @Slot()
    def _window_painted(self) -> None:
        _say(f"window {time.monotonic():.6f}")
        self._window_done = True
        self._check_empty()

    @Slot()
    def _rows_painted(self) -> None:
        if self._window is None:
            return
        if not self._window_done:  # the same pass painted both: the window first
            QTimer.singleShot(0, self._rows_painted)
            return
        _say(f"rows {time.monotonic():.6f} {self._window.model.rowCount()}")
        self._finish()

    @Slot()
    def _check_empty(self) -> None:
        if self._window is None:
            return
        model = self._window.model
        if (self._window_done and not self._rows_seen and not model.is_loading
                and not model.has_more and model.rowCount() == 0):
            self._rows_seen = True
            _say(f"rows {time.monotonic():.6f} 0")
            self._finish()

    @Slot(str)
    def _failed(self, _message: str) -> None:
        if not self._rows_seen:
            self._rows_seen = True
            _say(f"rows {time.monotonic():.6f} -1")
            self._finish()

    def _finish(self) -> None:
        window, viewport, finished = self._window, self._viewport, self._finished
        self._window = self._viewport = self._finished = None
        if window is None or viewport is None or finished is None:
            return
        window.removeEventFilter(self)
        viewport.removeEventFilter(self)
        window.model.pageLoaded.disconnect(self._check_empty)
        window.model.loadFailed.disconnect(self._failed)
        rss = resident_kb()
        if rss is not None:
            _say(f"rss {rss}")
        QTimer.singleShot(0, finished)


def resident_kb() -> int | None:
    """VmRSS of this process; None where /proc is not (Windows, macOS)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _say(text: str) -> None:
    print(f"{LINE_PREFIX} {text}", flush=True)

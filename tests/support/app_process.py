"""The real app in a subprocess, for tests that must crash it for real.

An in-process Qt test cannot be killed with SIGKILL and live to check the
result, so crash tests start ``main.py`` with a NEWSROOM_TEST_SCRIPT (see
``ui.startup.TEST_SCRIPT_ENV``) that drives the real widgets and reports on
stdout, one line per event. :class:`LineReader` collects those lines on a
thread, so the test can pick its moment to kill without blocking on a read.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]


def start_app(url: str, script: Path, tmp_path: Path, env_extra: dict[str, str] | None = None,
              login: str = "olena", stderr: IO[str] | int = subprocess.PIPE,
              autosave_ms: int = 500) -> subprocess.Popen[str]:
    """``main.py`` offscreen on ``url`` signed in as ``login``, running ``script`` once up.

    Data, cache and settings folders live under ``tmp_path``: the child must not
    read or write the real user's files (nor a neighbour test's).
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEWSROOM_TEST_SCRIPT=str(script),
               NEWSROOM_AUTOSAVE_MS=str(autosave_ms), NEWSROOM_DATA_DIR=str(tmp_path / "data"),
               NEWSROOM_CACHE_DIR=str(tmp_path / "cache"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), **(env_extra or {}))
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", url, "--user",
                             login, "--lang", "uk"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=stderr, text=True, encoding="utf-8")


def read_until(process: subprocess.Popen[str], marker: str, timeout: float = 60) -> list[str]:
    """Lines from the app up to the first starting with ``marker``; fails with its stderr."""
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith(marker):
            return lines
    process.kill()
    _out, err = process.communicate(timeout=30)
    raise AssertionError(f"no {marker!r} from the app; stdout {lines}, stderr:\n{err}")


class LineReader:
    """Reads a child's stdout on a thread, so waiting for a line can time out."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        self._stdout = process.stdout
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        for line in self._stdout:
            if line.endswith("\n"):  # not the half a line a killed child may leave
                self._queue.put(line[:-1])
        self._queue.put(None)

    def wait_for(self, marker: str, timeout: float) -> str | None:
        """The first new line starting with ``marker``; None at end of output or timeout."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                return None
            if line is None:
                self._queue.put(None)  # later calls see the end too
                return None
            self.lines.append(line)
            if line.startswith(marker):
                return line

    def finish(self, timeout: float = 30) -> list[str]:
        """Every line, once the child has exited (its pipe then ends)."""
        self._thread.join(timeout)
        while True:
            try:
                line = self._queue.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.lines.append(line)
        self._stdout.close()
        return self.lines

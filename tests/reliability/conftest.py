"""The reliability suite: each test tries hard to break one promise and records its figures.

Every test here runs twice over in the project's life: on every change, at the
small scale CI can afford (``python3 dev.py test``), and at full scale with
``python3 dev.py reliability`` (``NEWSROOM_RELIABILITY=full``), which prints the
table of figures this file collects. Use :func:`scale` for every count, so the
two differ only in how many times they try.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from tests.integration.conftest import wp_peer  # noqa: F401 - the WordPress peer fixture

FULL_ENV = "NEWSROOM_RELIABILITY"
REPORT_ENV = "NEWSROOM_RELIABILITY_REPORT"


def full_run() -> bool:
    return os.environ.get(FULL_ENV, "").lower() == "full"


def scale(ci: int, full: int) -> int:
    """How many times to try: ``ci`` on every change, ``full`` for ``dev.py reliability``."""
    return full if full_run() else ci


@dataclass(frozen=True)
class Figure:
    check: str  # which promise, e.g. "crash: SIGKILL while typing"
    name: str  # what was counted, e.g. "saved revisions damaged"
    value: float | int | str
    target: str  # what it must be, e.g. "0" or "≤ 1 autosave interval"
    ok: bool


_FIGURES: list[Figure] = []


class Figures:
    """Collects a test's figures for the table; a figure that misses its target fails the test
    only through the test's own asserts, so the table is printed even for a failing run."""

    def __init__(self, check: str) -> None:
        self.check = check

    def add(self, name: str, value: float | int | str, target: str, ok: bool) -> None:
        _FIGURES.append(Figure(self.check, name, value, target, ok))

    def zero(self, name: str, value: int) -> None:
        """The common case: a count of failures whose target is 0."""
        self.add(name, value, "0", value == 0)

    def info(self, name: str, value: float | int | str) -> None:
        """A count that has no target (how many were tried, how long it took)."""
        self.add(name, value, "", True)


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Iterator[Figures]:
    """``figures.zero("duplicate posts", n)``; the check is named by the test's docstring's
    first line (or its name), with its parameters, such as ``[postgresql]``."""
    doc = (request.function.__doc__ or "").strip().splitlines()
    check = doc[0].rstrip(".") if doc else request.node.name
    callspec = getattr(request.node, "callspec", None)
    yield Figures(f"{check} [{callspec.id}]" if callspec is not None else check)


def _cell(value: float | int | str) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def render_table(rows: list[Figure]) -> list[str]:
    header = ("check", "figure", "value", "target", "")
    table = [header] + [(f.check, f.name, _cell(f.value), f.target,
                         "ok" if f.ok else "MISSED") for f in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
             for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths).rstrip())
    return lines


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """A check that could not run is a row of its own: a table without it would read
    as if it had passed."""
    if report.skipped and (full_run() or report.nodeid.startswith("tests/reliability")):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        _FIGURES.append(Figure(report.nodeid, f"not run: {reason}", "-", "run", False))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _FIGURES:
        return
    scale_name = "full" if full_run() else "CI (short)"
    terminalreporter.section(f"reliability figures, {scale_name} scale")
    for line in render_table(_FIGURES):
        terminalreporter.write_line(line)
    report = os.environ.get(REPORT_ENV)
    if report:
        Path(report).write_text(json.dumps([asdict(f) for f in _FIGURES], ensure_ascii=False,
                                           indent=1), "utf-8")

"""``python -m bench.app_bench``: the desktop app with 100,000 articles, against bare Qt.

What a press officer feels is the window appearing, the list answering a filter
and the PC not swapping, so three figures, each against a baseline measured in
the same run:

- **cold start:** from spawning ``python main.py --db … --user …`` to the main
  window's first painted frame (and to the list's first page painted), in a
  fresh process each time, against a bare ``QApplication`` + ``QMainWindow().show()``
  script started the same way (same interpreter, same environment, same
  offscreen platform) to its first frame. Both print ``time.monotonic()`` — one
  clock for all processes — through the app's ``NEWSROOM_EXIT_AFTER_FIRST_PAINT``
  hook (``ui/first_paint.py``) and a copy of it in the bare script. The disk
  cache is warm (one untimed start of each first): "cold" means a new process,
  not a rebooted PC. Goal: at most 1.5x the bare window.
- **filter change:** in this process, the real main window on the database;
  the status filter and the search box (Enter, so the 300 ms typing pause is
  not counted) change in turn, each timed until the model holds the new first
  page (its count arrives before it: the task runner keeps order). Baseline:
  the same changes on a 1,000-article database built the same way. Goal: p95
  under 50 ms at 100,000.
- **memory:** resident set (``VmRSS``) of the app just after its first page is
  painted, against the bare window's after its first frame (Linux only).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import corpus_author, generate, load_database
from newsroom.storage import migrate
from newsroom.storage.db import Database

ROOT = Path(__file__).resolve().parents[1]
LOGIN = "corpus"
"""The writer ``bench.corpus`` signs its articles with: the app starts as them."""

LINE = "NEWSROOM_FIRST_PAINT"
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"
"""What the offscreen platform says whenever a window with a layout is shown."""

BARE_WINDOW = f'''\
"""A bare Qt window, started and measured like the app (bench/app_bench.py)."""
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def rss_kb() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            return next(int(x.split()[1]) for x in f if x.startswith("VmRSS:"))
    except OSError:
        return None


class Probe(QObject):
    seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self.painted)
        return False

    def painted(self) -> None:
        print(f"{LINE} window {{time.monotonic():.6f}}", flush=True)
        rss = rss_kb()
        if rss is not None:
            print(f"{LINE} rss {{rss}}", flush=True)
        QApplication.instance().quit()


app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1100, 700)
probe = Probe()
window.installEventFilter(probe)
window.show()
sys.exit(app.exec())
'''


# ------------------------------------------------------------------ databases


def build_database(path: Path, n: int, seed: int) -> None:
    """A migrated SQLite file holding ``n`` corpus articles (all published)."""
    db = Database(f"sqlite:///{path.as_posix()}")
    try:
        migrate.upgrade(db)
        load_database(db, generate(n, seed), author_id=corpus_author(db))
    finally:
        db.dispose()


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ cold start


@dataclass(frozen=True)
class Start:
    window_ms: float
    rows_ms: float | None
    rows: int | None
    rss_kb: int | None


def parse_lines(lines: Sequence[str], spawned: float) -> Start:
    """The hook's lines, as milliseconds since ``spawned`` (a monotonic time)."""
    window: float | None = None
    rows_at: float | None = None
    rows: int | None = None
    rss: int | None = None
    for line in lines:
        parts = line.split()
        if len(parts) < 3 or parts[0] != LINE:
            continue
        if parts[1] == "window":
            window = (float(parts[2]) - spawned) * 1000
        elif parts[1] == "rows":
            rows_at = (float(parts[2]) - spawned) * 1000
            rows = int(parts[3]) if len(parts) > 3 else None
        elif parts[1] == "rss":
            rss = int(parts[2])
    if window is None:
        raise RuntimeError("no first-paint line:\n" + "\n".join(lines))
    return Start(window, rows_at, rows, rss)


def start_once(argv: Sequence[str], env: dict[str, str]) -> Start:
    spawned = time.monotonic()
    done = subprocess.run(list(argv), env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=180, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{argv[1]} exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return parse_lines(done.stdout.splitlines(), spawned)


def cold_starts(db_path: Path, runs: int, work: Path) -> tuple[list[Start], list[Start]]:
    """``runs`` starts of the app and of the bare window, alternating, after one
    untimed start of each."""
    bare = work / "bare_window.py"
    bare.write_text(BARE_WINDOW, "utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEWSROOM_EXIT_AFTER_FIRST_PAINT="1",
               NEWSROOM_DATA_DIR=str(work / "data"), XDG_CONFIG_HOME=str(work / "config"),
               NEWSROOM_CACHE_DIR=str(work / "cache"), NEWSROOM_LANG="uk",
               PYTHONPYCACHEPREFIX=str(work / "pycache"))
    # An installed app has its bytecode compiled; the warm-up start writes it
    # (to the temporary folder, not the source tree) for both scripts alike.
    for name in ("NEWSROOM_DB_URL", "NEWSROOM_QUIT_AFTER_MS", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    app_argv = [sys.executable, str(ROOT / "main.py"), "--db",
                f"sqlite:///{db_path.as_posix()}", "--user", LOGIN]
    bare_argv = [sys.executable, str(bare)]
    start_once(app_argv, env)
    start_once(bare_argv, env)
    apps, bares = [], []
    for i in range(runs):
        bares.append(start_once(bare_argv, env))
        apps.append(start_once(app_argv, env))
        _progress(f"  start {i + 1}/{runs}: app {apps[-1].window_ms:.0f} ms, "
                  f"bare {bares[-1].window_ms:.0f} ms")
    return apps, bares


# ------------------------------------------------------------------ filter change


FILTER_STEPS: tuple[tuple[str, str], ...] = (
    ("status", "published"), ("status", "draft"), ("status", ""),
    ("search", "волонтерських організацій"), ("search", "ремонт доріг"),
    ("search", "Мелітополь"), ("search", "опалювальному сезоні"), ("search", ""),
)
"""One round of changes: every step differs from the one before it."""


def filter_changes(db_path: Path, rounds: int) -> list[float]:
    """Milliseconds from each filter change to its first page in the model."""
    from PySide6.QtCore import (
        QEventLoop,
        QMessageLogContext,
        QTimer,
        QtMsgType,
        qInstallMessageHandler,
    )
    from PySide6.QtWidgets import QApplication

    from newsroom.services import users
    from ui.tasks import TaskRunner
    from ui.widgets.main_window import MainWindow

    def quiet(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message != OFFSCREEN_NOISE:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
    db = Database(f"sqlite:///{db_path.as_posix()}")
    runner = TaskRunner(db)
    with db.uow() as uow:
        user = users.get_by_login(uow, LOGIN)
    window = MainWindow(runner, user, "bench")
    window.show()

    def wait_page(timeout_ms: int = 60_000) -> None:
        loop = QEventLoop()
        window.model.pageLoaded.connect(loop.quit)
        window.model.loadFailed.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        window.model.pageLoaded.disconnect(loop.quit)
        window.model.loadFailed.disconnect(loop.quit)
        if window.model.error is not None:
            raise RuntimeError(f"the list failed: {window.model.error}")

    try:
        if window.model.is_loading:
            wait_page()
        samples: list[float] = []
        for _ in range(rounds + 1):  # the first round warms up
            for kind, value in FILTER_STEPS:
                t0 = time.perf_counter()
                if kind == "status":
                    window.status_combo.setCurrentIndex(
                        max(window.status_combo.findData(value or None), 0))
                else:
                    window.search_edit.setText(value)
                    window.search_edit.returnPressed.emit()
                if window.model.is_loading:
                    wait_page()
                samples.append((time.perf_counter() - t0) * 1000)
        return samples[len(FILTER_STEPS):]
    finally:
        window.close()
        runner.shutdown()
        window.deleteLater()
        app.processEvents()
        db.dispose()


# ------------------------------------------------------------------ report


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _median(values: Sequence[float | None]) -> float:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else float("nan")


def print_table(n: int, small: int, apps: Sequence[Start], bares: Sequence[Start],
                big: Sequence[float], little: Sequence[float]) -> None:
    print(f"desktop app at {n:,} articles (SQLite file, QT_QPA_PLATFORM=offscreen; cold start: "
          f"median of {len(apps)} fresh processes each; filter: {len(big)} changes)")
    print(f"{'measure':<46} {'ours':>11} {'baseline':>11} {'ratio':>7}  goal")
    rows: list[tuple[str, float, float, str, str]] = []
    app_win = _median([s.window_ms for s in apps])
    bare_win = _median([s.window_ms for s in bares])
    rows.append(("cold start to main window painted", app_win, bare_win, "ms", "<= 1.5x"))
    rows.append(("cold start to first list page painted", _median([s.rows_ms for s in apps]),
                 bare_win, "ms", ""))
    rows.append((f"filter change p50 (baseline: {small:,} articles)", statistics.median(big),
                 statistics.median(little), "ms", ""))
    rows.append((f"filter change p95 (baseline: {small:,} articles)", _p95(big), _p95(little),
                 "ms", "< 50 ms"))
    app_rss = _median([s.rss_kb for s in apps]) / 1024
    bare_rss = _median([s.rss_kb for s in bares]) / 1024
    rows.append(("resident memory after first paint", app_rss, bare_rss, "MB", ""))
    for what, ours, base, unit, goal in rows:
        ratio = ours / base if base else float("nan")
        print(f"{what:<46} {ours:>8.1f} {unit} {base:>8.1f} {unit} {ratio:>6.2f}x  {goal}")
    print("baseline: a bare QApplication + QMainWindow started the same way (cold start, "
          "memory); the same filter changes on a small database (filter)")
    counts = {s.rows for s in apps}
    print(f"first page rows shown: {', '.join(str(c) for c in sorted(counts, key=str))}")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.app_bench",
                                description=__doc__.split("\n", 1)[0] if __doc__ else None)
    p.add_argument("--n", type=int, default=100_000, help="articles (default 100,000)")
    p.add_argument("--small", type=int, default=1_000, help="articles of the filter baseline")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=5, help="cold starts of each (after a warm-up)")
    p.add_argument("--rounds", type=int, default=3,
                   help=f"rounds of {len(FILTER_STEPS)} filter changes (after a warm-up round)")
    p.add_argument("--db", type=Path, help="use this SQLite file of --n corpus articles "
                                           "(made by an earlier run with --keep-db) instead "
                                           "of building one")
    p.add_argument("--keep-db", type=Path, help="build the database at this path and keep it")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        big_db = args.db
        if big_db is None:
            big_db = args.keep_db or work / "big.sqlite3"
            _progress(f"building a database of {args.n:,} articles…")
            t0 = time.perf_counter()
            build_database(big_db, args.n, args.seed)
            _progress(f"  built in {time.perf_counter() - t0:.0f} s")
        small_db = work / "small.sqlite3"
        build_database(small_db, args.small, args.seed)
        _progress("cold starts…")
        apps, bares = cold_starts(big_db, args.runs, work)
        _progress("filter changes…")
        big = filter_changes(big_db, args.rounds)
        little = filter_changes(small_db, args.rounds)
    print_table(args.n, args.small, apps, bares, big, little)


if __name__ == "__main__":
    main()

"""The cold-start benchmark's hook: ``NEWSROOM_EXIT_AFTER_FIRST_PAINT`` in the real app."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.app_bench import BARE_WINDOW, parse_lines
from newsroom.domain.roles import Role
from newsroom.storage import migrate
from newsroom.storage.db import Database
from tests.ui.conftest import add_articles, add_user
from ui.first_paint import FIRST_PAINT_ENV, LINE_PREFIX

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEWSROOM_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.pop("NEWSROOM_QUIT_AFTER_MS", None)
    env.pop(FIRST_PAINT_ENV, None)
    return env | extra


def _database(tmp_path: Path, titles: list[str]) -> str:
    url = f"sqlite:///{(tmp_path / 'x.sqlite3').as_posix()}"
    db = Database(url)
    try:
        migrate.upgrade(db)
        author = add_user(db, "olena", Role.EDITOR)
        add_articles(db, author, titles)
    finally:
        db.dispose()
    return url


def _lines(stdout: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in stdout.splitlines():
        parts = line.split()
        if parts and parts[0] == LINE_PREFIX:
            found[parts[1]] = parts[2:]
    return found


@pytest.mark.parametrize("articles", [3, 0])
def test_the_app_says_when_its_window_and_list_are_painted_then_quits(
        tmp_path: Path, articles: int) -> None:
    url = _database(tmp_path, [f"Новина {i}" for i in range(articles)])
    spawned = time.monotonic()
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", url, "--user", "olena"],
                          cwd=ROOT, env=_env(tmp_path, **{FIRST_PAINT_ENV: "1"}),
                          capture_output=True, text=True, timeout=120, check=False)
    finished = time.monotonic()
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Error calling" not in done.stderr, done.stderr
    lines = _lines(done.stdout)
    assert set(lines) >= {"window", "rows"}, done.stdout
    window, rows = float(lines["window"][0]), float(lines["rows"][0])
    assert spawned < window <= rows < finished  # one clock across processes, in order
    assert int(lines["rows"][1]) == articles
    if sys.platform == "linux":
        assert int(lines["rss"][0]) > 0
    start = parse_lines(done.stdout.splitlines(), spawned)
    assert start.rows == articles
    assert start.rows_ms is not None and start.rows_ms >= start.window_ms > 0
    log = (tmp_path / "data" / "logs" / "app.log").read_text(encoding="utf-8")
    assert "signed in as olena" in log


def test_without_the_variable_the_app_prints_nothing_of_it(tmp_path: Path) -> None:
    url = _database(tmp_path, ["Новина"])
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", url, "--user", "olena"],
                          cwd=ROOT, env=_env(tmp_path, NEWSROOM_QUIT_AFTER_MS="1500"),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert LINE_PREFIX not in done.stdout


def test_the_bare_window_baseline_reports_the_same_way(tmp_path: Path) -> None:
    script = tmp_path / "bare.py"
    script.write_text(BARE_WINDOW, "utf-8")
    spawned = time.monotonic()
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    start = parse_lines(done.stdout.splitlines(), spawned)
    assert start.window_ms > 0 and start.rows is None

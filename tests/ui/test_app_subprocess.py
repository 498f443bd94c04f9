"""The whole app as a user starts it: ``python main.py``, in a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from newsroom.domain.roles import Role
from newsroom.storage import migrate
from newsroom.storage.db import Database
from tests.ui.conftest import add_user

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run_app(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEWSROOM_QUIT_AFTER_MS="1500",
               NEWSROOM_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_first_start_creates_and_migrates_the_database(tmp_path: Path) -> None:
    path = tmp_path / "office" / "x.sqlite3"
    done = _run_app("--db", f"sqlite:///{path.as_posix()}", "--user", "olena",
                    data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert path.is_file()
    db = Database(f"sqlite:///{path.as_posix()}")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        assert {"users", "articles"} <= set(inspect(db.engine).get_table_names())
    finally:
        db.dispose()
    log = (tmp_path / "data" / "logs" / "app.log").read_text(encoding="utf-8")
    assert "quitting after 1500 ms" in log


def test_a_known_user_goes_straight_to_the_main_window(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'x.sqlite3').as_posix()}"
    db = Database(url)
    try:
        migrate.upgrade(db)
        add_user(db, "olena", Role.EDITOR)
    finally:
        db.dispose()
    done = _run_app("--db", url, "--user", "olena", "--lang", "uk",
                    data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    log = (tmp_path / "data" / "logs" / "app.log").read_text(encoding="utf-8")
    assert "signed in as olena" in log
    assert "ERROR" not in log


@pytest.mark.parametrize("where", ["mysql", "under-a-file"])
def test_a_bad_database_address_is_one_line_and_exit_code_1(tmp_path: Path, where: str) -> None:
    if where == "mysql":
        url, expected = "mysql://nobody@nowhere/db", "unsupported database 'mysql'"
    else:
        (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
        url = f"sqlite:///{(tmp_path / 'a-file' / 'x.sqlite3').as_posix()}"
        expected = f"cannot create the folder for {tmp_path / 'a-file' / 'x.sqlite3'}: "
    done = _run_app("--db", url, "--lang", "en", data_dir=tmp_path / "data")
    assert done.returncode == 1
    assert expected in done.stderr
    assert "Traceback" not in done.stderr

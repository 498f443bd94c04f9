"""The core works on a machine where Qt cannot even be imported (a cron server).

import-linter checks the imports statically; this proves it at run time: every
module of newsroom/ is imported and the CLI runs with PySide6 and ui/ blocked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCKER = textwrap.dedent("""
    import importlib.abc, pkgutil, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "ui"):
                raise ImportError(f"blocked for this test: {name}")
            return None

    sys.meta_path.insert(0, Block())
    import newsroom
    names = [m.name for m in pkgutil.walk_packages(newsroom.__path__, "newsroom.")
             if ".migrations" not in m.name and m.name != "newsroom.__main__"]
    for name in names:
        __import__(name)
    assert not any(m.split(".")[0] in ("PySide6", "ui") for m in sys.modules)
    from newsroom.cli import main
    code = main(["--db", sys.argv[1], "init"])
    print(len(names), "modules", code)
""")


def test_core_imports_and_runs_with_qt_blocked(tmp_path: Path) -> None:
    script = tmp_path / "blocked.py"
    script.write_text(BLOCKER, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), f"sqlite:///{(tmp_path / 'x.sqlite3').as_posix()}"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    count, _, code = result.stdout.strip().splitlines()[-1].split()
    assert int(count) >= 20
    assert code == "0"
    assert (tmp_path / "x.sqlite3").is_file()

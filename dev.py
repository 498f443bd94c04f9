#!/usr/bin/env python3
"""Set-up and run, for a fresh machine: ``python3 dev.py app`` / ``python3 dev.py test``.

Each command does all of its own set-up: a virtualenv in ``.venv``, the project
and its dependencies installed into it (again only when pyproject.toml
changed), translations compiled; then it starts the app or runs every check and
test. Standard library only, so it runs before anything is installed; works on
Windows office PCs as well as Linux.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)


def ensure_venv(extras: str) -> None:
    """Create .venv and install the project, unless it is already up to date."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs before the venv exists
        sys.exit("Newsroom needs Python 3.11 or newer")
    if not PY.exists():
        say(f"creating virtualenv in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{extras or 'app'}-{digest}"
    if stamp.exists():
        return
    say("installing dependencies (first run or pyproject.toml changed)")
    target = f".[{extras}]" if extras else "."
    if run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip") != 0 or run(
        PY, "-m", "pip", "install", "--quiet", "-e", target
    ) != 0:
        sys.exit("[dev] pip install failed: see the messages above")
    for old in VENV.glob(f".installed-{extras or 'app'}-*"):
        old.unlink()
    stamp.touch()


def compile_translations() -> None:
    if run(PY, "-c", "from ui.i18n import compile_translations; compile_translations()") != 0:
        sys.exit("[dev] compiling translations failed")


def app(args: list[str]) -> int:
    ensure_venv("")
    compile_translations()
    env = dict(os.environ)
    headless = sys.platform.startswith("linux") and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))
    if headless:
        say("no display found: running offscreen (set DISPLAY, or use xvfb-run, to see it)")
        env["QT_QPA_PLATFORM"] = "offscreen"
    return run(PY, ROOT / "main.py", *args, env=env)


def test(args: list[str]) -> int:
    """Architecture, lint, types, then every test; the first failure stops the run."""
    ensure_venv("test")
    compile_translations()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if not env.get("NEWSROOM_TEST_PG_URL"):
        say("NEWSROOM_TEST_PG_URL is not set: PostgreSQL tests will be skipped "
            "(.ci/run sets it)")
    steps: list[tuple[str, list[str | Path]]] = [
        ("import contract (core never imports Qt or ui/)", [BIN / "lint-imports"]),
        ("ruff", [BIN / "ruff", "check", "."]),
        ("mypy", [BIN / "mypy"]),
    ]
    for name, cmd in steps:
        say(name)
        if run(*cmd, env=env) != 0:
            say(f"FAILED: {name}")
            return 1
    say("pytest")
    code = run(PY, "-m", "pytest", *args, env=env)
    if code == 5:
        say("FAILED: pytest collected no tests")
        return 1
    return code


RELIABILITY_TESTS = ["tests/reliability", "tests/integration/test_site_certificates.py",
                     "tests/integration/test_static_site_browser.py",
                     "tests/ui/test_crash_recovery.py"]


def reliability(args: list[str]) -> int:
    """The reliability suite at full scale (50 kills, 500 sync operations, ...), then
    its table of figures; exit 1 when a figure misses its target or a check could
    not run. Needs what .ci/run starts: PostgreSQL and the WordPress peer
    (``.ci/reliability`` starts them and runs this)."""
    ensure_venv("test")
    compile_translations()
    report = VENV / "reliability-figures.json"
    report.unlink(missing_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEWSROOM_RELIABILITY="full",
               NEWSROOM_RELIABILITY_REPORT=str(report))
    for name, why in (("NEWSROOM_TEST_PG_URL", "PostgreSQL"),
                      ("NEWSROOM_TEST_WP_JSON", "the WordPress peer")):
        if not env.get(name):
            say(f"{name} is not set: the checks that need {why} cannot run "
                "(.ci/reliability starts both)")
    say("reliability suite, full scale (about 20 minutes)")
    code = run(PY, "-m", "pytest", *RELIABILITY_TESTS, *args, env=env)
    if not report.exists():
        say("FAILED: no figures were recorded")
        return 1
    missed = [row for row in json.loads(report.read_text("utf-8")) if not row["ok"]]
    for row in missed:
        say(f"MISSED: {row['check']}: {row['name']} = {row['value']} (target {row['target']})")
    return code or (1 if missed else 0)


def main() -> int:
    commands = {"app": app, "test": test, "reliability": reliability}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print("usage: python3 dev.py app [--db URL] [--lang uk|en] [--user LOGIN]\n"
              "       python3 dev.py test [pytest arguments]\n"
              "       python3 dev.py reliability [pytest arguments]")
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())

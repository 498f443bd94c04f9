"""The website commands end to end, as cron and an admin run them.

A fresh ``init`` publishes to the static site in the data folder, so the whole
path from an approved article to a page on disk runs here with no server. The
WordPress commands against the real site are in tests/integration.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests.core.test_cli import Run, cli

PASSWORD = "Zq9 secret Pw11 only-in-the-keyring"


def _ok(run: Run) -> str:
    assert run.code == 0, run
    return run.out


def _bad(run: Run, fragment: str) -> None:
    assert run.code == 1, run
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in run.err, run


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, str]:
    data = tmp_path / "data"
    return tmp_path, str(data)


def _run(home: tuple[Path, str], *argv: str, env: dict[str, str] | None = None) -> Run:
    cwd, data = home
    if env:
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            return cli(argv, cwd=cwd, data_dir=data)
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    return cli(argv, cwd=cwd, data_dir=data)


def test_from_init_to_a_page_on_the_default_site(home: tuple[Path, str]) -> None:
    cwd, data = home
    assert "site" in _ok(_run(home, "init"))
    sites = json.loads(_ok(_run(home, "site", "list", "--json")))
    assert [(s["name"], s["kind"], s["path"]) for s in sites] == [
        ("site", "static", str(Path(data, "site").resolve()))]
    _ok(_run(home, "user", "add", "admin", "--role", "admin"))
    for login, role in (("olena", "writer"), ("ivan", "reviewer"), ("nadiia", "editor")):
        _ok(_run(home, "user", "add", login, "--role", role, "--as", "admin"))
    story = cwd / "story.md"
    story.write_text("---\ntitle: Нарада з питань «зимового» водопостачання\n"
                     "section: Новини\n---\nУчасники наради обговорили п’ять питань.\n",
                     "utf-8")
    article_id = _ok(_run(home, "article", "import", str(story), "--as", "olena")).strip()
    _ok(_run(home, "article", "submit", article_id, "--as", "olena"))
    _ok(_run(home, "article", "approve", article_id, "--as", "ivan"))
    _ok(_run(home, "article", "queue", article_id, "--as", "nadiia"))
    jobs = json.loads(_ok(_run(home, "queue", "list", "--json")))
    assert [(j["state"], j["site"], j["action"]) for j in jobs] == [
        ("pending", "site", "publish")]

    out = _ok(_run(home, "publish-due"))
    assert "sent 1" in out and "published 1" in out
    shown = json.loads(_ok(_run(home, "article", "show", article_id, "--json")))
    assert shown["status"] == "published"
    page = Path(data, "site", shown["slug"], "index.html").read_text("utf-8")
    assert "Нарада з питань «зимового» водопостачання" in page
    assert json.loads(_ok(_run(home, "queue", "list", "--json")))[0]["state"] == "success"
    assert "sent 0" in _ok(_run(home, "publish-due"))


def test_a_wordpress_password_goes_to_the_keyring_only(home: tuple[Path, str]) -> None:
    _cwd, data = home
    _ok(_run(home, "init"))
    _ok(_run(home, "user", "add", "admin", "--role", "admin"))
    _ok(_run(home, "site", "add", "oda", "--kind", "wordpress", "--url",
             "https://news.example.gov.ua/", "--user", "press", "--no-check",
             env={"NEWSROOM_SITE_PASSWORD": PASSWORD}))
    listed = _ok(_run(home, "site", "list"))
    assert "oda" in listed and "https://news.example.gov.ua" in listed
    keyring_file = Path(os.environ["NEWSROOM_TEST_KEYRING"])
    assert PASSWORD in keyring_file.read_text("utf-8")
    for path in Path(data).rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    rows = sqlite3.connect(Path(data, "newsroom.sqlite3")).execute(
        "SELECT name, kind, url, login FROM sites ORDER BY id").fetchall()
    assert rows[-1] == ("oda", "wordpress", "https://news.example.gov.ua", "press")


@pytest.mark.parametrize(("argv", "fragment"), [
    (("site", "add", "x", "--kind", "wordpress", "--url", "http://news.example.gov.ua",
      "--user", "press"), "plain http"),
    (("site", "add", "x", "--kind", "wordpress", "--url", "javascript:alert(1)",
      "--user", "press"), "not a web address"),
    (("site", "add", "x", "--kind", "wordpress", "--url", "https://news.example.gov.ua"),
     "needs --url and --user"),
    (("site", "add", "site", "--kind", "static", "--path", "elsewhere"), "already exists"),
    (("site", "add", "x", "--kind", "static"), "needs --path"),
    (("queue", "retry", "999", "--as", "admin"), "no publishing job #999"),
    (("queue", "cancel", "999", "--as", "admin"), "no publishing job #999"),
    (("queue", "list", "--state", "bogus"), "unknown job state"),
    (("pull", "nosuchsite", "--as", "admin"), "no site named nosuchsite"),
    (("site", "password", "site", "--as", "admin"), "has no password"),
])
def test_bad_site_and_queue_commands_change_nothing(home: tuple[Path, str],
                                                    argv: tuple[str, ...],
                                                    fragment: str) -> None:
    _cwd, data = home
    _ok(_run(home, "init"))
    _ok(_run(home, "user", "add", "admin", "--role", "admin"))
    db_file = Path(data, "newsroom.sqlite3")
    before = db_file.read_bytes()
    _bad(_run(home, *argv, env={"NEWSROOM_SITE_PASSWORD": PASSWORD}), fragment)
    assert db_file.read_bytes() == before


def test_no_password_without_a_terminal(home: tuple[Path, str]) -> None:
    _ok(_run(home, "init"))
    _ok(_run(home, "user", "add", "admin", "--role", "admin"))
    os.environ.pop("NEWSROOM_SITE_PASSWORD", None)
    _bad(_run(home, "site", "add", "oda", "--kind", "wordpress", "--url",
              "https://news.example.gov.ua", "--user", "press"), "NEWSROOM_SITE_PASSWORD")


def test_a_cyrillic_site_name_is_found_and_kept_unique_in_any_letter_case(
        home: tuple[Path, str], tmp_path: Path) -> None:
    """SQLite's lower() folds only ASCII: «Сайт ОДА» must still match «сайт ода»."""
    _ok(_run(home, "init"))
    _ok(_run(home, "user", "add", "admin", "--role", "admin"))
    _ok(_run(home, "site", "add", "Архів ОДА", "--kind", "static", "--path",
             str(tmp_path / "archive")))
    assert "Архів ОДА" in _ok(_run(home, "site", "disable", "архів ода", "--as", "admin"))
    _bad(_run(home, "site", "add", "АРХІВ ОДА", "--kind", "static", "--path",
              str(tmp_path / "other")), "already exists")

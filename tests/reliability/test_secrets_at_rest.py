"""No application password in any file the app wrote, after a whole working session.

The session is a person's, through the real entry points: the command line adds a
WordPress site, publishes to the real peer and is given a wrong password once;
the desktop app, in a subprocess, adds a second site through its dialog, types
into an article until it autosaves, and quits. Then every byte under the app's
folders (database and its WAL, settings, logs, caches, autosave) and, on
PostgreSQL, a dump of the database, is searched for each password in every shape
it travels in. The OS keyring is the one place the passwords may be; here a file
stands for it, outside the searched folders, and is searched too to prove the
search finds what is there.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import textwrap
import urllib.parse
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, autosave, users, workflow
from newsroom.services.articles import Draft
from newsroom.storage import migrate
from newsroom.storage.db import Database
from tests.integration.conftest import WpPeer
from tests.reliability.conftest import Figures

ROOT = Path(__file__).resolve().parents[2]
WRONG = "wrongPass0000WrongPass00"

APP_SCRIPT = """
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

    QTimer.singleShot(120_000, lambda: app.exit(3))  # a failed script ends the app, no hang

    def type_into(widget, text):
        for char in text:  # keyClicks takes only ASCII
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                               Qt.KeyboardModifier.NoModifier)

    window.show_sites_dialog()
    dialog = window.sites_dialog
    assert wait_until(lambda: len(dialog.sites) == 1)
    dialog.add_wordpress_button.click()
    form = dialog.form
    for name, value in (("siteName", "Другий сайт"), ("siteUrl", {url!r}),
                        ("siteLogin", {login!r}), ("sitePassword", {password!r})):
        type_into(form.findChild(QLineEdit, name), value)
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert wait_until(lambda: len(dialog.sites) == 2), "the second site was not added"
    dialog.close()

    editor_window = articles.open({article_id})
    assert wait_until(lambda: editor_window.session.view is not None
                      and not editor_window.session.read_only)
    editor = editor_window.editor
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_into(editor, "Текст, що зберігся лише в автозбереженні.")
    wait_until(lambda: False, 1500)  # several autosave intervals
    print("done", flush=True)
    app.exit(0)
"""


def _shapes(login: str, password: str) -> dict[str, bytes]:
    """The forms a password takes on its way: typed, in a Basic auth header, in a URL,
    in UTF-16 (Qt's strings, Windows' registry), without the spaces WordPress shows."""
    compact = password.replace(" ", "")
    return {
        "as typed": password.encode(),
        "without spaces": compact.encode(),
        "Basic auth": base64.b64encode(f"{login}:{password}".encode()),
        "Basic auth (compact)": base64.b64encode(f"{login}:{compact}".encode()),
        "URL-encoded": urllib.parse.quote(password).encode(),
        "UTF-16": password.encode("utf-16-le"),
    }


def _found_in(data: bytes, shapes: dict[str, bytes]) -> list[str]:
    return [name for name, shape in shapes.items() if shape in data]


def _run(env: dict[str, str], *args: str, password: str | None = None) -> tuple[int, str]:
    run_env = dict(env)
    if password is not None:
        run_env["NEWSROOM_SITE_PASSWORD"] = password
    done = subprocess.run([sys.executable, "-m", "newsroom", *args], cwd=ROOT, env=run_env,
                          capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.slow
def test_no_password_in_any_file_the_app_wrote(db_url: str, wp_peer: WpPeer, tmp_path: Path,
                                               figures: Figures) -> None:
    """Application passwords at rest (database, settings, logs, autosave)"""
    app_root = tmp_path / "app"  # everything the app may write goes under here
    home = app_root / "home"
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               NEWSROOM_DATA_DIR=str(app_root / "data"),
               NEWSROOM_CACHE_DIR=str(app_root / "cache"),
               NEWSROOM_TEST_KEYRING=str(tmp_path / "keyring.json"),
               NEWSROOM_AUTOSAVE_MS="300", QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    if db_url.startswith("sqlite"):
        db_url = f"sqlite:///{(app_root / 'data' / 'newsroom.sqlite3').as_posix()}"
        (app_root / "data").mkdir(parents=True)
    db = Database(db_url)
    migrate.upgrade(db)
    with db.uow() as uow:
        admin = users.add_user(uow, "admin", Role.ADMIN, "Адміністратор").id
        editor = users.add_user(uow, "nadiia", Role.EDITOR, "Надія Шевчук").id
        writer = users.add_user(uow, "olena", Role.WRITER, "Олена Петренко").id
        uow.commit()
    first, second = wp_peer.editor, wp_peer.admin
    steps: list[tuple[int, str]] = []
    steps.append(_run(env, "--db", db_url, "site", "add", "Сайт ОДА", "--kind", "wordpress",
                      "--url", wp_peer.url, "--user", first.login, "--as", "admin",
                      password=first.app_password))
    article_ids = []
    with db.uow() as uow:
        for title in ("Нарада щодо опалювального сезону", "Прийом громадян у четвер"):
            article_ids.append(articles.create(uow, writer, Draft(title=title, body="Текст."),
                                               status=Status.APPROVED).id)
        draft = articles.create(uow, admin, Draft(title="Чернетка адміністратора",
                                                  body="Перший абзац.")).id
        workflow.transition(uow, editor, article_ids[0], Action.QUEUE)
        uow.commit()
    steps.append(_run(env, "--db", db_url, "publish-due"))
    # A mistyped password: stored, refused by the site, the site paused, then put right.
    steps.append(_run(env, "--db", db_url, "site", "password", "Сайт ОДА", "--as", "admin",
                      password=WRONG))
    with db.uow() as uow:
        workflow.transition(uow, editor, article_ids[1], Action.QUEUE)
        uow.commit()
    refused = _run(env, "--db", db_url, "publish-due")
    steps.append(_run(env, "--db", db_url, "site", "password", "Сайт ОДА", "--as", "admin",
                      password=first.app_password))
    steps.append(_run(env, "--db", db_url, "publish-due"))
    with db.uow() as uow:
        published = [articles.get(uow, a).status for a in article_ids]
    db.dispose()
    script = tmp_path / "session.py"
    script.write_text(textwrap.dedent(APP_SCRIPT.format(
        url=wp_peer.url, login=second.login, password=second.app_password,
        article_id=draft)), "utf-8")
    app = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", db_url, "--user",
                          "admin", "--lang", "uk"], cwd=ROOT, timeout=200, capture_output=True,
                         text=True, env=dict(env, NEWSROOM_TEST_SCRIPT=str(script)))
    assert app.returncode == 0 and "done" in app.stdout, app.stderr

    secrets = {"editor": _shapes(first.login, first.app_password),
               "admin": _shapes(second.login, second.app_password),
               "refused": _shapes(first.login, WRONG)}
    files = sorted(p for p in app_root.rglob("*") if p.is_file())
    if db_url.startswith("postgresql"):
        files.append(_pg_dump(db_url, tmp_path / "dump.sql"))
    leaks = [f"{path.relative_to(tmp_path)}: {who} {shape}"
             for path in files for who, shapes in secrets.items()
             for shape in _found_in(path.read_bytes(), shapes)]
    keyring_file = (tmp_path / "keyring.json").read_bytes()
    figures.info("files searched", len(files))
    figures.info("bytes searched", sum(p.stat().st_size for p in files))
    figures.zero("files holding a password", len({leak.split(":")[0] for leak in leaks}))
    assert all(code == 0 for code, _out in steps), steps
    assert refused[0] == 1, refused  # the wrong password was really sent, and refused
    assert published == [Status.PUBLISHED, Status.PUBLISHED]
    assert app.returncode == 0 and "done" in app.stdout, app.stderr
    # The search finds what is there: both saved passwords are in the keyring stand-in.
    assert _found_in(keyring_file, secrets["editor"]) and _found_in(keyring_file,
                                                                    secrets["admin"])
    assert {"app.log", "cli.log", "Newsroom.conf"} <= {p.name for p in files}
    db = Database(db_url)
    try:
        with db.uow() as uow:  # the typing really reached the autosave that was searched
            kept = [a.body for a in autosave.pending(uow, admin)]
    finally:
        db.dispose()
    assert any("лише в автозбереженні" in body for body in kept), kept
    assert leaks == []


def _pg_dump(url: str, out: Path) -> Path:
    parsed = make_url(url)
    subprocess.run(["pg_dump", "-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432),
                    "-U", parsed.username or "postgres", "-f", str(out), parsed.database or ""],
                   check=True, timeout=120)
    return out

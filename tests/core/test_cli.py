"""``python -m newsroom`` end to end: real subprocesses on real databases.

Every command runs as ``[sys.executable, "-m", "newsroom", ...]`` the way an
admin or a cron job runs it, so what is checked is what they see: the exit code,
stdout, and the one line on stderr.

* One long happy-path scenario per backend (a SQLite file and PostgreSQL),
  from ``init`` to a queued article with its "Читайте також" list, and a
  scheduled one.
* The bad inputs, each its own test with its own id, run against their own copy
  of one prepared SQLite file. A subprocess costs a second or more (most of it
  importing SQLAlchemy and Alembic), so a module fixture starts them all, two at
  a time, in the background as the module starts, and each test then checks the
  result of its case: exit code, exactly one stderr line, no traceback, and every
  table row-for-row as it was (or, for a bad database address, no file created).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.locale_uk import MESSAGES_UK
from newsroom.services import articles, related, users, workflow
from newsroom.services.articles import Draft
from newsroom.storage import migrate
from newsroom.storage.db import Database
from tests.support.sqlite_rows import sqlite_rows

ROOT = Path(__file__).resolve().parents[2]
SIGNATURE = "Управління у справах преси та інформації"
WORKERS = 2  # the CLI is CPU-bound at start-up; more processes than cores only queue

# ------------------------------------------------------------------ helpers


@dataclass(frozen=True)
class Run:
    argv: tuple[str, ...]
    code: int
    out: str
    err: str
    seconds: float

    def __str__(self) -> str:  # for assertion messages: the command and all it printed
        return (f"\n$ newsroom {' '.join(self.argv)}\nexit {self.code} ({self.seconds:.1f} s)"
                f"\n--- stdout\n{self.out}--- stderr\n{self.err}")


def _env(data_dir: str, lang: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NEWSROOM_DB_URL", None)
    env["NEWSROOM_DATA_DIR"] = data_dir
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    if lang is None:
        env.pop("NEWSROOM_LANG", None)  # the default: Ukrainian
    else:
        env["NEWSROOM_LANG"] = lang
    return env


def cli(argv: Sequence[str], *, cwd: Path, data_dir: str | None = None,
        lang: str | None = "en") -> Run:
    """Run the CLI in a fresh interpreter; ``cwd`` keeps stray files out of the repo."""
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "newsroom", *argv], capture_output=True, text=True,
        encoding="utf-8", errors="replace", cwd=cwd, timeout=120, check=False,
        env=_env(data_dir or os.environ["NEWSROOM_DATA_DIR"], lang))
    return Run(tuple(argv), proc.returncode, proc.stdout, proc.stderr,
               time.monotonic() - start)


def test_the_first_user_is_an_administrator_who_adds_the_others(tmp_path: Path) -> None:
    db_url = f"sqlite:///{(tmp_path / 'first.sqlite3').as_posix()}"

    def run(*argv: str) -> Any:
        return cli(["--db", db_url, *argv], cwd=tmp_path)

    assert run("init").code == 0
    refused = run("user", "add", "olena", "--role", "writer")
    assert refused.code == 1 and "must be an administrator" in refused.err, refused
    assert run("user", "add", "admin", "--role", "admin").code == 0
    assert run("user", "add", "olena", "--role", "writer", "--as", "admin").code == 0
    by_writer = run("user", "add", "zoe", "--role", "admin", "--as", "olena")
    assert by_writer.code == 1 and "only an administrator" in by_writer.err, by_writer
    listed = [u["login"] for u in json.loads(run("user", "list", "--json").out)]
    assert listed == ["admin", "olena"]


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


# ------------------------------------------------------------ import files

DRAFT_MD = """\
---
title: "Олена пише: «Громада обрала п’ять проєктів»"
lead: Учасники обговорили, як розподілити кошти громадського бюджету.
section: Новини
tags: [громада, бюджет]
---
Комісія розглянула п’ятнадцять заявок і відібрала п’ять — від «Зеленого двору»
до ремонту м’ячевого майданчика.

Другий абзац.
"""

SECOND_MD = """\
---
title: Друга чернетка для розкладу
---
Текст, що вийде першого січня.
"""

ARCHIVE_MD = """\
---
title: Архівна новина про відкриття ЦНАП
status: published
url: https://example.gov.ua/news/123
date: 2016-07-13 10:50
---
Текст архівної новини.
"""

EXTRA_MD = "---\ntitle: Зайва стаття\n---\nТекст.\n"
GHOST_MD = "---\ntitle: Стаття привида\nauthor: nobody\n---\nТекст.\n"

BAD_FILES: dict[str, bytes] = {
    "good.md": "---\ntitle: Добра стаття\n---\nТекст.\n".encode(),
    "bad-yaml.md": '---\ntitle: "Незакрита лапка\nlead: лід\n---\nТекст.\n'.encode(),
    "no-title.md": "---\nlead: Лише лід\n---\nТекст.\n".encode(),
    "no-front-matter.md": "Просто текст без заголовної частини.\n".encode(),
    "cp1251.md": "---\ntitle: Новина\n---\nТекст кирилицею у cp1251.\n".encode("cp1251"),
    # "ї" is two bytes in UTF-8; the file ends after the first one.
    "truncated.md": "---\ntitle: Новина\n---\nТекст закінчується на ї".encode()[:-1],
    "unknown-key.md": "---\ntitle: Новина\ncolour: червоний\n---\nТекст.\n".encode(),
}


def _write(folder: Path, files: dict[str, str | bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)


# ------------------------------------------------------- happy path, per backend


def test_happy_path(db_url: str, tmp_path: Path) -> None:
    """init → users → import → review → related → queue, and a scheduled article."""
    files = tmp_path / "files"
    _write(files, {"draft.md": DRAFT_MD, "second.md": SECOND_MD, "archive.md": ARCHIVE_MD,
                   "extra.md": EXTRA_MD, "ghost.md": GHOST_MD})

    def run(*argv: str) -> Run:
        return cli(["--db", db_url, *argv], cwd=tmp_path)

    def ok(*argv: str) -> str:
        r = run(*argv)
        assert (r.code, r.err) == (0, ""), str(r)
        assert "Traceback" not in r.out, str(r)
        return r.out

    def ok_all(*commands: Sequence[str]) -> list[str]:
        """Read-only commands that do not depend on each other, two at a time.

        Only reads: two SQLite writers at once may get "database is locked", which
        is not what this test is about."""
        with ThreadPoolExecutor(WORKERS) as pool:
            runs = list(pool.map(lambda argv: run(*argv), commands))
        for r in runs:
            assert (r.code, r.err) == (0, ""), str(r)
        return [r.out for r in runs]

    assert "database ready" in ok("init")

    # The first account of a new database is its administrator, who adds the rest.
    assert "admin" in ok("user", "add", "admin", "--role", "admin")
    out = ok("user", "add", "olena", "--role", "writer", "--name", "Олена Петренко",
             "--signature", SIGNATURE, "--as", "admin")
    assert out.startswith("user olena (writer) added, id ")
    assert "reviewer" in ok("user", "add", "ivan", "--role", "reviewer", "--name", "Іван Мельник",
                            "--as", "admin")
    assert "editor" in ok("user", "add", "nadiia", "--role", "editor", "--name", "Надія Шевчук",
                          "--as", "admin")

    # import prints the new ids, one a line, in the order of the files
    draft, second = (int(x) for x in ok("article", "import", str(files / "draft.md"),
                                        str(files / "second.md"), "--as", "olena").split())
    assert draft < second
    (archive,) = (int(x) for x in ok("article", "import", str(files / "archive.md"),
                                     "--as", "nadiia").split())

    # a batch whose second file fails only when it is stored (unknown author) is
    # rolled back whole: the first file, already flushed, must not stay behind
    r = run("article", "import", str(files / "extra.md"), str(files / "ghost.md"),
            "--as", "nadiia")
    assert r.code == 1 and r.out == "", str(r)
    assert len(r.err.splitlines()) == 1 and "nobody" in r.err and "Traceback" not in r.err, str(r)

    people_json, drafts_text = ok_all(("user", "list", "--json"),
                                      ("article", "list", "--status", "draft"))

    people = json.loads(people_json)
    assert [(u["login"], u["role"]) for u in people] == [
        ("admin", "admin"), ("ivan", "reviewer"), ("nadiia", "editor"), ("olena", "writer")]
    olena = next(u for u in people if u["login"] == "olena")
    assert (olena["name"], olena["signature"]) == ("Олена Петренко", SIGNATURE)

    drafts = drafts_text.splitlines()
    assert len(drafts) == 2
    assert any(line.split()[0] == str(draft) and "п’ять проєктів" in line for line in drafts)
    assert any(line.split()[0] == str(second) for line in drafts)
    assert "ЦНАП" not in "\n".join(drafts)

    assert ok("article", "submit", str(draft), "--as", "olena") == (
        f"article #{draft} is now in review\n")
    assert ok("article", "approve", str(draft), "--as", "ivan") == (
        f"article #{draft} is now approved\n")
    related_line = f"1. #{archive} Архівна новина про відкриття ЦНАП\n"
    assert ok("related", "add", str(draft), str(archive), "--as", "nadiia") == related_line
    assert ok("article", "queue", str(draft), "--as", "nadiia") == (
        f"article #{draft} is now queued\n")

    # another approved article, queued for a time: 10:00 in Kyiv in winter is 08:00 UTC
    ok("article", "submit", str(second), "--as", "olena")
    ok("article", "approve", str(second), "--as", "ivan")
    out = ok("article", "queue", str(second), "--as", "nadiia", "--at", "2030-01-01 10:00")
    assert out == f"article #{second} is now scheduled — 1 January 2030 - 10:00\n"

    related_list, shown, html, history, audit_json, final_list = ok_all(
        ("related", "list", str(draft)),
        ("article", "show", str(draft), "--json"),
        ("article", "show", str(draft), "--html"),
        ("article", "history", str(draft)),
        ("audit", str(draft), "--json"),
        ("article", "list", "--json"))

    assert related_list == related_line
    a = json.loads(shown)
    assert (a["id"], a["status"], a["author"]) == (draft, "queued", "Олена Петренко")
    assert a["title"] == "Олена пише: «Громада обрала п’ять проєктів»"
    assert "«Зеленого двору»" in a["body"] and "м’ячевого" in a["body"]
    assert a["signature"] == SIGNATURE
    assert sorted(a["tags"]) == ["бюджет", "громада"]
    assert [(x["id"], x["title"], x["status"], x["url"]) for x in a["related"]] == [
        (archive, "Архівна новина про відкриття ЦНАП", "published",
         "https://example.gov.ua/news/123")]

    # the exported page is the Ukrainian site's page whatever the message language
    assert "Читайте також" in html
    assert 'href="https://example.gov.ua/news/123"' in html
    assert "Архівна новина про відкриття ЦНАП" in html
    assert SIGNATURE in html
    assert "Олена пише: «Громада обрала п’ять проєктів»" in html

    moves = [("olena", "create", "", "draft"), ("olena", "submit", "draft", "in_review"),
             ("ivan", "approve", "in_review", "approved"),
             ("nadiia", "queue", "approved", "queued")]
    for actor, action, source, target in moves:
        pattern = rf"\s{actor}\s+{action}\s+{source} -> {target}\s"
        assert re.search(pattern, history), f"{pattern!r} not in:\n{history}"
    assert re.search(r"^r1\s.*Олена Петренко$", history, re.MULTILINE), history

    events = json.loads(audit_json)
    assert [(e["actor"], e["action"], e["from"], e["to"]) for e in events] == [
        ("olena", "create", None, "draft"), ("olena", "import", None, None),
        ("olena", "submit", "draft", "in_review"), ("ivan", "approve", "in_review", "approved"),
        ("nadiia", "related_add", None, None), ("nadiia", "queue", "approved", "queued")]
    assert events[4]["detail"] == {"related_id": archive}
    assert all(e["article_id"] == draft for e in events)

    final = {x["id"]: x for x in json.loads(final_list)}
    assert set(final) == {draft, second, archive}, "the failed batch left an article behind"
    assert final[draft]["title"] == "Олена пише: «Громада обрала п’ять проєктів»"
    assert (final[draft]["author"], final[draft]["section"]) == ("Олена Петренко", "Новини")
    assert (final[draft]["status"], final[draft]["scheduled_at"]) == ("queued", None)
    assert (final[archive]["status"], final[archive]["author"]) == ("published", "Надія Шевчук")
    # 10:50 in Kyiv in July is 07:50 UTC
    assert _dt(final[archive]["published_at"]) == datetime(2016, 7, 13, 7, 50, tzinfo=UTC)
    assert final[second]["status"] == "scheduled"
    assert final[second]["scheduled_at"] == "2030-01-01T08:00:00+00:00"


# ------------------------------------------------ bad input, on prepared SQLite


@dataclass(frozen=True)
class Bad:
    """One wrong command: its words, the exit code and a fragment of the one line."""

    args: tuple[str, ...]
    error: str
    code: int = 1
    db: str | None = "{db}"  # None: the args name their own --db
    lang: str | None = "en"
    gone: tuple[str, ...] = ()  # paths that must still not exist afterwards


def _f(name: str) -> str:
    return "{files}/" + name


UNWRITABLE = "/proc/newsroom-test-nosuch/x.sqlite3"  # nonexistent, and nobody may mkdir there

BAD: dict[str, Bad] = {
    "unknown-article-id": Bad(("article", "show", "999"), "no article #999"),
    "unknown-user-in-as": Bad(("article", "submit", "{draft}", "--as", "nobody"),
                              "no such user 'nobody'"),
    "illegal-transition-approve-draft": Bad(("article", "approve", "{draft}", "--as", "ivan"),
                                            "cannot approve an article that is draft"),
    "wrong-role-writer-queues": Bad(("article", "queue", "{approved}", "--as", "olena"),
                                    "a writer may not queue this article"),
    "wrong-role-reviewer-queues": Bad(("article", "queue", "{approved}", "--as", "ivan"),
                                      "a reviewer may not queue this article"),
    "author-approves-own-article": Bad(("article", "approve", "{own}", "--as", "ivan"),
                                       "you cannot approve your own article"),
    "request-changes-without-comment": Bad(
        ("article", "request-changes", "{in_review}", "--as", "ivan"), "needs a comment"),
    "import-invalid-yaml": Bad(("article", "import", _f("bad-yaml.md"), "--as", "olena"),
                               "bad-yaml.md: the front matter is not valid YAML"),
    "import-missing-title": Bad(("article", "import", _f("no-title.md"), "--as", "olena"),
                                "no-title.md: the front matter has no 'title'"),
    "import-missing-front-matter": Bad(
        ("article", "import", _f("no-front-matter.md"), "--as", "olena"),
        "no-front-matter.md: no front matter"),
    "import-cp1251": Bad(("article", "import", _f("cp1251.md"), "--as", "olena"),
                         "cp1251.md: not UTF-8 text"),
    "import-truncated-utf8": Bad(("article", "import", _f("truncated.md"), "--as", "olena"),
                                 "truncated.md: not UTF-8 text"),
    "import-unknown-key": Bad(("article", "import", _f("unknown-key.md"), "--as", "olena"),
                              "unknown front matter field(s) colour"),
    "import-nonexistent-file": Bad(("article", "import", _f("nosuch.md"), "--as", "olena"),
                                   "cannot read {files}/nosuch.md"),
    "import-good-plus-bad-batch": Bad(
        ("article", "import", _f("good.md"), _f("unknown-key.md"), "--as", "olena"),
        "unknown-key.md: unknown front matter field(s) colour"),
    "db-unsupported-scheme": Bad(("--db", "nosuch://x", "article", "list"),
                                 "unsupported database 'nosuch'", db=None),
    "db-sqlite-in-missing-folder": Bad(
        ("--db", "sqlite:///{case}/nofolder/sub/x.sqlite3", "article", "list"),
        "no database file at", db=None, gone=("{case}/nofolder",)),
    "db-sqlite-in-unwritable-place": Bad(
        ("--db", f"sqlite:///{UNWRITABLE}", "article", "list"), "no database file at",
        db=None, gone=(str(Path(UNWRITABLE).parent),)),
    "db-init-in-unwritable-place": Bad(
        ("--db", f"sqlite:///{UNWRITABLE}", "init"), UNWRITABLE, db=None,
        gone=(str(Path(UNWRITABLE).parent),)),
    "db-connection-refused": Bad(
        ("--db", "postgresql+psycopg://postgres@127.0.0.1:1/none", "article", "list"),
        "database error", db=None),
    "db-not-initialised-sqlite-file": Bad(("article", "list"), "is empty: run", db="{empty}"),
    "db-another-apps-sqlite-file": Bad(("article", "list"), "other-app.sqlite3", db="{foreign}"),
    "user-add-bad-role": Bad(("user", "add", "zoe", "--role", "chief"), "unknown role 'chief'"),
    "user-add-duplicate-login": Bad(("user", "add", "Olena", "--role", "writer", "--as",
                                     "admin"), "user 'olena' already exists"),
    "user-add-by-an-editor": Bad(("user", "add", "zoe", "--role", "admin", "--as", "nadiia"),
                                 "only an administrator may add people"),
    "user-add-without-as": Bad(("user", "add", "zoe", "--role", "writer"),
                               "say who you are with --as LOGIN"),
    "related-to-self": Bad(("related", "add", "{approved}", "{approved}", "--as", "nadiia"),
                           "cannot be related to itself"),
    "related-duplicate": Bad(("related", "add", "{approved}", "{archive}", "--as", "nadiia"),
                             "is already in the list"),
    "related-to-draft": Bad(("related", "add", "{approved}", "{draft}", "--as", "nadiia"),
                            "only published or queued articles can be linked"),
    "at-garbage-date": Bad(
        ("article", "queue", "{approved}", "--as", "nadiia", "--at", "next tuesday"),
        "cannot read date 'next tuesday'"),
    "at-past-date": Bad(
        ("article", "queue", "{approved}", "--as", "nadiia", "--at", "2000-01-01 10:00"),
        "the scheduled time has already passed"),
    "non-numeric-id": Bad(("article", "show", "abc"), "not a number: 'abc'", code=2),
    "ukrainian-by-default": Bad(("article", "show", "999"), "999", lang=None),
    "ukrainian-by-default-bad-role": Bad(("user", "add", "zoe", "--role", "chief"), "chief",
                                         lang=None),
}

XFAIL: dict[str, str] = {}  # known bugs, as case id -> reason; none open now


@dataclass
class Prepared:
    root: Path
    db: Path
    data_dir: Path
    names: dict[str, str]
    baseline: dict[str, list[tuple[Any, ...]]]
    futures: dict[str, Future[None]] = field(default_factory=dict)
    runs: dict[str, Run] = field(default_factory=dict)
    after: dict[str, dict[str, list[tuple[Any, ...]]]] = field(default_factory=dict)
    files_before: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    files_after: dict[str, set[tuple[str, str]]] = field(default_factory=dict)

    def run(self, case_id: str) -> Run:
        self.futures[case_id].result()  # waits for that case's subprocess
        return self.runs[case_id]


def _files(folder: Path) -> set[tuple[str, str]]:
    """Every file and folder below ``folder``, with a hash of each file's bytes."""
    return {(p.relative_to(folder).as_posix(),
             hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder")
            for p in folder.rglob("*")}


def _copy(prep: Prepared, folder: Path) -> Path:
    return Path(shutil.copyfile(prep.db, folder / "newsroom.sqlite3"))


def _empty(prep: Prepared, folder: Path) -> Path:
    (folder / "empty.sqlite3").touch()
    return folder / "empty.sqlite3"


def _foreign(prep: Prepared, folder: Path) -> Path:
    """Some other program's SQLite file, in the default (rollback journal) mode."""
    path = folder / "other-app.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.execute("INSERT INTO notes VALUES ('не наше')")
    con.commit()
    con.close()
    return path


SETUPS = {"db": _copy, "empty": _empty, "foreign": _foreign}


def _prepare_db(path: Path) -> dict[str, int]:
    """The state the bad cases start from, built through the services, not the CLI."""
    db = Database(f"sqlite:///{path.as_posix()}")
    migrate.upgrade(db)
    with db.uow() as uow:
        users.add_user(uow, "admin", Role.ADMIN, "Адміністратор")
        olena = users.add_user(uow, "olena", Role.WRITER, "Олена Петренко", SIGNATURE).id
        ivan = users.add_user(uow, "ivan", Role.REVIEWER, "Іван Мельник").id
        nadiia = users.add_user(uow, "nadiia", Role.EDITOR, "Надія Шевчук").id

        def new(actor: int, title: str, *steps: tuple[int, Action],
                status: Status = Status.DRAFT) -> int:
            article_id = articles.create(uow, actor, Draft(title=title, body="Текст.\n"),
                                         status=status).id
            for who, action in steps:
                workflow.transition(uow, who, article_id, action)
            return article_id

        ids = {
            "draft": new(olena, "Чернетка"),
            "in_review": new(olena, "На перевірці", (olena, Action.SUBMIT)),
            "approved": new(olena, "Схвалена", (olena, Action.SUBMIT), (ivan, Action.APPROVE)),
            "archive": new(nadiia, "Архівна", status=Status.PUBLISHED),
            "own": new(ivan, "Стаття рецензента", (ivan, Action.SUBMIT)),
        }
        related.add(uow, nadiia, ids["approved"], ids["archive"])
        uow.commit()
    db.dispose()
    return ids


def _run_case(prepared: Prepared, case_id: str) -> None:
    case = BAD[case_id]
    folder = prepared.root / case_id
    folder.mkdir()
    names = dict(prepared.names, case=folder.as_posix())
    words = [*(("--db", case.db) if case.db else ()), *case.args]
    for key, make in SETUPS.items():
        if any("{" + key + "}" in w for w in words):
            names[key] = f"sqlite:///{make(prepared, folder).as_posix()}"
    argv = [w.format(**names) for w in words]
    prepared.files_before[case_id] = _files(folder)
    prepared.runs[case_id] = cli(argv, cwd=folder, data_dir=str(prepared.data_dir),
                                 lang=case.lang)
    prepared.files_after[case_id] = _files(folder)
    if "db" in names:
        prepared.after[case_id] = sqlite_rows(folder / "newsroom.sqlite3")


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prepared]:
    root = tmp_path_factory.mktemp("cli-bad")
    data_dir = root / "data"  # this fixture outlives the per-test data folder
    data_dir.mkdir()
    _write(root / "files", dict(BAD_FILES))
    ids = _prepare_db(root / "prepared.sqlite3")
    names = {k: str(v) for k, v in ids.items()}
    names["files"] = (root / "files").as_posix()
    prep = Prepared(root=root, db=root / "prepared.sqlite3", data_dir=data_dir, names=names,
                    baseline=sqlite_rows(root / "prepared.sqlite3"))
    assert len(prep.baseline["users"]) == 4 and len(prep.baseline["articles"]) == 5
    pool = ThreadPoolExecutor(WORKERS)
    prep.futures = {case_id: pool.submit(_run_case, prep, case_id) for case_id in BAD}
    yield prep
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="module", autouse=True)
def _bad_cases_start_early(request: pytest.FixtureRequest) -> None:
    """Start the bad cases with the module, when any is selected: they then use the
    second core while the happy paths run their commands one after another."""
    if any(getattr(item, "module", None) is request.module
           and getattr(item, "originalname", "").startswith("test_bad_input")
           for item in request.session.items):
        request.getfixturevalue("prepared")


@pytest.mark.parametrize("case_id", [
    pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=XFAIL[c])) if c in XFAIL else c
    for c in BAD])
def test_bad_input_prints_one_line_and_changes_nothing(prepared: Prepared, case_id: str) -> None:
    case = BAD[case_id]
    r = prepared.run(case_id)
    assert "Traceback" not in r.out + r.err, str(r)
    assert r.code == case.code, str(r)
    assert r.out == "", str(r)
    lines = r.err.splitlines()
    assert len(lines) == 1 and r.err.endswith("\n"), str(r)
    names = dict(prepared.names, case=(prepared.root / case_id).as_posix())
    assert case.error.format(**names) in lines[0], str(r)
    prefix = "newsroom: " if case.code == 1 else "newsroom article show: "  # argparse's style
    assert lines[0].startswith(prefix), str(r)

    if case_id in prepared.after:
        assert prepared.after[case_id] == prepared.baseline, f"the database changed{r}"
    assert prepared.files_after[case_id] == prepared.files_before[case_id], (
        f"files changed{r}")
    for path in case.gone:
        assert not Path(path.format(**names)).exists(), f"{path} was created{r}"
    assert not (prepared.data_dir / "newsroom.sqlite3").exists(), (
        "a bad --db fell back to the embedded database")


def test_ukrainian_is_the_default_language(prepared: Prepared) -> None:
    """No NEWSROOM_LANG and no --lang: the message comes from locale_uk, if it has one."""
    r = prepared.run("ukrainian-by-default")
    template = MESSAGES_UK.get("no article #{id}")
    if template:
        assert r.err == f"newsroom: {template.format(id=999)}\n", str(r)
    else:  # catalogue not filled in yet: at least one non-empty line
        assert len(r.err.splitlines()) == 1 and r.err.strip() != "newsroom:", str(r)


def test_bad_role_message_is_ukrainian_by_default(prepared: Prepared) -> None:
    r = prepared.run("ukrainian-by-default-bad-role")
    assert re.search("[а-яієїґ]", r.err.lower()), str(r)

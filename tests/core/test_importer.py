"""Importing Markdown files with YAML front matter: all of a batch, or nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from newsroom.domain.errors import NotFound, PermissionDenied, ValidationError
from newsroom.domain.statuses import Status
from newsroom.services import articles, importer
from newsroom.storage.db import Database
from newsroom.storage.models import Article, AuditEvent, Revision, Section, Tag
from tests.conftest import People

NAME = "2016-07-13 засідання колегії.md"

GOOD = """---
title: "Засідання колегії: підсумки року"
lead: Колегія розглянула звіт управління.
section: Новини
tags: [освіта, Київ]
signature: Прес-служба
date: 2016-07-13 10:50
author: olena
---
Колегія **затвердила** звіт.

Наступне засідання — у вересні.
"""

GOOD_COMMA_TAGS = """---
title: Прийом громадян
tags: освіта,  молодь , Київ
---
Прийом відбудеться у вівторок.
"""

PUBLISHED = """---
title: Відкрито центр надання адміністративних послуг
status: published
url: https://example.gov.ua/news/vidkryto-tsentr
date: 2016-07-13 10:50
---
Центр працює щодня.
"""


def _text(front: str, body: str = "Текст.\n") -> bytes:
    return f"---\n{front}\n---\n{body}".encode()


BAD_FILES: dict[str, bytes] = {
    "cp1251 bytes": GOOD_COMMA_TAGS.encode("cp1251"),
    "truncated UTF-8": GOOD_COMMA_TAGS.encode()[:-1] + "ї".encode()[:1],
    "no front matter": "title: Без рамки\n\nТекст.\n".encode(),
    "empty file": b"",
    "front matter not closed": "---\ntitle: Незакрита\nТекст.\n".encode(),
    "invalid YAML": _text("title: Назва: з двокрапкою\nlead: [незакритий"),
    "front matter not a mapping": _text("- title\n- lead"),
    "unknown key": _text("title: Назва\nrubric: Новини"),
    "missing title": _text("lead: Лише лід"),
    "empty title": _text("title: ''"),
    "url that is not http": _text("title: Назва\nstatus: published\nurl: ftp://example.gov.ua/x"),
    "url without a host": _text("title: Назва\nstatus: published\nurl: example.gov.ua/news"),
    "url on a draft": _text("title: Назва\nurl: https://example.gov.ua/news/x"),
    "date in the wrong format": _text("title: Назва\ndate: 13.07.2016 10:50"),
    "date that is not a date": _text("title: Назва\ndate: вчора"),
    "date that the calendar lacks": _text("title: Назва\ndate: 2016-02-30"),
    "unknown status": _text("title: Назва\nstatus: approved"),
    "tags as a mapping": _text("title: Назва\ntags: {a: b}"),
    "NUL in the body": _text("title: Назва", "Текст\x00.\n"),
}


def _count(db: Database) -> tuple[int, ...]:
    with db.uow() as uow:
        return tuple(int(uow.session.scalar(select(func.count()).select_from(m)) or 0)
                     for m in (Article, Revision, AuditEvent, Section, Tag))


# --- parsing alone --------------------------------------------------------------


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_message_naming_it(case: str) -> None:
    with pytest.raises(ValidationError) as caught:
        importer.parse(NAME, BAD_FILES[case])
    assert NAME in caught.value.message


@pytest.mark.parametrize(("written", "utc"), [
    ("2016-07-13 10:50", datetime(2016, 7, 13, 7, 50, tzinfo=UTC)),        # summer: UTC+3
    ("2016-07-13 10:50:00", datetime(2016, 7, 13, 7, 50, tzinfo=UTC)),     # a YAML timestamp
    ("'2016-07-13 10:50'", datetime(2016, 7, 13, 7, 50, tzinfo=UTC)),      # quoted text
    ("2016-01-13 10:50", datetime(2016, 1, 13, 8, 50, tzinfo=UTC)),        # winter: UTC+2
    ("2016-07-13", datetime(2016, 7, 12, 21, 0, tzinfo=UTC)),              # Kyiv midnight
    ("2016-07-13T10:50:00+03:00", datetime(2016, 7, 13, 7, 50, tzinfo=UTC)),
    ("2016-07-13 10:50:00Z", datetime(2016, 7, 13, 10, 50, tzinfo=UTC)),
])
def test_dates_are_kyiv_wall_clock_time_unless_they_say_otherwise(written: str,
                                                                   utc: datetime) -> None:
    parsed = importer.parse(NAME, _text(f"title: Назва\ndate: {written}"))
    assert parsed.published_at == utc


def test_a_good_file_is_read_field_by_field() -> None:
    parsed = importer.parse(NAME, GOOD.encode())
    draft = parsed.draft
    assert draft.title == "Засідання колегії: підсумки року"
    assert draft.lead == "Колегія розглянула звіт управління."
    assert draft.section == "Новини"
    assert list(draft.tags) == ["освіта", "Київ"]
    assert draft.signature == "Прес-служба"
    assert draft.body == "Колегія **затвердила** звіт.\n\nНаступне засідання — у вересні.\n"
    assert parsed.author == "olena"
    assert parsed.status is Status.DRAFT
    assert parsed.url is None
    assert list(importer.parse(NAME, GOOD_COMMA_TAGS.encode()).draft.tags) == [
        "освіта", "молодь", "Київ"]
    # A byte-order mark and Windows line ends are what Notepad saves: both are fine.
    assert importer.parse(NAME, b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode()).draft \
        == draft


# --- importing into the database -----------------------------------------------------


def test_good_files_import_with_every_field(db: Database, people: People) -> None:
    with db.uow() as uow:
        ids = importer.import_files(uow, people.writer, [
            (NAME, GOOD.encode()), ("прийом.md", GOOD_COMMA_TAGS.encode())])
        uow.commit()
    with db.uow() as uow:
        first, second = (articles.get(uow, i) for i in ids)
    assert (first.title, first.lead, first.section, first.tags, first.signature) == (
        "Засідання колегії: підсумки року", "Колегія розглянула звіт управління.", "Новини",
        ("освіта", "Київ"), "Прес-служба")
    assert first.body.startswith("Колегія **затвердила** звіт.")
    assert (first.status, first.author_id, first.revision) == (Status.DRAFT, people.writer, 1)
    assert first.created_at == datetime(2016, 7, 13, 7, 50, tzinfo=UTC)
    assert first.published_at is None
    assert second.tags == ("освіта", "молодь", "Київ")
    # No signature in the file: the author's own.
    assert second.signature == "Управління у справах преси та інформації"

    # An editor may import in a colleague's name; a writer may not.
    in_name = _text("title: Від імені колеги\nauthor: taras")
    with db.uow() as uow:
        (theirs,) = importer.import_files(uow, people.editor, [("taras.md", in_name)])
        uow.commit()
    with db.uow() as uow:
        assert articles.get(uow, theirs).author_id == people.writer2
    before = _count(db)
    with db.uow() as uow, pytest.raises(PermissionDenied):
        importer.import_files(uow, people.writer, [("taras.md", in_name)])
    with db.uow() as uow, pytest.raises(NotFound):
        importer.import_files(uow, people.editor, [
            ("nobody.md", _text("title: Ніхто\nauthor: nobody"))])
    assert _count(db) == before


def test_published_files_are_for_editors_and_keep_their_date_and_address(
        db: Database, people: People) -> None:
    before = _count(db)
    with db.uow() as uow, pytest.raises(PermissionDenied) as caught:
        importer.import_files(uow, people.writer, [("centre.md", PUBLISHED.encode())])
    assert "centre.md" in caught.value.message
    assert _count(db) == before

    with db.uow() as uow:
        (article_id,) = importer.import_files(uow, people.editor,
                                              [("centre.md", PUBLISHED.encode())])
        uow.commit()
    with db.uow() as uow:
        view = articles.get(uow, article_id)
    assert view.status is Status.PUBLISHED
    assert view.published_at == datetime(2016, 7, 13, 7, 50, tzinfo=UTC)
    assert view.remote_url == "https://example.gov.ua/news/vidkryto-tsentr"
    assert view.author_id == people.editor


def test_a_batch_with_one_bad_file_imports_nothing(db: Database, people: People) -> None:
    before = _count(db)
    for case, raw in BAD_FILES.items():
        bad_name = f"{case}.md"
        with db.uow() as uow:
            with pytest.raises(ValidationError) as caught:
                importer.import_files(uow, people.editor, [
                    (NAME, GOOD.encode()), (bad_name, raw), ("прийом.md",
                                                             GOOD_COMMA_TAGS.encode())])
            # Committing anyway proves the good files were never stored, not merely
            # rolled back with the unit of work.
            uow.commit()
        assert bad_name in caught.value.message, case
        assert NAME not in caught.value.message, case
        assert _count(db) == before, case

    # A refusal found while storing (a writer's published file after a good one)
    # also leaves nothing behind.
    with db.uow() as uow, pytest.raises(PermissionDenied):
        importer.import_files(uow, people.writer, [
            (NAME, GOOD.encode()), ("centre.md", PUBLISHED.encode())])
    assert _count(db) == before

    with db.uow() as uow:
        assert len(importer.import_files(uow, people.editor, [
            (NAME, GOOD.encode()), ("прийом.md", GOOD_COMMA_TAGS.encode())])) == 2
        uow.commit()
    assert _count(db)[0] == before[0] + 2

"""Personal and office dictionaries in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, inspect, select

from newsroom.domain.errors import PermissionDenied, ValidationError
from newsroom.locale_uk_spelling import MESSAGES
from newsroom.services import dictionary
from newsroom.storage import migrate
from newsroom.storage.db import Database
from newsroom.storage.models import OfficeWord, PersonalWord, User
from newsroom.text.spelling import SpellChecker, load_dictionary
from tests.conftest import People
from tests.core.test_cli import cli


def test_personal_words_belong_to_one_user(db: Database, people: People) -> None:
    with db.uow() as uow:
        assert dictionary.add_personal(uow, people.writer, " Малашко ") == "Малашко"
        uow.commit()
    with db.uow() as uow:
        mine = dictionary.words_for(uow, people.writer)
        theirs = dictionary.words_for(uow, people.writer2)
    assert mine.personal == ("Малашко",)
    assert theirs.personal == ()
    assert "Малашко" in mine.all and "Малашко" not in theirs.all


def test_apostrophes_are_stored_in_the_house_form_and_once(db: Database,
                                                            people: People) -> None:
    with db.uow() as uow:
        dictionary.add_personal(uow, people.writer, "Прим'ятка")
        dictionary.add_personal(uow, people.writer, "Примʼятка")
        dictionary.add_personal(uow, people.writer, "Прим’ятка")
        uow.commit()
    with db.uow() as uow:
        assert dictionary.words_for(uow, people.writer).personal == ("Прим’ятка",)


def test_editors_and_admins_add_office_words_for_everyone(db: Database, people: People) -> None:
    with db.uow() as uow:
        dictionary.add_office(uow, people.editor, "Ямчитськими")
        dictionary.add_office(uow, people.admin, "Кушугумці")
        uow.commit()
    with db.uow() as uow:
        office = dictionary.words_for(uow, people.writer).office
        added_by = uow.session.scalar(
            select(OfficeWord.added_by).where(OfficeWord.word == "Ямчитськими"))
    assert {"Ямчитськими", "Кушугумці"} <= set(office)
    assert added_by == people.editor


@pytest.mark.parametrize("role", ["writer", "reviewer"])
def test_writers_and_reviewers_may_not_add_office_words(db: Database, people: People,
                                                        role: str) -> None:
    with db.uow() as uow, pytest.raises(PermissionDenied, match="only an editor"):
        dictionary.add_office(uow, getattr(people, role), "Ямчитськими")
    with db.uow() as uow:
        assert "Ямчитськими" not in dictionary.words_for(uow, people.writer).office


@pytest.mark.parametrize("word", ["", "   ", "два слова", "я" * 101, "2025", "\t"])
def test_a_bad_word_is_refused_with_one_message_and_nothing_changes(
        db: Database, people: People, word: str) -> None:
    with db.uow() as uow:
        before = dictionary.words_for(uow, people.editor)
    for add in (dictionary.add_personal, dictionary.add_office):
        with db.uow() as uow:
            with pytest.raises(ValidationError, match="cannot go into a dictionary"):
                add(uow, people.editor, word)
            uow.commit()
    with db.uow() as uow:
        assert dictionary.words_for(uow, people.editor) == before


def test_the_refusal_has_a_ukrainian_translation_with_the_same_fields() -> None:
    english = next(m for m in MESSAGES if m.startswith("«{word}» cannot go"))
    assert "{word}" in MESSAGES[english] and "{max}" in MESSAGES[english]
    assert "словника" in MESSAGES[english]


def test_adding_an_existing_word_is_a_no_op(db: Database, people: People) -> None:
    with db.uow() as uow:
        dictionary.add_personal(uow, people.writer, "Малашко")
        dictionary.add_office(uow, people.editor, "ОВА")  # seeded already
        uow.commit()
    with db.uow() as uow:
        dictionary.add_personal(uow, people.writer, "Малашко")
        uow.commit()
        words = dictionary.words_for(uow, people.writer)
    assert words.personal.count("Малашко") == 1
    assert words.office.count("ОВА") == 1


def test_personal_words_go_with_their_user(db: Database, people: People) -> None:
    with db.uow() as uow:
        dictionary.add_personal(uow, people.writer2, "Малашко")
        uow.commit()
    with db.uow() as uow:
        uow.session.execute(delete(User).where(User.id == people.writer2))
        uow.commit()
    with db.uow() as uow:
        assert uow.session.scalars(select(PersonalWord)).all() == []


def test_the_seeded_office_words_are_ones_hunspell_lacks(db: Database, people: People) -> None:
    with db.uow() as uow:
        office = dictionary.words_for(uow, people.writer).office
    assert {"ОВА", "ТЦК", "шахеди", "релокованих", "прийомна"} <= set(office)
    bare = SpellChecker(load_dictionary())
    assert [w for w in office if bare.is_correct(w)] == []
    taught = SpellChecker(load_dictionary(), office)
    assert all(taught.is_correct(w) for w in office)


def test_migration_0005_goes_down_and_up_again(db: Database) -> None:
    assert migrate.current_revision(db) == migrate.HEAD
    migrate.downgrade(db, "0004")
    tables = set(inspect(db.engine).get_table_names())
    assert not {"personal_words", "office_words"} & tables
    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.HEAD
    with db.uow() as uow:
        assert "ОВА" in dictionary.words_for(uow, 0).office


def test_the_cli_adds_and_lists_words_all_or_nothing(tmp_path: Path) -> None:
    db_url = f"sqlite:///{(tmp_path / 'cli.sqlite3').as_posix()}"

    def run(*argv: str) -> Any:
        return cli(["--db", db_url, *argv], cwd=tmp_path)

    assert run("init").code == 0
    assert run("user", "add", "admin", "--role", "admin").code == 0
    assert run("user", "add", "olena", "--role", "writer", "--as", "admin").code == 0
    assert run("user", "add", "nadiia", "--role", "editor", "--as", "admin").code == 0

    added = run("dictionary", "add", "Кушугум", "сім'я-стайл", "--as", "olena")
    assert added.code == 0, added
    assert "Кушугум, сім’я-стайл" in added.out  # stored with the house apostrophe
    refused = run("dictionary", "add", "Малокатеринівка", "--office", "--as", "olena")
    assert refused.code == 1 and "only an editor" in refused.err
    half_bad = run("dictionary", "add", "Балабине", "два слова", "--office", "--as", "nadiia")
    assert half_bad.code == 1 and "cannot go into a dictionary" in half_bad.err
    office = json.loads(run("dictionary", "list", "--as", "nadiia", "--json").out)["office"]
    assert "Балабине" not in office  # the good word of a refused list was not kept either
    assert run("dictionary", "add", "Балабине", "--office", "--as", "nadiia").code == 0

    listed = run("dictionary", "list", "--as", "olena", "--json")
    assert listed.code == 0, listed
    words = json.loads(listed.out)
    assert words["personal"] == ["Кушугум", "сім’я-стайл"]
    assert "Балабине" in words["office"] and "два" not in words["office"]
    assert json.loads(run("dictionary", "list", "--as", "nadiia", "--json").out)[
        "personal"] == []

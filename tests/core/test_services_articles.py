"""Saving articles: revisions, optimistic locking, validation, slugs, review diffs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pytest
from sqlalchemy import func, select

from newsroom.domain.errors import (
    ConflictError,
    IllegalTransition,
    PermissionDenied,
    ValidationError,
)
from newsroom.domain.workflow import Action
from newsroom.services import articles, autosave, taxonomy, workflow
from newsroom.services.articles import Draft
from newsroom.storage.db import Database
from newsroom.storage.models import (
    Article,
    ArticleTag,
    AuditEvent,
    Autosave,
    Revision,
    Section,
    Tag,
)
from newsroom.storage.uow import UnitOfWork
from newsroom.text.words import DiffOp
from tests.conftest import People

TITLE = "Засідання колегії"
# The national (KMU 2010) transliteration of TITLE, worked out by hand:
# з-a-с-і-д-а-н-н-я → z-a-s-i-d-a-n-n-ia, к-о-л-е-г-і-ї → k-o-l-e-h-i-i.
TITLE_SLUG = "zasidannia-kolehii"


def _count(uow: UnitOfWork, model: Any, **where: Any) -> int:
    return int(uow.session.scalar(select(func.count()).select_from(model).filter_by(**where))
               or 0)


def _create(db: Database, actor: int, draft: Draft | None = None) -> int:
    with db.uow() as uow:
        article_id = articles.create(uow, actor, draft or Draft(
            title=TITLE, lead="Підсумки року.", body="Колегія розглянула звіт.\n")).id
        uow.commit()
    return article_id


def _save(db: Database, actor: int, article_id: int, **changes: Any) -> Any:
    """Save the article as stored with ``changes`` applied; return the new view."""
    with db.uow() as uow:
        current = articles.get(uow, article_id)
        draft = Draft(title=current.title, lead=current.lead, body=current.body,
                      section=current.section, tags=current.tags)
        result = articles.save(uow, actor, article_id, current.version, replace(draft, **changes))
        uow.commit()
    return result


def _act(db: Database, actor: int, article_id: int, action: Action, **kwargs: Any) -> None:
    with db.uow() as uow:
        workflow.transition(uow, actor, article_id, action, **kwargs)
        uow.commit()


@dataclass(frozen=True)
class Stored:
    title: str
    lead: str
    body: str
    version: int
    revision: int
    revisions: int
    audit_events: int
    articles: int


def _totals(db: Database) -> tuple[int, ...]:
    """Rows a refused create must not add to."""
    with db.uow() as uow:
        return tuple(_count(uow, model) for model in (Article, Revision, AuditEvent, Section,
                                                      Tag, ArticleTag))


def _stored(db: Database, article_id: int) -> Stored:
    with db.uow() as uow:
        a = articles.load(uow, article_id)
        return Stored(a.title, a.lead, a.body, a.version, a.revision,
                      _count(uow, Revision, article_id=article_id),
                      _count(uow, AuditEvent, article_id=article_id), _count(uow, Article))


# --- revisions ---------------------------------------------------------------


def test_every_save_makes_a_revision_and_a_save_without_changes_makes_none(
        db: Database, people: People) -> None:
    article_id = _create(db, people.writer)
    first = _stored(db, article_id)
    assert (first.revision, first.revisions) == (1, 1)

    _save(db, people.writer, article_id, body="Колегія затвердила звіт.\n")
    _save(db, people.writer, article_id, lead="Підсумки 2016 року.")
    _save(db, people.editor, article_id, title="Засідання колегії управління")
    with db.uow() as uow:
        revs = articles.revisions(uow, article_id)
    assert [(r.number, r.title, r.lead, r.body, r.saved_by) for r in revs] == [
        (1, TITLE, "Підсумки року.", "Колегія розглянула звіт.\n", "Олена Петренко"),
        (2, TITLE, "Підсумки року.", "Колегія затвердила звіт.\n", "Олена Петренко"),
        (3, TITLE, "Підсумки 2016 року.", "Колегія затвердила звіт.\n", "Олена Петренко"),
        (4, "Засідання колегії управління", "Підсумки 2016 року.",
         "Колегія затвердила звіт.\n", "Надія Шевчук"),
    ]

    before = _stored(db, article_id)
    view = _save(db, people.writer, article_id)  # the same text again
    assert _stored(db, article_id) == before
    assert view.version == before.version

    # Tags and section are part of what a save changes, too.
    _save(db, people.writer, article_id, tags=("освіта",))
    _save(db, people.writer, article_id, section="Новини")
    assert _stored(db, article_id).revisions == 6
    with db.uow() as uow:
        view = articles.get(uow, article_id)
    assert (view.section, view.tags) == ("Новини", ("освіта",))


# --- optimistic locking ----------------------------------------------------------


def test_a_save_based_on_a_replaced_version_is_a_conflict_that_writes_nothing(
        db: Database, people: People) -> None:
    article_id = _create(db, people.writer)
    with db.uow() as uow:
        opened = articles.get(uow, article_id)
    _save(db, people.editor, article_id, body="Редактор виправив звіт.\n")
    before = _stored(db, article_id)

    mine = Draft(title=TITLE, lead="Підсумки року.", body="Авторка переписала звіт.\n")
    with db.uow() as uow:
        with pytest.raises(ConflictError) as caught:
            articles.save(uow, people.writer, article_id, opened.version, mine)
        uow.commit()  # even a commit after the error must find nothing to store

    err = caught.value
    assert err.article_id == article_id
    assert (err.mine.version, err.mine.body) == (opened.version, "Авторка переписала звіт.\n")
    assert (err.theirs.version, err.theirs.body) == (before.version, "Редактор виправив звіт.\n")
    assert err.theirs.title == TITLE
    assert err.mine.version != err.theirs.version
    assert "Надія Шевчук" in err.message
    assert _stored(db, article_id) == before


def test_two_units_of_work_saving_the_same_article_the_second_gets_a_conflict(
        db: Database, people: People) -> None:
    """Both sessions hold the loaded article, so the second save passes the early
    version check and must be stopped by the versioned UPDATE itself."""
    article_id = _create(db, people.writer)
    with db.uow() as first, db.uow() as second:
        held_first = articles.load(first, article_id)
        held_second = articles.load(second, article_id)
        assert held_first.version == held_second.version
        articles.save(first, people.writer, article_id, held_first.version,
                      Draft(title=TITLE, body="Перша правка.\n"))
        first.commit()
        with pytest.raises(ConflictError) as caught:
            articles.save(second, people.editor, article_id, held_second.version,
                          Draft(title=TITLE, body="Друга правка.\n"))
    assert caught.value.mine.body == "Друга правка.\n"
    assert caught.value.theirs.body == "Перша правка.\n"
    after = _stored(db, article_id)
    assert (after.body, after.revisions) == ("Перша правка.\n", 2)

    # The usual way: both screens were filled from views of the same version.
    article_id = _create(db, people.writer)
    with db.uow() as a, db.uow() as b:
        seen_a = articles.get(a, article_id)
        seen_b = articles.get(b, article_id)
        articles.save(a, people.writer, article_id, seen_a.version,
                      Draft(title=TITLE, body="Правка авторки.\n"))
        a.commit()
        with pytest.raises(ConflictError):
            articles.save(b, people.editor, article_id, seen_b.version,
                          Draft(title=TITLE, body="Правка редакторки.\n"))
    after = _stored(db, article_id)
    assert (after.body, after.revisions) == ("Правка авторки.\n", 2)


# --- who may edit what -------------------------------------------------------------


def test_approved_and_later_texts_are_frozen(db: Database, people: People) -> None:
    article_id = _create(db, people.writer)
    _act(db, people.writer, article_id, Action.SUBMIT)
    for action in (Action.APPROVE, Action.QUEUE, Action.PUBLISH):
        _act(db, people.reviewer if action is Action.APPROVE else people.editor, article_id,
             action)
        before = _stored(db, article_id)
        for actor in (people.writer, people.editor, people.admin):
            with db.uow() as uow:
                with pytest.raises(IllegalTransition):
                    current = articles.get(uow, article_id)
                    articles.save(uow, actor, article_id, current.version,
                                  Draft(title=TITLE, body="Непогоджена правка.\n"))
                uow.commit()
        assert _stored(db, article_id) == before, action
    # Reopening is the way back to editing.
    _act(db, people.writer, article_id, Action.CORRECT)
    assert _save(db, people.writer, article_id, body="Виправлено.\n").body == "Виправлено.\n"


def test_a_writer_cannot_edit_another_writers_article_but_an_editor_can(
        db: Database, people: People) -> None:
    article_id = _create(db, people.writer)
    before = _stored(db, article_id)
    for outsider in (people.writer2, people.reviewer):
        with db.uow() as uow:
            with pytest.raises(PermissionDenied):
                current = articles.get(uow, article_id)
                articles.save(uow, outsider, article_id, current.version,
                              Draft(title=TITLE, body="Чужа правка.\n"))
            uow.commit()
    assert _stored(db, article_id) == before

    _save(db, people.editor, article_id, body="Правка редакторки.\n")
    _save(db, people.admin, article_id, body="Правка адміністратора.\n")
    with db.uow() as uow:
        assert [r.saved_by for r in articles.revisions(uow, article_id)][-2:] == [
            "Надія Шевчук", "Адміністратор"]
        assert articles.get(uow, article_id).author_id == people.writer


# --- validation ------------------------------------------------------------------

BAD_DRAFTS = {
    "empty title": Draft(title=""),
    "blank title": Draft(title=" \t\n "),
    "body over two million characters": Draft(title=TITLE, body="я" * 2_000_001),
    "NUL in the body": Draft(title=TITLE, body="текст\x00текст"),
    "NUL in the title": Draft(title="Засідання\x00"),
    "NUL in the lead": Draft(title=TITLE, lead="\x00"),
    "NUL in a tag": Draft(title=TITLE, tags=("громада", "\x00")),
    "NUL in the section": Draft(title=TITLE, section="Новини\x00"),
    "NUL in the signature": Draft(title=TITLE, signature="Прес-служба\x00"),
}


def test_invalid_drafts_are_refused_and_nothing_is_written(db: Database,
                                                           people: People) -> None:
    article_id = _create(db, people.writer)
    before_all = _totals(db)
    before = _stored(db, article_id)
    for name, draft in BAD_DRAFTS.items():
        with db.uow() as uow:
            with pytest.raises(ValidationError):
                articles.create(uow, people.writer, draft)
            current = articles.get(uow, article_id)
            with pytest.raises(ValidationError):
                articles.save(uow, people.writer, article_id, current.version, draft)
            uow.commit()
        assert _totals(db) == before_all, name
        assert _stored(db, article_id) == before, name

    # The limit itself is allowed.
    _save(db, people.writer, article_id, body="я" * 2_000_000)
    with db.uow() as uow:
        assert len(articles.get(uow, article_id).body) == 2_000_000


# --- slugs --------------------------------------------------------------------------


BAD_SLUGS = ["Bad Slug", "zasidannia kolehii", "засідання", "a--b", "-lead", "trailing-",
             "UPPER", "slug/with/slash"]


def test_slugs_are_unique_and_explicit_ones_must_be_well_formed_and_free(
        db: Database, people: People) -> None:
    with db.uow() as uow:
        first = articles.create(uow, people.writer, Draft(title=TITLE))
        second = articles.create(uow, people.writer2, Draft(title=TITLE))
        third = articles.create(uow, people.editor, Draft(title=f"  {TITLE}  "))
        uow.commit()
    assert (first.slug, second.slug, third.slug) == (
        TITLE_SLUG, f"{TITLE_SLUG}-2", f"{TITLE_SLUG}-3")

    before = _totals(db)
    for bad in BAD_SLUGS:
        with db.uow() as uow:
            with pytest.raises(ValidationError):
                articles.create(uow, people.writer, Draft(title=TITLE, slug=bad,
                                                          section="Новини"))
            uow.commit()
        assert _totals(db) == before, bad

    with db.uow() as uow:
        own = articles.create(uow, people.writer, Draft(title=TITLE, slug="kolehiia-2016"))
        uow.commit()
    assert own.slug == "kolehiia-2016"
    with db.uow() as uow, pytest.raises(ValidationError):
        articles.create(uow, people.writer, Draft(title="Інша новина", slug="kolehiia-2016"))
    other = _create(db, people.writer, Draft(title="Інша новина"))
    with db.uow() as uow, pytest.raises(ValidationError):
        current = articles.get(uow, other)
        articles.save(uow, people.writer, other, current.version,
                      Draft(title="Інша новина", slug="kolehiia-2016"))
    # Keeping one's own slug is not a clash.
    assert _save(db, people.writer, own.id, slug="kolehiia-2016",
                 body="Новий текст.\n").slug == "kolehiia-2016"


# --- review diffs ----------------------------------------------------------------


def _kinds(ops: list[DiffOp], kind: str) -> list[str]:
    return [op.text for op in ops if op.kind == kind]


def test_word_diff_between_revisions_keeps_apostrophe_words_whole(db: Database,
                                                                  people: People) -> None:
    article_id = _create(db, people.writer, Draft(
        title="Допомога переселенцям", body="Виплати отримали 40 родин з Донеччини.\n"))
    _save(db, people.writer, article_id, body="Виплати отримали 40 сім’ї з Донеччини.\n")
    with db.uow() as uow:
        ops = workflow.diff(uow, article_id, 1, 2)
    assert _kinds(ops, "delete") == ["родин"]
    assert _kinds(ops, "insert") == ["сім’ї"]
    equal = "".join(_kinds(ops, "equal"))
    assert "Допомога переселенцям" in equal
    assert "Виплати отримали 40 " in equal
    assert " з Донеччини." in equal


def test_changes_since_my_review(db: Database, people: People) -> None:
    article_id = _create(db, people.writer, Draft(
        title="Громадські слухання", lead="Запрошуємо мешканців.",
        body="Слухання відбудуться у понеділок.\n"))
    _act(db, people.writer, article_id, Action.SUBMIT)

    with db.uow() as uow:
        seen, ops = workflow.changes_since_my_review(uow, people.reviewer, article_id)
    assert seen is None
    assert {op.kind for op in ops} == {"insert"}
    whole = "".join(op.text for op in ops)
    for part in ("Громадські слухання", "Запрошуємо мешканців.", "Слухання відбудуться"):
        assert part in whole

    _act(db, people.reviewer, article_id, Action.REQUEST_CHANGES, comment="Який понеділок?")
    _save(db, people.writer, article_id, body="Слухання відбудуться у понеділок, 18 липня.\n")
    with db.uow() as uow:
        seen, ops = workflow.changes_since_my_review(uow, people.reviewer, article_id)
        not_yet, _ = workflow.changes_since_my_review(uow, people.reviewer2, article_id)
    assert seen == 1
    assert not_yet is None
    assert _kinds(ops, "delete") == []
    assert _kinds(ops, "insert") == [", 18 липня"]
    assert "Запрошуємо мешканців." in "".join(_kinds(ops, "equal"))

    _act(db, people.writer, article_id, Action.REVISE)
    _act(db, people.writer, article_id, Action.SUBMIT)
    _act(db, people.reviewer, article_id, Action.APPROVE)
    _act(db, people.writer, article_id, Action.REOPEN)
    _save(db, people.writer, article_id, lead="Запрошуємо всіх мешканців.")
    with db.uow() as uow:
        seen, ops = workflow.changes_since_my_review(uow, people.reviewer, article_id)
    assert seen == 2
    assert [text.strip() for text in _kinds(ops, "insert")] == ["всіх"]
    assert _kinds(ops, "delete") == []
    assert "18 липня" in "".join(_kinds(ops, "equal"))


# --- sections, tags and autosave --------------------------------------------------


def test_tags_and_sections_are_created_on_demand_and_reused(db: Database,
                                                            people: People) -> None:
    with db.uow() as uow:
        a = articles.create(uow, people.writer, Draft(
            title="Перша", section="Новини", tags=("освіта", "Київ", "освіта")))
        b = articles.create(uow, people.writer2, Draft(
            title="Друга", section="Новини", tags=["Київ"]))
        c = articles.create(uow, people.writer2, Draft(title="Третя", section="Анонси"))
        uow.commit()
    assert (a.section, a.tags) == ("Новини", ("освіта", "Київ"))
    assert (b.section, b.tags) == ("Новини", ("Київ",))
    assert (c.section, c.tags) == ("Анонси", ())
    with db.uow() as uow:
        assert _count(uow, Section) == 2
        assert _count(uow, Tag) == 2
        assert sorted(uow.session.scalars(select(Section.slug))) == ["anonsy", "novyny"]
        assert sorted(uow.session.scalars(select(Tag.slug))) == ["kyiv", "osvita"]

    _save(db, people.writer, a.id, tags=("Київ",), section="Анонси")
    with db.uow() as uow:
        assert _count(uow, Section) == 2
        assert _count(uow, Tag) == 2  # the unused tag stays for the next article
        assert _count(uow, ArticleTag, article_id=a.id) == 1
        assert articles.get(uow, a.id).section == "Анонси"


def test_autosave_put_pending_discard_and_a_save_discards_only_the_savers(
        db: Database, people: People) -> None:
    article_id = _create(db, people.writer)
    with db.uow() as uow:
        current = articles.get(uow, article_id)
        autosave.put(uow, people.writer, article_id, TITLE, current.lead, "Недописаний", 1)
        autosave.put(uow, people.writer, article_id, TITLE, current.lead, "Недописаний те", 1)
        autosave.put(uow, people.editor, article_id, TITLE, current.lead, "Редакторське", 1)
        uow.commit()
    with db.uow() as uow:
        mine = autosave.pending(uow, people.writer)
        assert _count(uow, Autosave) == 2
    assert [(p.article_id, p.body, p.base_version) for p in mine] == [
        (article_id, "Недописаний те", 1)]

    # An autosave equal to the stored text is nothing to recover.
    with db.uow() as uow:
        autosave.put(uow, people.writer2, article_id, current.title, current.lead,
                     current.body, 1)
        uow.commit()
    with db.uow() as uow:
        assert autosave.pending(uow, people.writer2) == []
        autosave.discard(uow, people.writer2, article_id)
        uow.commit()

    _save(db, people.writer, article_id, body="Дописаний текст.\n")
    with db.uow() as uow:
        assert autosave.pending(uow, people.writer) == []
        assert [p.body for p in autosave.pending(uow, people.editor)] == ["Редакторське"]
        autosave.discard(uow, people.editor, article_id)
        uow.commit()
    with db.uow() as uow:
        assert autosave.pending(uow, people.editor) == []
        assert _count(uow, Autosave) == 0


def test_tags_and_sections_match_ignoring_cyrillic_case(db: Database, people: People) -> None:
    with db.uow() as uow:
        a = articles.create(uow, people.writer, Draft(title="Перша", section="Новини",
                                                      tags=["Київ", "Волонтери"]))
        b = articles.create(uow, people.writer, Draft(title="Друга", section="НОВИНИ",
                                                      tags=["київ", "ВОЛОНТЕРИ", "Kyiv"]))
        uow.commit()
    assert a.section == b.section == "Новини"
    assert b.tags == ("Київ", "Волонтери", "Kyiv")
    with db.uow() as uow:
        assert taxonomy.list_sections(uow) == ["Новини"]
        names = sorted(uow.session.scalars(select(Tag.name)))
    assert names == sorted(["Київ", "Волонтери", "Kyiv"])


def test_many_articles_with_one_title_get_distinct_slugs_past_the_first_batch(
        db: Database, people: People) -> None:
    with db.uow() as uow:
        slugs = [articles.create(uow, people.writer, Draft(title="Оголошення")).slug
                 for _ in range(articles.SLUG_BATCH + 3)]
        uow.commit()
    assert len(set(slugs)) == len(slugs)
    assert slugs[0] == "oholoshennia"
    assert slugs[-1] == f"oholoshennia-{articles.SLUG_BATCH + 3}"

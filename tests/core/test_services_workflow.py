"""The workflow applied to stored articles, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import func, select

from newsroom.domain.errors import IllegalTransition, PermissionDenied, ValidationError
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, audit, related, workflow
from newsroom.services.articles import Draft
from newsroom.storage.db import Database
from newsroom.storage.models import (
    AuditEvent,
    Comment,
    PublishJob,
    ReviewEvent,
    Site,
)
from newsroom.storage.uow import UnitOfWork
from tests.conftest import People

LOGINS = {"writer": "olena", "writer2": "taras", "reviewer": "ivan", "reviewer2": "mariia",
          "editor": "nadiia", "admin": "admin"}


def _draft(title: str = "Засідання колегії управління", body: str = "Перший абзац.\n") -> Draft:
    return Draft(title=title, lead="Коротко про головне.", body=body, section="Новини",
                 tags=("освіта", "Київ"))


def _create(db: Database, actor: int, title: str = "Засідання колегії управління") -> int:
    with db.uow() as uow:
        article_id = articles.create(uow, actor, _draft(title)).id
        uow.commit()
    return article_id


def _act(db: Database, actor: int, article_id: int, action: Action, **kwargs: Any) -> Status:
    with db.uow() as uow:
        status = workflow.transition(uow, actor, article_id, action, **kwargs).status
        uow.commit()
    return status


def _to_approved(db: Database, people: People, author: int | None = None,
                 title: str = "Засідання колегії управління") -> int:
    article_id = _create(db, author if author is not None else people.writer, title)
    _act(db, people.editor, article_id, Action.SUBMIT)
    _act(db, people.reviewer, article_id, Action.APPROVE)
    return article_id


def _to_published(db: Database, people: People, title: str) -> int:
    article_id = _to_approved(db, people, title=title)
    _act(db, people.editor, article_id, Action.QUEUE)
    _act(db, people.editor, article_id, Action.PUBLISH)
    return article_id


def _count(uow: UnitOfWork, model: Any, **where: Any) -> int:
    stmt = select(func.count()).select_from(model).filter_by(**where)
    return int(uow.session.scalar(stmt) or 0)


@dataclass(frozen=True)
class State:
    status: Status
    version: int
    revision: int
    scheduled_at: datetime | None
    published_at: datetime | None
    audit_events: int
    comments: int
    review_events: int
    jobs: int


def _state(db: Database, article_id: int) -> State:
    with db.uow() as uow:
        a = articles.load(uow, article_id)
        return State(a.status, a.version, a.revision, a.scheduled_at, a.published_at,
                     _count(uow, AuditEvent, article_id=article_id),
                     _count(uow, Comment, article_id=article_id),
                     _count(uow, ReviewEvent, article_id=article_id),
                     _count(uow, PublishJob, article_id=article_id))


def _refused_without_trace(db: Database, article_id: int, error: type[Exception],
                           call: Callable[[UnitOfWork], object]) -> None:
    """The call raises, and even committing the unit of work afterwards stores nothing.

    Committing on purpose: a rollback would hide a service that changed the
    article before it noticed the rule was broken.
    """
    before = _state(db, article_id)
    with db.uow() as uow:
        with pytest.raises(error):
            call(uow)
        uow.commit()
    assert _state(db, article_id) == before


def _add_sites(db: Database) -> tuple[int, int]:
    with db.uow() as uow:
        main = Site(name="kyiv-gov", kind="drupal", url="https://example.gov.ua/", enabled=True)
        mirror = Site(name="static", kind="static", path="/srv/www", enabled=True)
        off = Site(name="old", kind="drupal", url="https://old.example.gov.ua/", enabled=False)
        uow.session.add_all([main, mirror, off])
        uow.flush()
        ids = (main.id, mirror.id)
        uow.commit()
    return ids


def _jobs(db: Database, article_id: int) -> list[tuple[int, str, str, int, datetime | None]]:
    with db.uow() as uow:
        rows = uow.session.scalars(select(PublishJob).where(PublishJob.article_id == article_id)
                                   .order_by(PublishJob.id))
        return [(j.site_id, j.action, j.state, j.revision, j.scheduled_at) for j in rows]


# --- the whole flow ----------------------------------------------------------


def test_the_whole_flow_from_draft_to_published(db: Database, people: People) -> None:
    target = _to_published(db, people, "Відкрито новий центр надання послуг")

    with db.uow() as uow:
        created = articles.create(uow, people.writer, _draft())
        uow.commit()
    assert (created.status, created.revision, created.author_id) == (
        Status.DRAFT, 1, people.writer)

    with db.uow() as uow:
        saved = articles.save(uow, people.writer, created.id, created.version,
                              _draft(body="Перший абзац.\n\nДругий абзац.\n"))
        uow.commit()
    assert saved.revision == 2
    assert saved.version > created.version

    assert _act(db, people.writer, created.id, Action.SUBMIT) is Status.IN_REVIEW
    assert _act(db, people.reviewer, created.id, Action.APPROVE) is Status.APPROVED

    with db.uow() as uow:
        links = related.add(uow, people.editor, created.id, target)
        uow.commit()
    assert [r.id for r in links] == [target]

    when = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    assert _act(db, people.editor, created.id, Action.SCHEDULE, at=when) is Status.SCHEDULED
    assert _state(db, created.id).scheduled_at == when

    assert _act(db, people.editor, created.id, Action.QUEUE) is Status.QUEUED
    assert _state(db, created.id).scheduled_at is None
    assert _state(db, created.id).published_at is None

    before = datetime.now(UTC)
    assert _act(db, people.editor, created.id, Action.PUBLISH) is Status.PUBLISHED
    after = datetime.now(UTC)

    with db.uow() as uow:
        final = articles.get(uow, created.id)
        events = audit.list_events(uow, created.id)
        verdicts = list(uow.session.execute(
            select(ReviewEvent.user_id, ReviewEvent.kind, ReviewEvent.revision)
            .where(ReviewEvent.article_id == created.id).order_by(ReviewEvent.id)))
    assert final.status is Status.PUBLISHED
    assert final.published_at is not None
    assert final.published_at.tzinfo is not None
    assert before - timedelta(seconds=1) <= final.published_at <= after + timedelta(seconds=1)
    assert [r.title for r in final.related] == ["Відкрито новий центр надання послуг"]
    assert [(e.action, e.actor) for e in events] == [
        ("create", "olena"), ("save", "olena"), ("submit", "olena"), ("approve", "ivan"),
        ("related_add", "nadiia"), ("schedule", "nadiia"), ("queue", "nadiia"),
        ("publish", "nadiia")]
    assert [tuple(v) for v in verdicts] == [(people.writer, "submitted", 2),
                                           (people.reviewer, "approved", 2)]


def test_every_action_writes_an_audit_event_with_actor_statuses_and_revision(
        db: Database, people: People) -> None:
    article_id = _create(db, people.writer)
    later = datetime.now(UTC) + timedelta(hours=3)
    steps: list[tuple[str, Action, dict[str, Any], Status, Status]] = [
        ("writer", Action.SUBMIT, {}, Status.DRAFT, Status.IN_REVIEW),
        ("writer", Action.WITHDRAW, {}, Status.IN_REVIEW, Status.DRAFT),
        ("writer", Action.SUBMIT, {}, Status.DRAFT, Status.IN_REVIEW),
        ("reviewer", Action.REQUEST_CHANGES, {"comment": "Додайте дату засідання."},
         Status.IN_REVIEW, Status.CHANGES_REQUESTED),
        ("writer", Action.REVISE, {}, Status.CHANGES_REQUESTED, Status.DRAFT),
        ("writer", Action.SUBMIT, {}, Status.DRAFT, Status.IN_REVIEW),
        ("reviewer", Action.APPROVE, {}, Status.IN_REVIEW, Status.APPROVED),
        ("writer", Action.REOPEN, {}, Status.APPROVED, Status.DRAFT),
        ("writer", Action.SUBMIT, {}, Status.DRAFT, Status.IN_REVIEW),
        ("reviewer2", Action.APPROVE, {}, Status.IN_REVIEW, Status.APPROVED),
        ("editor", Action.SCHEDULE, {"at": later}, Status.APPROVED, Status.SCHEDULED),
        ("editor", Action.UNQUEUE, {}, Status.SCHEDULED, Status.APPROVED),
        ("admin", Action.QUEUE, {}, Status.APPROVED, Status.QUEUED),
        ("editor", Action.PUBLISH, {}, Status.QUEUED, Status.PUBLISHED),
        ("editor", Action.UNPUBLISH, {}, Status.PUBLISHED, Status.UNPUBLISHED),
        ("editor", Action.QUEUE, {}, Status.UNPUBLISHED, Status.QUEUED),
        ("editor", Action.PUBLISH, {}, Status.QUEUED, Status.PUBLISHED),
        ("writer", Action.CORRECT, {}, Status.PUBLISHED, Status.DRAFT),
        ("writer", Action.TRASH, {}, Status.DRAFT, Status.TRASHED),
        ("writer", Action.RESTORE, {}, Status.TRASHED, Status.DRAFT),
    ]
    assert {s[1] for s in steps} == set(Action), "the walk must take every action"
    for number, (who, action, kwargs, source, target) in enumerate(steps, start=1):
        if number == 5:  # a real revision between reviews, so revisions differ below
            with db.uow() as uow:
                current = articles.get(uow, article_id)
                articles.save(uow, people.writer, article_id, current.version,
                              _draft(body="Засідання відбулося 13 липня.\n"))
                uow.commit()
        before = _state(db, article_id)
        assert before.status is source
        assert _act(db, getattr(people, who), article_id, action, **kwargs) is target
        with db.uow() as uow:
            events = audit.list_events(uow, article_id)
        assert len(events) == before.audit_events + 1, action
        event = events[-1]
        assert (event.action, event.actor, event.from_status, event.to_status) == (
            action.value, LOGINS[who], source.value, target.value)
        assert event.revision == before.revision
        if action is Action.SCHEDULE:
            assert event.detail["scheduled_at"] == later.isoformat()
    assert _state(db, article_id).revision == 2


# --- rules enforced through the services -----------------------------------


def test_wrong_person_and_wrong_status_are_refused_and_change_nothing(
        db: Database, people: People) -> None:
    article_id = _create(db, people.writer)

    def attempt(actor: int, action: Action, error: type[Exception], **kw: Any) -> None:
        _refused_without_trace(db, article_id, error, lambda uow: workflow.transition(
            uow, actor, article_id, action, **kw))

    attempt(people.writer2, Action.SUBMIT, PermissionDenied)     # not the author, a writer
    attempt(people.reviewer, Action.SUBMIT, PermissionDenied)    # a reviewer is no editor
    attempt(people.reviewer, Action.APPROVE, IllegalTransition)  # still a draft
    attempt(people.editor, Action.PUBLISH, IllegalTransition)
    attempt(people.editor, Action.RESTORE, IllegalTransition)

    _act(db, people.writer, article_id, Action.SUBMIT)
    attempt(people.writer, Action.APPROVE, PermissionDenied)     # own article
    attempt(people.writer2, Action.APPROVE, PermissionDenied)    # a writer does not review
    attempt(people.writer, Action.TRASH, PermissionDenied)       # author: only while writing
    attempt(people.editor, Action.QUEUE, IllegalTransition)      # not approved yet
    attempt(people.reviewer, Action.REQUEST_CHANGES, ValidationError)
    attempt(people.reviewer, Action.REQUEST_CHANGES, ValidationError, comment="  \n ")
    attempt(people.reviewer, Action.APPROVE, ValidationError, expected_version=99)

    _act(db, people.reviewer, article_id, Action.APPROVE)
    attempt(people.reviewer, Action.QUEUE, PermissionDenied)     # queueing is for editors
    attempt(people.writer, Action.SCHEDULE, PermissionDenied,
            at=datetime.now(UTC) + timedelta(days=1))
    attempt(people.reviewer2, Action.APPROVE, IllegalTransition)  # already approved
    assert _state(db, article_id).status is Status.APPROVED

    # Nobody approves or judges their own article, whatever their rank.
    for author in (people.admin, people.editor, people.reviewer):
        own = _create(db, author, f"Стаття автора {author}")
        _act(db, author, own, Action.SUBMIT)
        _refused_without_trace(db, own, PermissionDenied, partial(
            workflow.transition, actor_id=author, article_id=own, action=Action.APPROVE))
        _refused_without_trace(db, own, PermissionDenied, partial(
            workflow.transition, actor_id=author, article_id=own,
            action=Action.REQUEST_CHANGES, comment="Сам собі"))
        assert _act(db, people.reviewer2, own, Action.APPROVE) is Status.APPROVED


def test_request_changes_with_a_comment_stores_it_for_the_revision(db: Database,
                                                                   people: People) -> None:
    article_id = _create(db, people.writer)
    _act(db, people.writer, article_id, Action.SUBMIT)
    _act(db, people.reviewer, article_id, Action.REQUEST_CHANGES,
         comment="  Уточніть, хто головував.  ")
    with db.uow() as uow:
        notes = workflow.comments(uow, article_id)
        verdict = uow.session.execute(select(ReviewEvent.user_id, ReviewEvent.comment_id).where(
            ReviewEvent.kind == "changes_requested")).one()
    assert [(c.author, c.body, c.revision) for c in notes] == [
        ("Іван Мельник", "Уточніть, хто головував.", 1)]
    assert tuple(verdict) == (people.reviewer, notes[0].id)


def test_scheduling_needs_a_future_time(db: Database, people: People) -> None:
    article_id = _to_approved(db, people)
    for at in (datetime.now(UTC) - timedelta(minutes=1), datetime.now(UTC) - timedelta(days=400),
               None):
        _refused_without_trace(db, article_id, ValidationError, partial(
            workflow.transition, actor_id=people.editor, article_id=article_id,
            action=Action.SCHEDULE, at=at))
    assert _state(db, article_id).status is Status.APPROVED

    # "Queue at a future time" is a schedule.
    soon = datetime.now(UTC) + timedelta(hours=1)
    assert _act(db, people.editor, article_id, Action.QUEUE, at=soon) is Status.SCHEDULED
    assert _state(db, article_id).scheduled_at == soon


# --- publish jobs ---------------------------------------------------------------


def test_queue_makes_a_job_per_enabled_site_and_unqueue_cancels_them(db: Database,
                                                                     people: People) -> None:
    main, mirror = _add_sites(db)
    article_id = _to_approved(db, people)
    revision = _state(db, article_id).revision
    _refused_without_trace(db, article_id, PermissionDenied, lambda uow: workflow.transition(
        uow, people.reviewer, article_id, Action.QUEUE))
    assert _jobs(db, article_id) == []

    _act(db, people.editor, article_id, Action.QUEUE)
    assert sorted(_jobs(db, article_id)) == [(main, "publish", "pending", revision, None),
                                             (mirror, "publish", "pending", revision, None)]

    _act(db, people.editor, article_id, Action.UNQUEUE)
    assert sorted(_jobs(db, article_id)) == [(main, "publish", "canceled", revision, None),
                                             (mirror, "publish", "canceled", revision, None)]

    when = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    _act(db, people.editor, article_id, Action.SCHEDULE, at=when)
    jobs = _jobs(db, article_id)
    assert len(jobs) == 4
    assert sorted(j for j in jobs if j[2] == "pending") == [
        (main, "publish", "pending", revision, when),
        (mirror, "publish", "pending", revision, when)]

    _act(db, people.editor, article_id, Action.QUEUE)  # rescheduled to "now": old jobs go
    jobs = _jobs(db, article_id)
    assert len(jobs) == 6
    assert sorted(j for j in jobs if j[2] == "pending") == [
        (main, "publish", "pending", revision, None),
        (mirror, "publish", "pending", revision, None)]

"""Editors' actions on the publishing queue: cancel, resend, reschedule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import select

from newsroom.domain.errors import IllegalTransition, NotFound, PermissionDenied, ValidationError
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, audit, publish_queue, workflow
from newsroom.services.articles import Draft
from newsroom.services.publish_queue import JobState, JobView
from newsroom.storage.db import Database
from newsroom.storage.models import PublishJob, Site
from newsroom.storage.uow import UnitOfWork
from tests.conftest import People


def _sites(db: Database) -> None:
    with db.uow() as uow:
        uow.session.add_all([Site(name="kyiv-gov", kind="drupal", url="https://example.gov.ua/"),
                             Site(name="static", kind="static", path="/srv/www")])
        uow.commit()


def _queued(db: Database, people: People, title: str = "Графік вивезення сміття",
            at: datetime | None = None) -> tuple[int, list[int]]:
    """An approved article queued (or scheduled ``at``) by the editor: its id and job ids."""
    with db.uow() as uow:
        article_id = articles.create(uow, people.writer, Draft(title=title),
                                     status=Status.APPROVED).id
        workflow.transition(uow, people.editor, article_id, Action.QUEUE, at=at)
        uow.commit()
        jobs = publish_queue.list_jobs(uow, article_id=article_id)
    return article_id, sorted(j.id for j in jobs)


def _set_state(db: Database, job_id: int, state: JobState, attempts: int = 0,
               error: str | None = None) -> None:
    with db.uow() as uow:
        job = uow.session.get(PublishJob, job_id)
        assert job is not None
        job.state, job.attempts, job.last_error = state.value, attempts, error
        if state is JobState.IN_PROGRESS:
            job.claimed_by, job.claimed_at = "worker-1", datetime.now(UTC)
        uow.commit()


def _job(db: Database, job_id: int) -> PublishJob:
    with db.uow() as uow:
        job = uow.session.get(PublishJob, job_id)
        assert job is not None
        uow.session.expunge(job)
    return job


def _do(db: Database, call: Callable[[UnitOfWork], JobView]) -> JobView:
    with db.uow() as uow:
        result = call(uow)
        uow.commit()
    return result


def _refused(db: Database, job_id: int, error: type[Exception],
             call: Callable[[UnitOfWork], object], match: str | None = None) -> None:
    """Raises, and the job is unchanged even though the caller commits."""
    before = _job(db, job_id)
    with db.uow() as uow:
        with pytest.raises(error, match=match):
            call(uow)
        uow.commit()
    after = _job(db, job_id)
    assert (after.state, after.attempts, after.last_error, after.next_attempt_at,
            after.scheduled_at) == (before.state, before.attempts, before.last_error,
                                    before.next_attempt_at, before.scheduled_at)


def _audit(db: Database, article_id: int) -> list[tuple[str, dict[str, object]]]:
    with db.uow() as uow:
        return [(e.action, e.detail) for e in audit.list_events(uow, article_id)
                if e.action.startswith("job_")]


@pytest.mark.parametrize("state", [JobState.PENDING, JobState.RETRYING, JobState.ERROR,
                                   JobState.FAILED])
def test_cancel_stops_waiting_or_failed_jobs(db: Database, people: People,
                                             state: JobState) -> None:
    _sites(db)
    article_id, (job_id, other_id) = _queued(db, people)
    _set_state(db, job_id, state, attempts=2, error="timeout")
    view = _do(db, lambda uow: publish_queue.cancel(uow, people.editor, job_id))
    assert (view.id, view.state, view.site, view.article_title) == (
        job_id, JobState.CANCELED, "kyiv-gov", "Графік вивезення сміття")
    assert _job(db, other_id).state == JobState.PENDING.value  # the other site's job stays
    with db.uow() as uow:
        assert articles.get(uow, article_id).status is Status.QUEUED
    [(action, detail)] = _audit(db, article_id)
    assert action == "job_cancel"
    assert (detail["job_id"], detail["from_state"], detail["to_state"], detail["site"]) == (
        job_id, state.value, "canceled", "kyiv-gov")


@pytest.mark.parametrize("state", [JobState.IN_PROGRESS, JobState.SUCCESS, JobState.CANCELED])
def test_cancel_is_refused_for_jobs_being_sent_or_finished(db: Database, people: People,
                                                           state: JobState) -> None:
    _sites(db)
    article_id, (job_id, _) = _queued(db, people)
    _set_state(db, job_id, state)
    match = "being sent right now" if state is JobState.IN_PROGRESS else "only waiting or failed"
    _refused(db, job_id, IllegalTransition,
             lambda uow: publish_queue.cancel(uow, people.editor, job_id), match)
    assert _audit(db, article_id) == []


@pytest.mark.parametrize("state", [JobState.ERROR, JobState.FAILED, JobState.CANCELED])
def test_resend_puts_a_failed_or_canceled_job_back_from_the_start(db: Database,
                                                                  people: People,
                                                                  state: JobState) -> None:
    _sites(db)
    article_id, (job_id, _) = _queued(db, people)
    _set_state(db, job_id, state, attempts=5, error="HTTP 502")
    before = datetime.now(UTC)
    view = _do(db, lambda uow: publish_queue.resend(uow, people.admin, job_id))
    assert (view.state, view.attempts, view.last_error) == (JobState.PENDING, 0, None)
    job = _job(db, job_id)
    assert before <= job.next_attempt_at <= datetime.now(UTC)
    assert job.claimed_by is None
    [(action, detail)] = _audit(db, article_id)
    assert (action, detail["from_state"], detail["to_state"]) == (
        "job_resend", state.value, "pending")


@pytest.mark.parametrize("state", [JobState.PENDING, JobState.IN_PROGRESS, JobState.RETRYING,
                                   JobState.SUCCESS])
def test_resend_is_refused_for_live_or_successful_jobs(db: Database, people: People,
                                                       state: JobState) -> None:
    _sites(db)
    _, (job_id, _) = _queued(db, people)
    _set_state(db, job_id, state, attempts=1)
    _refused(db, job_id, IllegalTransition,
             lambda uow: publish_queue.resend(uow, people.editor, job_id),
             "only failed or canceled")


def test_resend_is_refused_when_the_article_no_longer_wants_it(db: Database,
                                                               people: People) -> None:
    _sites(db)
    article_id, (job_id, _) = _queued(db, people)
    with db.uow() as uow:
        workflow.transition(uow, people.editor, article_id, Action.UNQUEUE)
        uow.commit()
    assert _job(db, job_id).state == JobState.CANCELED.value  # the workflow canceled it
    _refused(db, job_id, IllegalTransition,
             lambda uow: publish_queue.resend(uow, people.editor, job_id), "no longer matches")


def test_resend_is_refused_while_another_job_sends_the_same(db: Database,
                                                            people: People) -> None:
    _sites(db)
    article_id, (first, _) = _queued(db, people)
    with db.uow() as uow:  # queued again: the old jobs are canceled, new ones pending
        workflow.transition(uow, people.editor, article_id, Action.UNQUEUE)
        workflow.transition(uow, people.editor, article_id, Action.QUEUE)
        uow.commit()
    _refused(db, first, IllegalTransition,
             lambda uow: publish_queue.resend(uow, people.editor, first), "already sends")


def test_reschedule_moves_a_waiting_job(db: Database, people: People) -> None:
    _sites(db)
    article_id, (job_id, other_id) = _queued(db, people)
    _set_state(db, job_id, JobState.RETRYING, attempts=2, error="timeout")
    when = (datetime.now(UTC) + timedelta(hours=3)).replace(microsecond=0)
    view = _do(db, lambda uow: publish_queue.reschedule(uow, people.editor, job_id, when))
    assert (view.state, view.scheduled_at, view.attempts) == (JobState.RETRYING, when, 2)
    assert _job(db, job_id).next_attempt_at == when
    assert _job(db, other_id).scheduled_at is None  # a queued article: only this job moves
    with db.uow() as uow:
        assert articles.get(uow, article_id).scheduled_at is None
    [(action, detail)] = _audit(db, article_id)
    assert (action, detail["scheduled_from"], detail["scheduled_to"], detail["jobs"]) == (
        "job_reschedule", None, when.isoformat(), [job_id])


def test_rescheduling_a_scheduled_article_moves_the_article_and_all_its_jobs(
        db: Database, people: People) -> None:
    _sites(db)
    first_time = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    article_id, (job_id, other_id) = _queued(db, people, at=first_time)
    with db.uow() as uow:
        assert articles.get(uow, article_id).status is Status.SCHEDULED
    kyiv_time = datetime.fromisoformat("2099-05-01T10:30:00+03:00")
    _do(db, lambda uow: publish_queue.reschedule(uow, people.editor, other_id, kyiv_time))
    with db.uow() as uow:
        assert articles.get(uow, article_id).scheduled_at == kyiv_time
        assert workflow.due_scheduled(uow, first_time + timedelta(minutes=1)) == []
    for job in (job_id, other_id):
        assert _job(db, job).scheduled_at == kyiv_time
        assert _job(db, job).next_attempt_at == kyiv_time
    [(_, detail)] = _audit(db, article_id)
    assert detail["scheduled_from"] == first_time.isoformat()
    assert sorted(detail["jobs"]) == [job_id, other_id]  # type: ignore[call-overload]


def test_reschedule_needs_a_future_aware_time_and_a_waiting_job(db: Database,
                                                                people: People) -> None:
    _sites(db)
    _, (job_id, _) = _queued(db, people)
    past = datetime.now(UTC) - timedelta(minutes=1)
    naive = datetime(2099, 1, 1, 12, 0)
    future = datetime.now(UTC) + timedelta(days=1)
    _refused(db, job_id, ValidationError,
             lambda uow: publish_queue.reschedule(uow, people.editor, job_id, past),
             "already passed")
    _refused(db, job_id, ValidationError,
             lambda uow: publish_queue.reschedule(uow, people.editor, job_id, naive),
             "time zone")
    for state in (JobState.IN_PROGRESS, JobState.SUCCESS, JobState.CANCELED, JobState.ERROR,
                  JobState.FAILED):
        _set_state(db, job_id, state)
        _refused(db, job_id, IllegalTransition,
                 lambda uow: publish_queue.reschedule(uow, people.editor, job_id, future),
                 "only waiting jobs")


def test_only_editors_and_admins_manage_the_queue(db: Database, people: People) -> None:
    _sites(db)
    article_id, (job_id, _) = _queued(db, people)
    future = datetime.now(UTC) + timedelta(days=1)
    for actor in (people.writer, people.writer2, people.reviewer):
        _refused(db, job_id, PermissionDenied,
                 partial(publish_queue.cancel, actor_id=actor, job_id=job_id))
        _refused(db, job_id, PermissionDenied,
                 partial(publish_queue.reschedule, actor_id=actor, job_id=job_id, at=future))
    _set_state(db, job_id, JobState.FAILED)
    _refused(db, job_id, PermissionDenied,
             lambda uow: publish_queue.resend(uow, people.writer, job_id))
    assert _audit(db, article_id) == []
    assert _do(db, lambda uow: publish_queue.resend(uow, people.editor, job_id)).state is (
        JobState.PENDING)
    assert _do(db, lambda uow: publish_queue.cancel(uow, people.admin, job_id)).state is (
        JobState.CANCELED)
    with db.uow() as uow:
        events = [(e.action, e.actor) for e in audit.list_events(uow, article_id)
                  if e.action.startswith("job_")]
    assert events == [("job_resend", "nadiia"), ("job_cancel", "admin")]


def test_unknown_jobs_are_not_found(db: Database, people: People) -> None:
    for call in (publish_queue.cancel, publish_queue.resend):
        with db.uow() as uow, pytest.raises(NotFound):
            call(uow, people.editor, 999_999)
    with db.uow() as uow, pytest.raises(NotFound):
        publish_queue.reschedule(uow, people.editor, 999_999,
                                 datetime.now(UTC) + timedelta(days=1))


def test_list_jobs_filters_by_state_and_article(db: Database, people: People) -> None:
    _sites(db)
    first, (a1, a2) = _queued(db, people)
    second, (b1, b2) = _queued(db, people, "Друга новина")
    _set_state(db, a1, JobState.FAILED, attempts=3, error="HTTP 500")
    _set_state(db, b2, JobState.SUCCESS)
    with db.uow() as uow:
        assert [j.id for j in publish_queue.list_jobs(uow)] == [b2, b1, a2, a1]
        assert [j.id for j in publish_queue.list_jobs(uow, [JobState.FAILED])] == [a1]
        assert [j.id for j in publish_queue.list_jobs(
            uow, states=[JobState.PENDING, JobState.SUCCESS])] == [b2, b1, a2]
        assert [j.id for j in publish_queue.list_jobs(uow, states=[])] == []
        assert [j.id for j in publish_queue.list_jobs(uow, article_id=first)] == [a2, a1]
        assert [j.id for j in publish_queue.list_jobs(
            uow, states=[JobState.PENDING], article_id=second)] == [b1]
        assert [j.id for j in publish_queue.list_jobs(uow, limit=1)] == [b2]
        failed = publish_queue.list_jobs(uow, [JobState.FAILED])[0]
        assert (failed.attempts, failed.last_error, failed.state) == (
            3, "HTTP 500", JobState.FAILED)
        assert uow.session.scalar(select(PublishJob.state).where(PublishJob.id == b1)) == (
            "pending")
    assert publish_queue.state_label(JobState.RETRYING) == "waiting to retry"

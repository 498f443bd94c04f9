"""Publish jobs: what the queue must send to which site.

The worker that sends them comes with the sync connectors; here the workflow
creates and cancels jobs so a queued article is never forgotten and an
unqueued one is never sent, and editors cancel, resend and reschedule jobs by
hand (Superdesk's queue states: pending, in-progress, retrying, success,
canceled, error, failed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from newsroom.domain.errors import IllegalTransition, NotFound, ValidationError
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action, status_label
from newsroom.i18n import N_, tr
from newsroom.services import audit, users
from newsroom.storage.models import Article, PublishJob, RemotePost, Site, User
from newsroom.storage.types import utcnow
from newsroom.storage.uow import UnitOfWork


class JobState(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in-progress"
    RETRYING = "retrying"
    SUCCESS = "success"
    CANCELED = "canceled"
    ERROR = "error"
    FAILED = "failed"


OPEN_STATES = (JobState.PENDING, JobState.RETRYING, JobState.ERROR)

CANCELABLE = frozenset({JobState.PENDING, JobState.RETRYING, JobState.ERROR, JobState.FAILED})
RESENDABLE = frozenset({JobState.ERROR, JobState.FAILED, JobState.CANCELED})
RESCHEDULABLE = frozenset({JobState.PENDING, JobState.RETRYING})
# A job the worker will still pick up (or is sending): resending another job for
# the same article and site next to one of these would send it twice.
_LIVE_STATES = (JobState.PENDING, JobState.IN_PROGRESS, JobState.RETRYING)
# The article statuses in which sending a job of each action is still wanted. An
# unpublish job also withdraws a post a site holds as "future" when its article
# is taken out of the queue (back to approved).
_WANTED = {"publish": frozenset({Status.QUEUED, Status.SCHEDULED, Status.PUBLISHED}),
           "unpublish": frozenset({Status.UNPUBLISHED, Status.APPROVED})}

def still_wanted(action: str, status: Status) -> bool:
    """Whether an article in ``status`` still wants a job of ``action`` sent."""
    return status in _WANTED.get(action, frozenset())


_STATE_LABELS = {
    JobState.PENDING: N_("waiting"),
    JobState.IN_PROGRESS: N_("being sent"),
    JobState.RETRYING: N_("waiting to retry"),
    JobState.SUCCESS: N_("sent"),
    JobState.CANCELED: N_("canceled"),
    JobState.ERROR: N_("error"),
    JobState.FAILED: N_("failed"),
}


def state_label(state: JobState) -> str:
    """The state as the queue window shows it."""
    return tr(_STATE_LABELS[state])


@dataclass(frozen=True)
class JobView:
    id: int
    article_id: int
    article_title: str
    site: str
    action: str
    state: JobState
    scheduled_at: datetime | None
    attempts: int
    last_error: str | None
    updated_at: datetime


def _cancel_open(uow: UnitOfWork, article: Article) -> None:
    stmt = select(PublishJob).where(PublishJob.article_id == article.id,
                                    PublishJob.state.in_([s.value for s in OPEN_STATES]))
    for job in uow.session.scalars(stmt):
        job.state = JobState.CANCELED.value
        job.updated_at = utcnow()


def _enqueue(uow: UnitOfWork, article: Article, action: str,
             only_future: bool = False) -> None:
    now = utcnow()
    stmt = select(Site).where(Site.enabled.is_(True))
    if only_future:
        stmt = stmt.where(Site.id.in_(select(RemotePost.site_id).where(
            RemotePost.article_id == article.id, RemotePost.remote_status == "future")))
    for site in uow.session.scalars(stmt):
        uow.session.add(PublishJob(
            article_id=article.id, site_id=site.id, action=action, state=JobState.PENDING.value,
            revision=article.revision, scheduled_at=article.scheduled_at, next_attempt_at=now,
            created_at=now, updated_at=now))


def on_transition(uow: UnitOfWork, article: Article, action: Action) -> None:
    """Keep the jobs in step with the article's status."""
    if action in (Action.QUEUE, Action.SCHEDULE):
        _cancel_open(uow, article)
        _enqueue(uow, article, "publish")
    elif action is Action.UNQUEUE:
        _cancel_open(uow, article)
        # A site that already holds the post as "future" would publish it at
        # its time: take it back off.
        _enqueue(uow, article, "unpublish", only_future=True)
    elif action is Action.UNPUBLISH:
        _cancel_open(uow, article)
        _enqueue(uow, article, "unpublish")


def _view(job: PublishJob, title: str, site: str) -> JobView:
    return JobView(id=job.id, article_id=job.article_id, article_title=title, site=site,
                   action=job.action, state=JobState(job.state), scheduled_at=job.scheduled_at,
                   attempts=job.attempts, last_error=job.last_error, updated_at=job.updated_at)


def list_jobs(uow: UnitOfWork, states: Sequence[JobState] | None = None,
              article_id: int | None = None, limit: int = 500) -> list[JobView]:
    """Newest jobs first, optionally only in ``states`` or of one article."""
    stmt = (select(PublishJob, Article.title, Site.name)
            .join(Article, Article.id == PublishJob.article_id)
            .join(Site, Site.id == PublishJob.site_id)
            .order_by(PublishJob.id.desc()).limit(max(limit, 0)))
    if states is not None:
        stmt = stmt.where(PublishJob.state.in_([JobState(s).value for s in states]))
    if article_id is not None:
        stmt = stmt.where(PublishJob.article_id == article_id)
    return [_view(j, title, site) for j, title, site in uow.session.execute(stmt)]


def get_job(uow: UnitOfWork, job_id: int) -> JobView:
    job = _load(uow, job_id)
    return _view(job, _article(uow, job).title, _site_name(uow, job))


def _load(uow: UnitOfWork, job_id: int) -> PublishJob:
    stmt = (select(PublishJob).where(PublishJob.id == job_id).with_for_update()
            .execution_options(populate_existing=True))
    job = uow.session.scalar(stmt)
    if job is None:
        raise NotFound(tr("no publishing job #{id}", id=job_id))
    return job


def _article(uow: UnitOfWork, job: PublishJob) -> Article:
    article = uow.session.get(Article, job.article_id)
    assert article is not None, "jobs are deleted with their article"
    return article


def _site_name(uow: UnitOfWork, job: PublishJob) -> str:
    return uow.session.scalar(select(Site.name).where(Site.id == job.site_id)) or "?"


def require_editor(uow: UnitOfWork, actor_id: int) -> User:
    return users.require_role(uow, actor_id, Role.EDITOR,
                              tr("only an editor may manage the publishing queue"))


def _record(uow: UnitOfWork, actor: User, action: str, job: PublishJob, article: Article,
            from_state: JobState, **detail: Any) -> None:
    audit.record(uow, actor, action, article, job_id=job.id, site=_site_name(uow, job),
                 job_action=job.action, from_state=from_state.value, to_state=job.state,
                 **detail)


def cancel(uow: UnitOfWork, actor_id: int, job_id: int) -> JobView:
    """Stop a job that is waiting or has failed; the article's status is not changed."""
    actor = require_editor(uow, actor_id)
    job = _load(uow, job_id)
    state = JobState(job.state)
    if state is JobState.IN_PROGRESS:
        raise IllegalTransition(tr("job #{id} is being sent right now: wait until it finishes",
                                   id=job.id))
    if state not in CANCELABLE:
        raise IllegalTransition(tr("job #{id} is {state}: only waiting or failed jobs can be "
                                   "canceled", id=job.id, state=state_label(state)))
    job.state, job.updated_at = JobState.CANCELED.value, utcnow()
    job.claimed_by = job.claimed_at = None
    article = _article(uow, job)
    _record(uow, actor, "job_cancel", job, article, state)
    uow.flush()
    return _view(job, article.title, _site_name(uow, job))


def resend(uow: UnitOfWork, actor_id: int, job_id: int) -> JobView:
    """Put a failed or canceled job back in the queue, from its first attempt.

    Refused when the article no longer wants that action (a canceled publish
    of an article that was taken out of the queue must not go out), or when
    another job for the same article and site is already waiting.
    """
    actor = require_editor(uow, actor_id)
    job = _load(uow, job_id)
    state = JobState(job.state)
    if state not in RESENDABLE:
        raise IllegalTransition(tr("job #{id} is {state}: only failed or canceled jobs can be "
                                   "sent again", id=job.id, state=state_label(state)))
    article = _article(uow, job)
    if not still_wanted(job.action, article.status):
        raise IllegalTransition(tr("article #{id} is {status} now: this job no longer "
                                   "matches it and is not sent again", id=article.id,
                                   status=status_label(article.status)))
    twin = uow.session.scalar(select(PublishJob.id).where(
        PublishJob.article_id == job.article_id, PublishJob.site_id == job.site_id,
        PublishJob.id != job.id, PublishJob.state.in_([s.value for s in _LIVE_STATES])))
    if twin is not None:
        raise IllegalTransition(tr("job #{other} already sends this article to the same site",
                                   other=twin))
    now = utcnow()
    job.state, job.attempts, job.last_error = JobState.PENDING.value, 0, None
    job.next_attempt_at, job.updated_at = now, now
    job.claimed_by = job.claimed_at = None
    _record(uow, actor, "job_resend", job, article, state)
    uow.flush()
    return _view(job, article.title, _site_name(uow, job))


def _resend_sent(uow: UnitOfWork, article: Article, at: datetime) -> list[PublishJob]:
    """Sites that already hold the post as "future" at the old time get it again
    with the new time (WordPress would otherwise publish it at the old one)."""
    sent = uow.session.scalars(select(PublishJob).where(
        PublishJob.article_id == article.id, PublishJob.action == "publish",
        PublishJob.state == JobState.SUCCESS.value,
        PublishJob.site_id.in_(select(RemotePost.site_id).where(
            RemotePost.article_id == article.id, RemotePost.remote_status == "future"))))
    now = utcnow()
    jobs = []
    for site_id in {each.site_id for each in sent}:
        job = PublishJob(article_id=article.id, site_id=site_id, action="publish",
                         state=JobState.PENDING.value, revision=article.revision,
                         scheduled_at=at, next_attempt_at=now, created_at=now, updated_at=now)
        uow.session.add(job)
        jobs.append(job)
    uow.flush()
    return jobs


def reschedule(uow: UnitOfWork, actor_id: int, job_id: int, at: datetime) -> JobView:
    """Send a waiting job at another (future) time.

    For a scheduled article the time is the article's: its ``scheduled_at`` and
    every waiting publish job of it move together, so no site gets it at the
    old time.
    """
    actor = require_editor(uow, actor_id)
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValidationError(tr("the new time has no time zone"))
    if at <= utcnow():
        raise ValidationError(tr("the scheduled time has already passed"))
    job = _load(uow, job_id)
    state = JobState(job.state)
    if state not in RESCHEDULABLE:
        raise IllegalTransition(tr("job #{id} is {state}: only waiting jobs can be rescheduled",
                                   id=job.id, state=state_label(state)))
    article = _article(uow, job)
    before = job.scheduled_at
    moved = [job]
    if article.status is Status.SCHEDULED and job.action == "publish":
        article.scheduled_at = at
        article.updated_at = utcnow()
        moved += list(uow.session.scalars(select(PublishJob).where(
            PublishJob.article_id == article.id, PublishJob.id != job.id,
            PublishJob.action == "publish",
            PublishJob.state.in_([s.value for s in RESCHEDULABLE]))))
    now = utcnow()
    for each in moved:
        each.scheduled_at, each.next_attempt_at, each.updated_at = at, at, now
    if article.status is Status.SCHEDULED and job.action == "publish":
        moved += _resend_sent(uow, article, at)
    _record(uow, actor, "job_reschedule", job, article, state,
            scheduled_from=before.isoformat() if before else None, scheduled_to=at.isoformat(),
            jobs=[each.id for each in moved])
    uow.flush()
    return _view(job, article.title, _site_name(uow, job))

"""Publish jobs: what the queue must send to which site.

The worker that sends them comes with the sync connectors; here the workflow
creates and cancels jobs so a queued article is never forgotten and an
unqueued one is never sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from newsroom.domain.workflow import Action
from newsroom.storage.models import Article, PublishJob, Site
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


def _enqueue(uow: UnitOfWork, article: Article, action: str) -> None:
    now = utcnow()
    for site in uow.session.scalars(select(Site).where(Site.enabled.is_(True))):
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
    elif action is Action.UNPUBLISH:
        _cancel_open(uow, article)
        _enqueue(uow, article, "unpublish")


def list_jobs(uow: UnitOfWork, article_id: int | None = None,
              limit: int = 500) -> list[JobView]:
    stmt = (select(PublishJob, Article.title, Site.name)
            .join(Article, Article.id == PublishJob.article_id)
            .join(Site, Site.id == PublishJob.site_id)
            .order_by(PublishJob.id.desc()).limit(limit))
    if article_id is not None:
        stmt = stmt.where(PublishJob.article_id == article_id)
    return [JobView(id=j.id, article_id=j.article_id, article_title=title, site=site,
                    action=j.action, state=JobState(j.state), scheduled_at=j.scheduled_at,
                    attempts=j.attempts, last_error=j.last_error, updated_at=j.updated_at)
            for j, title, site in uow.session.execute(stmt)]

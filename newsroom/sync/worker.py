"""The publish-queue worker: sends due jobs to their sites, exactly once.

Runs in the app's background and headless as ``python -m newsroom
publish-due`` (cron, Task Scheduler). The states are Superdesk's: a job is
claimed (``in-progress``) in its own committed transaction, the site is
called with no transaction open, and the outcome is written in a third.

Exactly once, across crashes and lost answers:
- Claiming is one ``UPDATE … WHERE id = (SELECT … LIMIT 1)`` statement; on
  PostgreSQL the inner select takes ``FOR UPDATE SKIP LOCKED``, so two
  workers never claim one job, and on SQLite the statement is atomic.
- Every create looks for the post first (:meth:`Connector.find`): one made
  by a request whose answer was lost, or by a worker killed mid-request, is
  adopted instead of sent twice. Not only on a job's later attempts: a job
  sent again by hand, or a new one after the article was taken out of the
  queue and queued again, starts counting its attempts anew.
- A job left ``in-progress`` by a worker that died is taken back after
  :data:`STALE_AFTER` and retried the same way.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from newsroom.domain.statuses import Status
from newsroom.i18n import tr
from newsroom.services import articles, audit, sites
from newsroom.services.publish_queue import JobState, still_wanted
from newsroom.services.sites import SiteView
from newsroom.storage.db import Database
from newsroom.storage.models import Article, PublishJob, RemotePost, Site
from newsroom.storage.types import utcnow
from newsroom.storage.uow import UnitOfWork
from newsroom.sync import payload, registry
from newsroom.sync.connectors.base import Connector, OutgoingPost, RemoteRef
from newsroom.sync.errors import (
    AuthFailed,
    RemoteChanged,
    RemoteGone,
    SyncError,
    Transient,
)

log = logging.getLogger("newsroom.sync")

MAX_ATTEMPTS = 10
MAX_DELAY_MINUTES = 64
STALE_AFTER = timedelta(minutes=15)
# How long a due post may stay "future" on a site before the worker publishes
# it itself (wp-cron runs only when someone visits the site, and may be slow).
MISSED_GRACE = timedelta(minutes=1)
_CLAIMABLE = (JobState.PENDING.value, JobState.RETRYING.value)

ConnectorFactory = Callable[[Database, SiteView], Connector]


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … 64 minutes after the 1st, 2nd, 3rd … failed attempt."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), MAX_DELAY_MINUTES))


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class RunReport:
    """What one run did, for the CLI's summary line and the queue window."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: int = 0
    published: list[int] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed + self.errors


@dataclass(frozen=True)
class _Claimed:
    job_id: int
    article_id: int
    site: SiteView
    action: str
    revision: int
    attempts: int
    overwrite: bool


class Worker:
    def __init__(self, db: Database, worker_id: str | None = None,
                 connector_factory: ConnectorFactory = registry.connector_for,
                 clock: Callable[[], datetime] = utcnow, concurrency: int = 1,
                 missed_grace: timedelta = MISSED_GRACE) -> None:
        self.db = db
        self.worker_id = worker_id or default_worker_id()
        self.connector_factory = connector_factory
        self.clock = clock
        self.concurrency = max(1, concurrency)
        self.missed_grace = missed_grace
        self._local = threading.local()
        self._all_connectors: list[Connector] = []
        self._lock = threading.Lock()

    # -- the run ------------------------------------------------------------------

    def run_due(self, limit: int | None = None,
                should_stop: Callable[[], bool] | None = None) -> RunReport:
        """Send every job that is due, then check scheduled posts went out.

        With ``concurrency`` above 1, that many threads claim and send jobs side
        by side: while one waits for the site, another does its database work
        (claims are safe between threads as between PCs).
        """
        report = RunReport()
        claimed_count = [0]

        def drain() -> None:
            while True:
                if should_stop is not None and should_stop():
                    return
                with self._lock:
                    if limit is not None and claimed_count[0] >= limit:
                        return
                    claimed_count[0] += 1
                claimed = self.claim()
                if claimed is None:
                    return
                self.process(claimed, report)

        try:
            self.reclaim_stale()
            if self.concurrency == 1:
                drain()
            else:
                threads = [threading.Thread(target=drain, name=f"publish-{n}")
                           for n in range(self.concurrency)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
            if should_stop is None or not should_stop():
                self.watch_schedules(report)
        finally:
            self.close()
        return report

    def close(self) -> None:
        with self._lock:
            for connector in self._all_connectors:
                connector.close()
            self._all_connectors.clear()
        self._local = threading.local()

    def _connector(self, site: SiteView) -> Connector:
        """One connector per site and thread (a connector is not shared between
        threads)."""
        mine: dict[int, Connector] = self._local.__dict__.setdefault("connectors", {})
        if site.id not in mine:
            mine[site.id] = self.connector_factory(self.db, site)
            with self._lock:
                self._all_connectors.append(mine[site.id])
        return mine[site.id]

    # -- claiming -----------------------------------------------------------------

    def claim(self) -> _Claimed | None:
        """Take the next due job, or None when nothing is due."""
        now = self.clock()
        inner = (select(PublishJob.id)
                 .join(Site, Site.id == PublishJob.site_id)
                 .where(PublishJob.state.in_(_CLAIMABLE), PublishJob.next_attempt_at <= now,
                        Site.enabled.is_(True), Site.paused_reason.is_(None))
                 .order_by(PublishJob.next_attempt_at, PublishJob.id).limit(1))
        if self.db.dialect == "postgresql":
            inner = inner.with_for_update(skip_locked=True, of=PublishJob)
        stmt = (update(PublishJob)
                .where(PublishJob.id == inner.scalar_subquery(),
                       PublishJob.state.in_(_CLAIMABLE))
                .values(state=JobState.IN_PROGRESS.value, claimed_by=self.worker_id,
                        claimed_at=now, attempts=PublishJob.attempts + 1, updated_at=now)
                .returning(PublishJob.id)
                .execution_options(synchronize_session=False))
        with self.db.uow() as uow:
            job_id = uow.session.scalar(stmt)
            if job_id is None:
                return None
            uow.commit()
            job = uow.session.get(PublishJob, job_id, populate_existing=True)
            assert job is not None
            site = sites.view(sites.load(uow, job.site_id))
            return _Claimed(job_id=job.id, article_id=job.article_id, site=site,
                            action=job.action, revision=job.revision, attempts=job.attempts,
                            overwrite=job.overwrite)

    def reclaim_stale(self) -> int:
        """Jobs a dead worker left ``in-progress`` go back to be retried."""
        now = self.clock()
        with self.db.uow() as uow:
            result = uow.session.execute(
                update(PublishJob)
                .where(PublishJob.state == JobState.IN_PROGRESS.value,
                       PublishJob.claimed_at < now - STALE_AFTER)
                .values(state=JobState.RETRYING.value, next_attempt_at=now, claimed_by=None,
                        claimed_at=None, updated_at=now,
                        last_error=tr("the sending was interrupted; it is tried again"))
                .execution_options(synchronize_session=False))
            uow.commit()
            return int(getattr(result, "rowcount", 0) or 0)

    # -- one job ------------------------------------------------------------------

    def process(self, claimed: _Claimed, report: RunReport) -> None:
        try:
            self._process(claimed, report)
        except SyncError as exc:
            self._failure(claimed, exc, report)
        except Exception as exc:  # a bug must not stop the queue
            log.exception("publishing job %s failed unexpectedly", claimed.job_id)
            self._failure(claimed, Transient(tr("unexpected error: {error}",
                                                error=type(exc).__name__)), report)

    def _process(self, claimed: _Claimed, report: RunReport) -> None:
        now = self.clock()
        with self.db.uow() as uow:
            article = articles.load(uow, claimed.article_id)
            if not still_wanted(claimed.action, article.status):
                self._finish(uow, claimed, JobState.CANCELED, tr(
                    "the article is no longer waiting for this"))
                uow.commit()
                return
            known = payload.known_ref(uow, claimed.site.id, claimed.article_id)
            post = payload.build(self.db, uow, claimed.site.id, claimed.article_id)
        connector = self._connector(claimed.site)
        if (claimed.action == "publish" and post.is_future
                and not connector.schedules_itself and post.scheduled_at is not None
                and post.scheduled_at > now):
            self._defer(claimed, post.scheduled_at)
            return
        if claimed.action == "unpublish":
            ref = connector.unpublish(known) if known is not None else None
        else:
            ref = self._send(connector, claimed, post, known)
        with self.db.uow() as uow:
            if ref is not None:
                _remember(uow, claimed, ref)
            self._finish(uow, claimed, JobState.SUCCESS, None)
            audit.record(uow, None, "job_sent", articles.load(uow, claimed.article_id),
                         job_id=claimed.job_id, site=claimed.site.name,
                         job_action=claimed.action, remote_id=ref.remote_id if ref else None)
            published = (claimed.action == "publish"
                         and self._maybe_published(uow, claimed.article_id))
            uow.commit()
        with self._lock:
            report.sent += 1
            if published:
                report.published.append(claimed.article_id)

    def _send(self, connector: Connector, claimed: _Claimed, post: OutgoingPost,
              known: RemoteRef | None) -> RemoteRef:
        overwrite = claimed.overwrite
        if known is not None and known.status == "trash":
            known = None  # taken off the site earlier: publish it anew
        if known is None:
            # An earlier attempt, or an earlier job for the article, may have
            # created the post and lost the answer.
            known = connector.find(post)
            overwrite = overwrite or known is not None
        try:
            return connector.publish(post, known, overwrite=overwrite)
        except RemoteGone:
            # Gone from the site: made anew, unless an earlier attempt did so already.
            return connector.publish(post, connector.find(post), overwrite=True)

    def _defer(self, claimed: _Claimed, when: datetime) -> None:
        """A site that cannot hold a post until its time gets it when due."""
        with self.db.uow() as uow:
            uow.session.execute(
                update(PublishJob).where(PublishJob.id == claimed.job_id)
                .values(state=JobState.PENDING.value, next_attempt_at=when,
                        attempts=PublishJob.attempts - 1, claimed_by=None, claimed_at=None,
                        updated_at=self.clock())
                .execution_options(synchronize_session=False))
            uow.commit()

    def _finish(self, uow: UnitOfWork, claimed: _Claimed, state: JobState,
                message: str | None, retry_at: datetime | None = None,
                uncount: bool = False) -> None:
        values: dict[str, object] = {
            "state": state.value, "last_error": message, "claimed_by": None,
            "claimed_at": None, "updated_at": self.clock()}
        if retry_at is not None:
            values["next_attempt_at"] = retry_at
        if uncount:
            values["attempts"] = PublishJob.attempts - 1
        if state is JobState.SUCCESS:
            values["overwrite"] = False
        uow.session.execute(update(PublishJob).where(PublishJob.id == claimed.job_id)
                            .values(**values).execution_options(synchronize_session=False))

    def _failure(self, claimed: _Claimed, exc: SyncError, report: RunReport) -> None:
        message = str(exc)
        with self._lock:
            report.messages.append(f"#{claimed.job_id} {claimed.site.name}: {message}")
        with self.db.uow() as uow, self._lock:
            if isinstance(exc, AuthFailed):
                sites.pause(uow, claimed.site.id, message)
                self._finish(uow, claimed, JobState.PENDING, message, retry_at=self.clock(),
                             uncount=True)
                report.errors += 1
            elif isinstance(exc, RemoteChanged):
                self._finish(uow, claimed, JobState.ERROR, tr(
                    "the post was changed on the site since it was sent: overwrite it, take "
                    "the site's version or compare them"))
                report.errors += 1
            elif isinstance(exc, Transient) and claimed.attempts < MAX_ATTEMPTS:
                delay = backoff(claimed.attempts)
                self._finish(uow, claimed, JobState.RETRYING, message,
                             retry_at=self.clock() + delay)
                report.retrying += 1
            else:
                if isinstance(exc, Transient):
                    message = tr("gave up after {n} attempts: {error}", n=claimed.attempts,
                                 error=message)
                self._finish(uow, claimed, JobState.FAILED, message)
                report.failed += 1
            audit.record(uow, None, "job_failed", articles.load(uow, claimed.article_id),
                         job_id=claimed.job_id, site=claimed.site.name,
                         job_action=claimed.action, error=message)
            uow.commit()

    # -- the article's status -----------------------------------------------------

    def _maybe_published(self, uow: UnitOfWork, article_id: int) -> bool:
        """A queued article is published once every site has it."""
        article = articles.load(uow, article_id)
        if article.status is not Status.QUEUED:
            return False
        if _open_publish_jobs(uow, article_id):
            return False
        _mark_published(uow, article, self.clock())
        return True

    def watch_schedules(self, report: RunReport) -> None:
        """Scheduled articles whose time has come: check each site shows them
        (missed-schedule watch), then mark them published."""
        now = self.clock()
        with self.db.uow() as uow:
            due = list(uow.session.scalars(select(Article.id).where(
                Article.status == Status.SCHEDULED, Article.scheduled_at <= now)))
        for article_id in due:
            try:
                if self._confirm_live(article_id, now):
                    with self.db.uow() as uow:
                        article = articles.load(uow, article_id)
                        if article.status is Status.SCHEDULED:
                            _mark_published(uow, article, article.scheduled_at or now)
                            report.published.append(article_id)
                        uow.commit()
            except SyncError as exc:
                report.messages.append(f"article #{article_id}: {exc}")

    def _confirm_live(self, article_id: int, now: datetime) -> bool:
        with self.db.uow() as uow:
            if _open_publish_jobs(uow, article_id):
                return False
            rows = list(uow.session.execute(
                select(RemotePost, Site).join(Site, Site.id == RemotePost.site_id)
                .where(RemotePost.article_id == article_id, Site.enabled.is_(True))))
            targets = [(sites.view(site), RemoteRef(remote_id=rp.remote_id, url=rp.url,
                                                    modified=rp.modified,
                                                    status=rp.remote_status))
                       for rp, site in rows]
        live = True
        for site, ref in targets:
            connector = self._connector(site)
            if not connector.schedules_itself or ref.status == "publish":
                continue
            current = connector.fetch(ref)
            if current.status == "future":
                connector.run_due()
                current = connector.fetch(ref)
            if current.status == "future":
                live = False
                if current.date_gmt is not None and now - current.date_gmt >= self.missed_grace:
                    self._publish_missed(site, connector, article_id, ref)
                    live = True
                continue
            with self.db.uow() as uow:
                _set_remote_status(uow, site.id, article_id, current.status, current.modified)
                uow.commit()
        return live

    def _publish_missed(self, site: SiteView, connector: Connector, article_id: int,
                        ref: RemoteRef) -> None:
        """The site missed its schedule: publish the post now, at its time."""
        with self.db.uow() as uow:
            post = payload.build(self.db, uow, site.id, article_id)
        scheduled = post.scheduled_at
        post = _as_published(post, scheduled)
        result = connector.publish(post, ref, overwrite=True)
        with self.db.uow() as uow:
            _set_remote_status(uow, site.id, article_id, result.status, result.modified)
            audit.record(uow, None, "missed_schedule", articles.load(uow, article_id),
                         site=site.name, scheduled_at=scheduled.isoformat() if scheduled else None)
            uow.commit()


# ---------------------------------------------------------------------- helpers

def _open_publish_jobs(uow: UnitOfWork, article_id: int) -> bool:
    """Whether some site's newest publish job for the article has not
    succeeded (older jobs, from before a correction or a re-queue, do not
    count)."""
    latest = (select(func.max(PublishJob.id))
              .where(PublishJob.article_id == article_id, PublishJob.action == "publish")
              .group_by(PublishJob.site_id))
    states = uow.session.scalars(select(PublishJob.state).where(PublishJob.id.in_(latest)))
    return any(state != JobState.SUCCESS.value for state in states)


def _mark_published(uow: UnitOfWork, article: Article, when: datetime) -> None:
    source = article.status
    article.status = Status.PUBLISHED
    article.updated_at = utcnow()
    articles.set_published(uow, article, when)
    audit.record(uow, None, "publish", article, from_status=source.value,
                 to_status=Status.PUBLISHED.value, by="queue")


def _remember(uow: UnitOfWork, claimed: _Claimed, ref: RemoteRef) -> None:
    row = uow.session.scalar(select(RemotePost).where(
        RemotePost.site_id == claimed.site.id, RemotePost.article_id == claimed.article_id))
    if row is None:
        row = RemotePost(site_id=claimed.site.id, article_id=claimed.article_id,
                         remote_id=ref.remote_id)
        uow.session.add(row)
    row.remote_id, row.url, row.modified = ref.remote_id, ref.url, ref.modified
    row.remote_status = ref.status
    row.updated_at = utcnow()
    if claimed.action == "publish":
        row.sent_revision = claimed.revision
        if ref.public and ref.url:
            article = articles.load(uow, claimed.article_id)
            article.remote_url = ref.url


def _set_remote_status(uow: UnitOfWork, site_id: int, article_id: int, status: str,
                       modified: str | None) -> None:
    row = uow.session.scalar(select(RemotePost).where(RemotePost.site_id == site_id,
                                                      RemotePost.article_id == article_id))
    if row is not None:
        row.remote_status, row.modified, row.updated_at = status, modified, utcnow()


def _as_published(post: OutgoingPost, when: datetime | None) -> OutgoingPost:
    return replace(post, scheduled_at=None, published_at=post.published_at or when)

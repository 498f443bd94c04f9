"""Publishing to the real WordPress through a network that keeps failing.

Issue 6's promise for the publish queue: hundreds of publishes, corrections
and unpublishes, sent while answers are lost after WordPress acted, gateways
answer 502/503, connections are reset, answers stall past the timeout and the
site stops and starts again, end with exactly one post per published article
on the site, none left public for an unpublished one, the site's text equal to
ours, and every job either sent or stopped with a message a person can act on.

The faults come from :class:`tests.integration.fault_proxy.FaultProxy` on real
sockets in front of the real WordPress peer; between runs every waiting job is
brought forward so the worker's retries (minutes apart) come due without
waiting. At the end the faults stop, the queue is run dry, and the site is
checked directly, not through the proxy.
"""

from __future__ import annotations

import os
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, publish_queue, sites, workflow
from newsroom.services.articles import Draft
from newsroom.services.publish_queue import JobState
from newsroom.services.sites import SiteView
from newsroom.storage.db import Database
from newsroom.storage.models import PublishJob, RemotePost
from newsroom.sync import payload, registry, site_conflicts
from newsroom.sync.connectors.base import Connector, post_content_html
from newsroom.sync.worker import Worker
from tests.conftest import People
from tests.integration.conftest import WpPeer
from tests.integration.fault_proxy import Fault, FaultProxy
from tests.reliability.conftest import Figures, scale
from tests.support.audit_chain import chain_breaks

# The seed of the run's choices and faults; NEWSROOM_FAULT_SEED repeats a run.
SEED = int(os.environ.get("NEWSROOM_FAULT_SEED", "6202"))
FAULT_RATE = 0.2  # of the requests that reach the proxy
TIMEOUT = 1.0  # the connector's, short so that a stall costs little
STALL = TIMEOUT + 0.3  # the proxy holds a SLOW answer longer than the timeout
DOWN = 0.3  # seconds a stopped site refuses connections
STEP = timedelta(minutes=4)  # how much nearer waiting jobs come per operation
_LIVE = ("publish", "future", "draft", "pending", "private")
_PERSON_STATES = (JobState.FAILED.value, JobState.ERROR.value)
_WAITING = (JobState.PENDING.value, JobState.RETRYING.value)


def _pass_time(db: Database, by: timedelta) -> None:
    """Retries back off for minutes: bring every waiting job's time that much
    nearer. (Moving the worker's clock instead would date the articles it
    publishes in the future, and WordPress would hold their corrections as
    "future" posts.)"""
    with db.uow() as uow:
        for job in uow.session.scalars(select(PublishJob).where(
                PublishJob.state.in_(_WAITING))):
            job.next_attempt_at -= by
        uow.commit()


@dataclass
class Newsroom:
    """The editors' side of the run: articles and what each operation did."""

    db: Database
    people: People
    key: str
    rng: random.Random
    ids: list[int] = field(default_factory=list)
    versions: dict[int, int] = field(default_factory=dict)
    done: Counter[str] = field(default_factory=Counter)
    log: list[str] = field(default_factory=list)  # for NEWSROOM_FAULT_TRACE
    requests: Callable[[], int] = lambda: 0

    def write(self, count: int) -> None:
        for n in range(count):
            with self.db.uow() as uow:
                article_id = articles.create(uow, self.people.writer, self._draft(n, 1),
                                             status=Status.APPROVED).id
                uow.commit()
            self.ids.append(article_id)
            self.versions[article_id] = 1

    def _draft(self, n: int, version: int) -> Draft:
        return Draft(
            title=f"Збій {self.key} №{n}: нарада громади, версія {version}",
            lead=f"Коротко про нараду №{n}.",
            body=(f"Учасники обговорили «нагальні» питання громади — версія {version}.\n\n"
                  f"Другий абзац, {self.key}-{n}-{version}: «лапки» & <дужки>."),
            section=f"Збої {self.key}", tags=["громада", f"збій {self.key}"])

    def status(self, article_id: int) -> Status:
        with self.db.uow() as uow:
            return articles.get(uow, article_id).status

    def operate(self) -> str | None:
        """One operation an editor could take now, picked at random; None when
        every article is still on its way to the site."""
        by_status = {article_id: self.status(article_id) for article_id in self.ids}
        choices = [(a, "publish") for a, s in by_status.items()
                   if s in (Status.APPROVED, Status.UNPUBLISHED)]
        published = [a for a, s in by_status.items() if s is Status.PUBLISHED]
        choices += [(a, "update") for a in published] * 2
        choices += [(a, "unpublish") for a in published]
        if not choices:
            return None
        article_id, kind = self.rng.choice(choices)
        self.log.append(f"{kind} #{article_id} (request {self.requests()})")
        {"publish": self._publish, "update": self._update,
         "unpublish": self._unpublish}[kind](article_id)
        self.done[kind] += 1
        return kind

    def _publish(self, article_id: int) -> None:
        with self.db.uow() as uow:
            workflow.transition(uow, self.people.editor, article_id, Action.QUEUE)
            uow.commit()

    def _update(self, article_id: int) -> None:
        """A correction as the workflow has it: back to a draft, edited,
        reviewed again and queued."""
        version = self.versions[article_id] + 1
        n = self.ids.index(article_id)
        with self.db.uow() as uow:
            workflow.transition(uow, self.people.editor, article_id, Action.CORRECT)
            current = articles.get(uow, article_id)
            articles.save(uow, self.people.editor, article_id, current.version,
                          self._draft(n, version))
            for actor, action in ((self.people.writer, Action.SUBMIT),
                                  (self.people.reviewer, Action.APPROVE),
                                  (self.people.editor, Action.QUEUE)):
                workflow.transition(uow, actor, article_id, action)
            uow.commit()
        self.versions[article_id] = version

    def _unpublish(self, article_id: int) -> None:
        with self.db.uow() as uow:
            workflow.transition(uow, self.people.editor, article_id, Action.UNPUBLISH)
            uow.commit()


class SiteAdmin:
    """The WordPress site as its administrator sees it, past the proxy."""

    def __init__(self, peer: WpPeer) -> None:
        self.url = peer.url
        self.client = httpx.Client(auth=(peer.admin.login, peer.admin.app_password),
                                   timeout=60, follow_redirects=True)

    def posts_of_run(self, key: str) -> list[dict[str, Any]]:
        """Every post, trashed ones too, whose title or text has the run's key."""
        found: list[dict[str, Any]] = []
        page = 1
        while True:
            r = self.client.get(f"{self.url}/", params={
                "rest_route": "/wp/v2/posts", "context": "edit", "search": key,
                "status": ",".join((*_LIVE, "trash")), "per_page": 100, "page": page})
            if r.status_code == 400 and page > 1:
                return found
            assert r.status_code == 200, r.text
            found += r.json()
            if page >= int(r.headers.get("X-WP-TotalPages", "1")):
                return found
            page += 1


def _uuid_of(post: dict[str, Any]) -> str | None:
    meta = post.get("meta")
    value = meta.get("newsroom_uuid") if isinstance(meta, dict) else None
    return value if isinstance(value, str) and value else None


def _add_site(db: Database, people: People, url: str, peer: WpPeer) -> SiteView:
    with db.uow() as uow:
        view = sites.add_wordpress(uow, people.admin, f"wp-faults-{uuid.uuid4().hex[:6]}", url,
                                   peer.editor.login, peer.editor.app_password)
        uow.commit()
    return view


def _connector(db: Database, site: SiteView) -> Connector:
    return registry.connector_for(db, site, timeout=TIMEOUT)


def _jobs(db: Database) -> list[PublishJob]:
    with db.uow() as uow:
        rows = list(uow.session.scalars(select(PublishJob).order_by(PublishJob.id)))
        for row in rows:
            uow.session.expunge(row)
    return rows


def _drain(db: Database, worker: Worker, passes: int = 40) -> None:
    """Run until nothing is due, moving past every backoff."""
    for _ in range(passes):
        _pass_time(db, timedelta(hours=2))
        if worker.run_due().handled == 0:
            return
    raise AssertionError(f"the queue still had due jobs after {passes} runs")


def _not_actionable(jobs: list[PublishJob]) -> list[str]:
    """Jobs neither sent nor stopped with a message a person can act on: stuck
    in flight or waiting, or stopped with no message or a bug's."""
    bad = []
    for job in jobs:
        if job.state in (JobState.SUCCESS.value, JobState.CANCELED.value):
            continue
        message = (job.last_error or "").strip()
        if job.state not in _PERSON_STATES or not message or message.startswith(
                "unexpected error"):
            bad.append(f"#{job.id} {job.action} {job.state}: {message!r}")
    return bad


def _act_as_a_person(db: Database, people: People) -> Counter[str]:
    """What an editor does with the queue window's failed jobs: send them
    again (a job that gave up retrying), or overwrite (a conflict)."""
    acted: Counter[str] = Counter()
    for job in _jobs(db):
        if job.state not in _PERSON_STATES:
            continue
        with db.uow() as uow:
            if job.state == JobState.ERROR.value:
                site_conflicts.overwrite(uow, people.editor, job.id)
            else:
                publish_queue.resend(uow, people.editor, job.id)
            uow.commit()
        acted[job.state] += 1
    return acted


def _write_trace(newsroom: Newsroom, proxy: FaultProxy, jobs: list[PublishJob]) -> None:
    """With NEWSROOM_FAULT_TRACE=FILE, what happened, for finding a failure's cause."""
    path = os.environ.get("NEWSROOM_FAULT_TRACE")
    if not path:
        return
    lines = [f"seed {SEED}, key {newsroom.key}", *newsroom.log, "", "requests:"]
    lines += [f"{n} {seen.method} {seen.target} {seen.fault.value}"
              for n, seen in enumerate(proxy.seen)]
    lines += ["", "jobs:"] + [f"#{j.id} article #{j.article_id} {j.action} {j.state} "
                              f"attempts {j.attempts}: {j.last_error}" for j in jobs]
    Path(path).write_text("\n".join(lines) + "\n", "utf-8")


@dataclass
class Verdict:
    duplicates: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    still_public: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)


def _expected_html(db: Database, site_id: int, article_id: int) -> str:
    with db.uow() as uow:
        post = payload.build(db, uow, site_id, article_id)
    return post_content_html(post, {}, [])


def _compare(db: Database, site_id: int, newsroom: Newsroom,
             posts: list[dict[str, Any]]) -> Verdict:
    """The site against the newsroom, article by article."""
    verdict = Verdict()
    live: dict[str | None, list[dict[str, Any]]] = {}
    for post in posts:
        if post["status"] in _LIVE:
            live.setdefault(_uuid_of(post), []).append(post)
    verdict.duplicates += [f"post {p['id']} without our uuid" for p in live.pop(None, [])]
    with db.uow() as uow:
        remote = dict(uow.session.execute(select(RemotePost.article_id, RemotePost.remote_id)
                                          .where(RemotePost.site_id == site_id)).all())
        ours = {a: articles.get(uow, a) for a in newsroom.ids}
    for article_id, article in ours.items():
        mine = live.pop(article.uuid, [])
        public = [p for p in mine if p["status"] == "publish"]
        name = f"#{article_id} ({article.status.value})"
        if len(mine) > 1:
            verdict.duplicates.append(f"{name}: posts {[p['id'] for p in mine]}")
        if article.status is Status.PUBLISHED:
            if not public:
                verdict.missing.append(f"{name}: {[(p['id'], p['status']) for p in mine]}")
                continue
            post = public[0]
            wanted = (article.title, _expected_html(db, site_id, article_id),
                      str(remote.get(article_id)))
            got = (post["title"]["raw"], post["content"]["raw"], str(post["id"]))
            if got != wanted:
                verdict.mismatches.append(f"{name}: site {got!r} ours {wanted!r}")
        elif public:
            verdict.still_public.append(f"{name}: posts {[p['id'] for p in public]}")
    verdict.duplicates += [f"post(s) {[p['id'] for p in rest]} of unknown uuid {u}"
                           for u, rest in live.items()]
    return verdict


@pytest.mark.slow
def test_publish_update_and_unpublish_survive_a_failing_network(
        db: Database, people: People, wp_peer: WpPeer, figures: Figures) -> None:
    """Sync under faults (WordPress)"""
    started = time.monotonic()
    # CI's minutes go mostly to SQLite; the full run gives both backends 500.
    on_sqlite = db.dialect == "sqlite"
    operations = scale(60 if on_sqlite else 40, 500)
    newsroom = Newsroom(db, people, uuid.uuid4().hex[:10], random.Random(SEED))
    newsroom.write(scale(12 if on_sqlite else 10, 40))
    admin = SiteAdmin(wp_peer)
    with FaultProxy(wp_peer.url, slow_seconds=STALL, down_seconds=DOWN) as proxy:
        site = _add_site(db, people, proxy.url, wp_peer)
        worker = Worker(db, connector_factory=_connector)
        proxy.randomly(FAULT_RATE, seed=SEED)
        newsroom.requests = lambda: len(proxy.seen)
        done = 0
        while done < operations:
            done += newsroom.operate() is not None
            report = worker.run_due()
            newsroom.log += [f"  {m}" for m in report.messages]
            _pass_time(db, STEP)
        injected = proxy.injected
        proxy.calm()
        _drain(db, worker)
        jobs = _jobs(db)
        stuck = _not_actionable(jobs)
        false_conflicts = [f"#{j.id}: {j.last_error}" for j in jobs
                           if j.state == JobState.ERROR.value]
        acted = _act_as_a_person(db, people)
        _drain(db, worker)
        left = [f"#{j.id} {j.action} {j.state}: {j.last_error}" for j in _jobs(db)
                if j.state not in (JobState.SUCCESS.value, JobState.CANCELED.value)]
    verdict = _compare(db, site.id, newsroom, admin.posts_of_run(newsroom.key))
    admin.client.close()
    with db.uow() as uow:  # the queue's own transitions (queued → published) are logged too
        breaks = chain_breaks(uow)
    _write_trace(newsroom, proxy, jobs)

    figures.info("seed", SEED)
    figures.info("articles", len(newsroom.ids))
    figures.info("operations (publish/update/unpublish)",
                 f"{done} ({newsroom.done['publish']}/{newsroom.done['update']}/"
                 f"{newsroom.done['unpublish']})")
    figures.info("requests through the proxy", len(proxy.seen))
    figures.info("faults injected", sum(injected.values()))
    for fault in Fault:
        if injected[fault]:
            figures.info(f"  of them: {fault.value}", injected[fault])
    figures.info("jobs", len(jobs))
    figures.info("jobs a person sent again after they gave up", acted[JobState.FAILED.value])
    figures.zero("duplicate posts", len(verdict.duplicates))
    figures.zero("missing posts", len(verdict.missing))
    figures.zero("still public after unpublish", len(verdict.still_public))
    figures.zero("content mismatches", len(verdict.mismatches))
    figures.zero("jobs neither done nor showing an actionable error", len(stuck))
    figures.zero("false 'changed on the site' conflicts", len(false_conflicts))
    figures.zero("jobs not done after a person acted", len(left))
    figures.zero("articles whose audit chain is broken", len(breaks))
    figures.info("duration, s", round(time.monotonic() - started, 1))

    assert sum(injected.values()) > 0
    assert not verdict.duplicates, verdict.duplicates
    assert not verdict.missing, verdict.missing
    assert not verdict.still_public, verdict.still_public
    assert not verdict.mismatches, verdict.mismatches
    assert not stuck, stuck
    assert not false_conflicts, false_conflicts
    assert not left, left
    assert not breaks, breaks

"""The publish-queue worker against a real static site in a folder.

Faults a folder cannot produce (a lost answer, a refused password, a timeout)
are injected by :class:`Faulty`, which wraps the real connector: a "lost
answer" really publishes, then raises, exactly as a site that committed but
whose answer never arrived.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, audit, publish_queue, related, sites, workflow
from newsroom.services.articles import Draft
from newsroom.services.publish_queue import JobState
from newsroom.services.sites import SiteView
from newsroom.storage.db import Database
from newsroom.storage.models import PublishJob, RemotePost
from newsroom.sync import registry, site_conflicts
from newsroom.sync.connectors.base import Connector, OutgoingPost, RemoteRef
from newsroom.sync.errors import AuthFailed, Rejected, RemoteChanged, Transient
from newsroom.sync.worker import MAX_ATTEMPTS, Worker, backoff
from tests.conftest import People


@dataclass
class Faulty:
    """The real connector, with the next publish calls failing as told."""

    inner: Connector
    faults: list[str] = field(default_factory=list)
    publishes: int = 0
    finds: int = 0

    @property
    def schedules_itself(self) -> bool:
        return self.inner.schedules_itself

    def publish(self, post: OutgoingPost, known: RemoteRef | None,
                overwrite: bool = False) -> RemoteRef:
        fault = self.faults.pop(0) if self.faults else "ok"
        if fault == "lost":
            self.inner.publish(post, known, overwrite)
            self.publishes += 1
            raise Transient("the answer was lost", maybe_done=True)
        if fault == "timeout":
            raise Transient("timed out")
        if fault == "auth":
            raise AuthFailed("the site refused the password")
        if fault == "rejected":
            raise Rejected("the site refused the post")
        if fault == "changed":
            raise RemoteChanged("changed on the site", current=known or RemoteRef("", "", "", ""))
        self.publishes += 1
        return self.inner.publish(post, known, overwrite)

    def find(self, post: OutgoingPost) -> RemoteRef | None:
        self.finds += 1
        return self.inner.find(post)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def site(db: Database, people: People, tmp_path: Path) -> SiteView:
    with db.uow() as uow:
        view = sites.add_static(uow, people.admin, "static", tmp_path / "www")
        uow.commit()
    return view


def _worker(db: Database, faults: list[str] | None = None,
            clock: Callable[[], datetime] | None = None) -> tuple[Worker, list[Faulty]]:
    made: list[Faulty] = []

    def factory(database: Database, site: SiteView) -> Connector:
        wrapper = Faulty(registry.connector_for(database, site), list(faults or []))
        made.append(wrapper)
        return wrapper  # type: ignore[return-value]

    kwargs: dict[str, Any] = {"clock": clock} if clock else {}
    return Worker(db, "test-worker", connector_factory=factory, **kwargs), made


def _approved(db: Database, people: People, title: str, **draft: Any) -> int:
    with db.uow() as uow:
        article_id = articles.create(uow, people.writer, Draft(title=title, **draft),
                                     status=Status.APPROVED).id
        uow.commit()
    return article_id


def _act(db: Database, actor: int, article_id: int, action: Action,
         at: datetime | None = None) -> None:
    with db.uow() as uow:
        workflow.transition(uow, actor, article_id, action, at=at)
        uow.commit()


def _jobs(db: Database, article_id: int) -> list[PublishJob]:
    with db.uow() as uow:
        rows = list(uow.session.scalars(select(PublishJob).where(
            PublishJob.article_id == article_id).order_by(PublishJob.id)))
        for row in rows:
            uow.session.expunge(row)
    return rows


def _status(db: Database, article_id: int) -> Status:
    with db.uow() as uow:
        return articles.get(uow, article_id).status


def _manifest_entries(site: SiteView, uuid: str) -> int:
    text = (Path(site.path) / ".newsroom" / "manifest.json").read_text("utf-8")
    return text.count(uuid)


def _uuid(db: Database, article_id: int) -> str:
    with db.uow() as uow:
        return articles.get(uow, article_id).uuid


def test_a_queued_article_is_published_and_remembered(db: Database, people: People,
                                                      site: SiteView) -> None:
    article_id = _approved(db, people, "Прийом громадян у п’ятницю", section="Новини",
                           body="Голова ОДА проведе «прямий» прийом.")
    _act(db, people.editor, article_id, Action.QUEUE)
    report = _worker(db)[0].run_due()

    assert (report.sent, report.failed, report.published) == (1, 0, [article_id])
    assert [j.state for j in _jobs(db, article_id)] == [JobState.SUCCESS.value]
    assert _status(db, article_id) is Status.PUBLISHED
    with db.uow() as uow:
        a = articles.get(uow, article_id)
        remote = uow.session.execute(select(RemotePost.url, RemotePost.sent_revision).where(
            RemotePost.article_id == article_id)).one()
        actions = [e.action for e in audit.list_events(uow, article_id)]
    assert a.published_at is not None
    assert tuple(remote) == (f"{a.slug}/", 1)
    page = (Path(site.path) / a.slug / "index.html").read_text("utf-8")
    assert "Прийом громадян у п’ятницю" in page and "«прямий»" in page
    assert actions[-2:] == ["job_sent", "publish"]
    # Nothing is due any more: a second run sends nothing.
    assert _worker(db)[0].run_due().handled == 0


def test_a_lost_answer_is_adopted_on_retry_not_sent_twice(db: Database, people: People,
                                                          site: SiteView) -> None:
    article_id = _approved(db, people, "Відкрито новий ЦНАП")
    _act(db, people.editor, article_id, Action.QUEUE)
    worker, made = _worker(db, ["lost"])
    report = worker.run_due()
    assert (report.sent, report.retrying) == (0, 1)
    job = _jobs(db, article_id)[0]
    assert job.state == JobState.RETRYING.value and job.attempts == 1
    assert job.next_attempt_at - datetime.now(UTC) <= timedelta(minutes=1)

    later = datetime.now(UTC) + timedelta(minutes=2)
    worker, made = _worker(db, clock=lambda: later)
    report = worker.run_due()
    assert report.sent == 1 and made[0].finds == 1
    assert _manifest_entries(site, _uuid(db, article_id)) == 1
    with db.uow() as uow:
        assert len(list(uow.session.scalars(select(RemotePost)))) == 1


def test_a_job_resent_by_hand_after_a_lost_answer_adopts_the_post(
        db: Database, people: People, site: SiteView) -> None:
    """Resending starts the attempts anew: the look for the post must not depend on them."""
    article_id = _approved(db, people, "Відкрито новий ЦНАП у громаді")
    _act(db, people.editor, article_id, Action.QUEUE)
    now = datetime.now(UTC)
    for attempt in range(1, MAX_ATTEMPTS + 1):  # the create went through, its answer lost
        clock = now + timedelta(days=attempt)
        _worker(db, ["lost" if attempt == 1 else "timeout"],
                clock=lambda c=clock: c)[0].run_due()  # type: ignore[misc]
    job = _jobs(db, article_id)[0]
    assert job.state == JobState.FAILED.value
    with db.uow() as uow:
        publish_queue.resend(uow, people.editor, job.id)
        uow.commit()
    later = now + timedelta(days=MAX_ATTEMPTS + 1)
    worker, made = _worker(db, clock=lambda: later)
    assert worker.run_due().sent == 1 and made[0].finds == 1
    assert _manifest_entries(site, _uuid(db, article_id)) == 1
    assert _status(db, article_id) is Status.PUBLISHED


def test_transient_failures_back_off_then_fail(db: Database, people: People,
                                               site: SiteView) -> None:
    article_id = _approved(db, people, "Нарада щодо опалювального сезону")
    _act(db, people.editor, article_id, Action.QUEUE)
    now = datetime.now(UTC)
    delays = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        clock = now + timedelta(days=attempt)
        report = _worker(db, ["timeout"], clock=lambda c=clock: c)[0].run_due()  # type: ignore[misc]
        job = _jobs(db, article_id)[0]
        assert job.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert report.retrying == 1 and job.state == JobState.RETRYING.value
            delays.append(job.next_attempt_at - clock)
    assert delays == [backoff(n) for n in range(1, MAX_ATTEMPTS)]
    assert [d.total_seconds() / 60 for d in delays] == [1, 2, 4, 8, 16, 32, 64, 64, 64]
    assert job.state == JobState.FAILED.value
    assert job.last_error is not None and "10" in job.last_error
    assert _status(db, article_id) is Status.QUEUED


def test_a_refused_post_is_not_retried(db: Database, people: People, site: SiteView) -> None:
    article_id = _approved(db, people, "Оголошення")
    _act(db, people.editor, article_id, Action.QUEUE)
    report = _worker(db, ["rejected"])[0].run_due()
    job = _jobs(db, article_id)[0]
    assert (report.failed, job.state, job.attempts) == (1, JobState.FAILED.value, 1)
    assert job.last_error == "the site refused the post"


def test_a_refused_password_pauses_the_site(db: Database, people: People,
                                            site: SiteView) -> None:
    first = _approved(db, people, "Перша новина")
    second = _approved(db, people, "Друга новина")
    _act(db, people.editor, first, Action.QUEUE)
    _act(db, people.editor, second, Action.QUEUE)
    report = _worker(db, ["auth"])[0].run_due()
    assert report.errors == 1 and report.sent == 0  # the second job was not even tried
    with db.uow() as uow:
        assert sites.list_sites(uow)[0].paused_reason == "the site refused the password"
    assert [j.state for j in _jobs(db, first) + _jobs(db, second)] == ["pending", "pending"]
    assert _jobs(db, first)[0].attempts == 0
    assert _worker(db)[0].run_due().handled == 0  # paused: nothing is sent
    with db.uow() as uow:
        sites.set_enabled(uow, people.admin, site.id, True)
        uow.commit()
    assert _worker(db)[0].run_due().sent == 2


def test_a_post_changed_on_the_site_waits_for_a_person(db: Database, people: People,
                                                       site: SiteView) -> None:
    article_id = _approved(db, people, "Зміни в розкладі")
    _act(db, people.editor, article_id, Action.QUEUE)
    report = _worker(db, ["changed"])[0].run_due()
    job = _jobs(db, article_id)[0]
    assert report.errors == 1 and job.state == JobState.ERROR.value
    assert job.last_error is not None and "changed on the site" in job.last_error
    with db.uow() as uow:
        with pytest.raises(Exception, match="only an editor"):
            site_conflicts.overwrite(uow, people.writer, job.id)
        site_conflicts.overwrite(uow, people.editor, job.id)
        uow.commit()
    job = _jobs(db, article_id)[0]
    assert job.state == JobState.PENDING.value and job.overwrite
    assert _worker(db)[0].run_due().sent == 1
    job = _jobs(db, article_id)[0]
    assert job.state == JobState.SUCCESS.value and not job.overwrite


def test_a_scheduled_article_goes_to_a_static_site_when_due(db: Database, people: People,
                                                            site: SiteView) -> None:
    article_id = _approved(db, people, "Вшанування пам’яті")
    at = (datetime.now(UTC) + timedelta(hours=3)).replace(microsecond=0)
    _act(db, people.editor, article_id, Action.SCHEDULE, at=at)
    assert _worker(db)[0].run_due().sent == 0
    job = _jobs(db, article_id)[0]
    assert (job.state, job.attempts, job.next_attempt_at) == ("pending", 0, at)
    assert _status(db, article_id) is Status.SCHEDULED

    report = _worker(db, clock=lambda: at + timedelta(seconds=5))[0].run_due()
    assert report.sent == 1 and report.published == [article_id]
    with db.uow() as uow:
        a = articles.get(uow, article_id)
    assert a.status is Status.PUBLISHED and a.published_at == at
    assert (Path(site.path) / a.slug / "index.html").exists()


def test_unpublish_and_unqueue(db: Database, people: People, site: SiteView) -> None:
    article_id = _approved(db, people, "Тимчасова новина")
    _act(db, people.editor, article_id, Action.QUEUE)
    _worker(db)[0].run_due()
    with db.uow() as uow:
        slug = articles.get(uow, article_id).slug
    assert (Path(site.path) / slug / "index.html").exists()
    _act(db, people.editor, article_id, Action.UNPUBLISH)
    assert _worker(db)[0].run_due().sent == 1
    assert not (Path(site.path) / slug).exists()
    assert slug not in (Path(site.path) / "index.html").read_text("utf-8")

    other = _approved(db, people, "Передумали публікувати")
    _act(db, people.editor, other, Action.QUEUE)
    _act(db, people.editor, other, Action.UNQUEUE)
    assert _worker(db)[0].run_due().handled == 0
    assert [j.state for j in _jobs(db, other)] == [JobState.CANCELED.value]


def test_related_links_point_at_the_site_pages(db: Database, people: People,
                                               site: SiteView) -> None:
    first = _approved(db, people, "Перша частина")
    _act(db, people.editor, first, Action.QUEUE)
    second = _approved(db, people, "Друга частина")
    with db.uow() as uow:
        related.add(uow, people.editor, second, first)
        uow.commit()
    _act(db, people.editor, second, Action.QUEUE)
    assert _worker(db)[0].run_due().sent == 2
    with db.uow() as uow:
        a, b = articles.get(uow, first), articles.get(uow, second)
    page = (Path(site.path) / b.slug / "index.html").read_text("utf-8")
    assert "Читайте також" in page and f'href="../{a.slug}/index.html"' in page


def test_a_job_left_in_progress_by_a_dead_worker_is_retried(db: Database, people: People,
                                                            site: SiteView) -> None:
    article_id = _approved(db, people, "Робота після збою")
    _act(db, people.editor, article_id, Action.QUEUE)
    claimed = _worker(db)[0].claim()  # claimed, then the worker "dies"
    assert claimed is not None
    assert _worker(db)[0].run_due().handled == 0  # not stale yet: left alone
    later = datetime.now(UTC) + timedelta(minutes=20)
    worker, made = _worker(db, clock=lambda: later)
    assert worker.run_due().sent == 1
    assert made[0].finds == 1  # the second attempt looked for the post first
    job = _jobs(db, article_id)[0]
    assert (job.state, job.attempts) == (JobState.SUCCESS.value, 2)


def test_two_workers_never_claim_one_job(db: Database, people: People, site: SiteView) -> None:
    ids = [_approved(db, people, f"Новина номер {n}") for n in range(12)]
    for article_id in ids:
        _act(db, people.editor, article_id, Action.QUEUE)
    claims: dict[str, list[int]] = {"a": [], "b": []}
    barrier = threading.Barrier(2)

    def run(name: str) -> None:
        worker = Worker(db, name)
        barrier.wait()
        while (claimed := worker.claim()) is not None:
            claims[name].append(claimed.job_id)

    threads = [threading.Thread(target=run, args=(n,)) for n in claims]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    every = claims["a"] + claims["b"]
    assert len(every) == len(set(every)) == 12
    with db.uow() as uow:
        states = {j.state for j in publish_queue.list_jobs(uow)}
    assert states == {JobState.IN_PROGRESS}


def test_a_job_the_article_no_longer_wants_is_canceled(db: Database, people: People,
                                                       site: SiteView) -> None:
    article_id = _approved(db, people, "Застаріле")
    _act(db, people.editor, article_id, Action.QUEUE)
    with db.uow() as uow:  # status changed behind the queue's back
        articles.load(uow, article_id).status = Status.DRAFT
        uow.commit()
    assert _worker(db)[0].run_due().sent == 0
    assert _jobs(db, article_id)[0].state == JobState.CANCELED.value
    with db.uow() as uow:
        slug = articles.get(uow, article_id).slug
    assert not (Path(site.path) / slug).exists()


def test_a_picture_inserted_on_another_pc_is_published_from_its_stored_copy(
        db: Database, people: People, site: SiteView, tmp_path: Path) -> None:
    import io

    from PIL import Image

    from newsroom.services import media

    picture = tmp_path / "Фото наради.png"
    out = io.BytesIO()
    Image.new("RGB", (2400, 1200), "teal").save(out, "PNG")
    picture.write_bytes(out.getvalue())
    source = picture.resolve().as_uri()
    body = f"Нарада відбулася.\n\n![Учасники наради]({source})\n"
    article_id = _approved(db, people, "Нарада з фото")
    with db.uow() as uow:  # the editor's save on the PC that has the file
        kept = media.keep_inserted_pictures(uow, people.writer, article_id, body)
        again = media.keep_inserted_pictures(uow, people.writer, article_id, body)
        articles.load(uow, article_id).body = body
        uow.commit()
    assert [m.filename for m in kept] == ["Фото наради.png"] and again == []
    picture.unlink()  # the worker runs where the file is not
    _act(db, people.editor, article_id, Action.QUEUE)
    assert _worker(db)[0].run_due().sent == 1
    with db.uow() as uow:
        slug = articles.get(uow, article_id).slug
    page = (Path(site.path) / slug / "index.html").read_text("utf-8")
    photos = list((Path(site.path) / "media").iterdir())
    assert len(photos) == 1 and photos[0].name in page and "file:" not in page
    with Image.open(photos[0]) as shown:
        assert max(shown.size) == 1920

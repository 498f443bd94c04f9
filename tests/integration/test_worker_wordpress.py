"""The whole publish path against the real WordPress, on SQLite and PostgreSQL.

An editor queues an approved article with a photo, a section, tags and a
"Читайте також" link; the worker sends it; the post on the site has all of
it, and the link opens. Then the ways it can go wrong: a lost answer, a
refused password, a contributor account, an edit made on the site.
"""

from __future__ import annotations

import io
import re
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from PIL import Image
from sqlalchemy import select

from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, media, related, sites, workflow
from newsroom.services.articles import Draft
from newsroom.services.publish_queue import JobState
from newsroom.services.sites import SiteView
from newsroom.storage.db import Database
from newsroom.storage.models import RemotePost
from newsroom.sync import site_conflicts
from newsroom.sync.worker import Worker
from tests.conftest import People
from tests.core.test_worker import _jobs
from tests.integration.conftest import WpAccount, WpPeer
from tests.integration.fault_proxy import Fault, FaultProxy


class Site:
    """The WordPress site as its administrator sees it."""

    def __init__(self, peer: WpPeer) -> None:
        self.url = peer.url
        self.client = httpx.Client(auth=(peer.admin.login, peer.admin.app_password),
                                   timeout=30, follow_redirects=True)

    def get(self, route: str, **params: Any) -> Any:
        r = self.client.get(f"{self.url}/", params={"rest_route": f"/wp/v2{route}",
                                                    "context": "edit", **params})
        assert r.status_code == 200, r.text
        return r.json()

    def posts_with_slug(self, slug: str) -> list[dict[str, Any]]:
        return list(self.get("/posts", slug=slug, status="publish,future,draft,pending,private"))

    def edit(self, post_id: str, **fields: Any) -> None:
        r = self.client.post(f"{self.url}/", params={"rest_route": f"/wp/v2/posts/{post_id}"},
                             json=fields)
        assert r.status_code == 200, r.text

    def term_names(self, route: str, ids: list[int]) -> set[str]:
        if not ids:
            return set()
        return {t["name"] for t in self.get(route, include=",".join(map(str, ids)))}


@pytest.fixture
def site(wp_peer: WpPeer) -> Iterator[Site]:
    admin = Site(wp_peer)
    yield admin
    admin.client.close()


def _add_site(db: Database, people: People, url: str, account: WpAccount,
              password: str | None = None) -> SiteView:
    with db.uow() as uow:
        view = sites.add_wordpress(uow, people.admin, f"wp-{uuid.uuid4().hex[:6]}", url,
                                   account.login, password or account.app_password)
        uow.commit()
    return view


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2400, 1600), "teal").save(out, "JPEG")
    return out.getvalue()


def _queued(db: Database, people: People, title: str, *, related_to: int | None = None,
            at: datetime | None = None, with_photo: bool = False) -> int:
    key = uuid.uuid4().hex[:8]
    with db.uow() as uow:
        article_id = articles.create(uow, people.writer, Draft(
            title=f"{title} {key}", lead="Коротко про головне.",
            body="Учасники обговорили «нагальні» питання громади.\n\nДругий абзац.",
            section=f"Новини області {key}", tags=["громада", f"Запоріжжя {key}"]),
            status=Status.APPROVED).id
        if with_photo:
            media.attach(uow, people.writer, article_id, "фото наради.jpg", _photo(),
                         featured=True)
        if related_to is not None:
            related.add(uow, people.editor, article_id, related_to)
        workflow.transition(uow, people.editor, article_id, Action.QUEUE, at=at)
        uow.commit()
    return article_id


def _remote_id(db: Database, article_id: int) -> str:
    with db.uow() as uow:
        rid = uow.session.scalar(select(RemotePost.remote_id).where(
            RemotePost.article_id == article_id))
    assert rid is not None
    return rid


def test_an_article_appears_on_the_site_with_photo_terms_and_working_links(
        db: Database, people: People, wp_peer: WpPeer, site: Site) -> None:
    _add_site(db, people, wp_peer.url, wp_peer.editor)
    first = _queued(db, people, "Відкрито центр надання послуг", with_photo=True)
    assert Worker(db).run_due().sent == 1
    second = _queued(db, people, "Центр працює і в суботу", related_to=first)
    report = Worker(db).run_due()
    assert (report.sent, report.failed, report.published) == (1, 0, [second])

    with db.uow() as uow:
        a, b = articles.get(uow, first), articles.get(uow, second)
    assert a.status is Status.PUBLISHED and b.status is Status.PUBLISHED
    post = site.get(f"/posts/{_remote_id(db, first)}")
    assert post["status"] == "publish" and post["slug"] == a.slug
    assert post["title"]["raw"] == a.title
    assert post["featured_media"] > 0
    assert site.term_names("/categories", post["categories"]) == {a.section}
    assert site.term_names("/tags", post["tags"]) == set(a.tags)
    photo = site.get(f"/media/{post['featured_media']}")
    assert max(photo["media_details"]["width"], photo["media_details"]["height"]) <= 1920
    assert a.remote_url == post["link"]

    content = site.get(f"/posts/{_remote_id(db, second)}")["content"]["raw"]
    assert "Читайте також" in content and a.remote_url in content
    links = re.findall(r'href="([^"]+)"', content)
    assert a.remote_url in links
    assert site.client.get(a.remote_url).status_code == 200


def test_a_lost_answer_never_makes_a_second_post(db: Database, people: People,
                                                 wp_peer: WpPeer, site: Site) -> None:
    with FaultProxy(wp_peer.url) as proxy:
        _add_site(db, people, proxy.url, wp_peer.editor)
        article_id = _queued(db, people, "Новина з втраченою відповіддю")
        proxy.next(Fault.DROP_ANSWER, method="POST", path_contains="posts")
        report = Worker(db).run_due()
        assert report.retrying == 1
        with db.uow() as uow:
            slug = articles.get(uow, article_id).slug
        assert len(site.posts_with_slug(slug)) == 1  # WordPress did save it

        later = datetime.now(UTC) + timedelta(minutes=2)
        report = Worker(db, clock=lambda: later).run_due()
        assert report.sent == 1, report.messages
    assert len(site.posts_with_slug(slug)) == 1
    assert [j.state for j in _jobs(db, article_id)] == [JobState.SUCCESS.value]


def test_a_wrong_password_pauses_the_site_and_keeps_the_job(db: Database, people: People,
                                                            wp_peer: WpPeer) -> None:
    view = _add_site(db, people, wp_peer.url, wp_peer.editor, password="wrong pass word")
    article_id = _queued(db, people, "Новина для сайту з хибним паролем")
    report = Worker(db).run_due()
    assert report.errors == 1
    job = _jobs(db, article_id)[0]
    assert (job.state, job.attempts) == (JobState.PENDING.value, 0)
    with db.uow() as uow:
        paused = sites.load(uow, view.id).paused_reason
    assert paused and "application password" in paused and "wrong pass" not in paused
    with db.uow() as uow:
        sites.set_password(uow, people.admin, view.id, wp_peer.editor.app_password)
        uow.commit()
    assert Worker(db).run_due().sent == 1


def test_a_contributor_account_is_told_it_may_not_publish(db: Database, people: People,
                                                          wp_peer: WpPeer) -> None:
    _add_site(db, people, wp_peer.url, wp_peer.contributor)
    article_id = _queued(db, people, "Новина від дописувача")
    report = Worker(db).run_due()
    job = _jobs(db, article_id)[0]
    assert report.failed == 1 and job.state == JobState.FAILED.value and job.attempts == 1
    # The first thing a contributor may not do here is make the new section's category.
    assert job.last_error is not None
    assert job.last_error.startswith("the account contributor is not allowed to")


def test_an_edit_on_the_site_stops_the_update_until_a_person_decides(
        db: Database, people: People, wp_peer: WpPeer, site: Site) -> None:
    _add_site(db, people, wp_peer.url, wp_peer.editor)
    article_id = _queued(db, people, "Новина, яку виправили на сайті")
    assert Worker(db).run_due().sent == 1
    remote_id = _remote_id(db, article_id)
    # modified_gmt has whole seconds: an edit in the same second as the create
    # would carry the same marker (no person edits that fast).
    time.sleep(1.1)
    site.edit(remote_id, title="Заголовок, змінений на сайті",
              content="<p>Текст, який виправили просто на сайті.</p>")
    with db.uow() as uow:  # a correction goes through review and back to the queue
        for actor, action in ((people.editor, Action.CORRECT), (people.writer, Action.SUBMIT),
                              (people.reviewer, Action.APPROVE), (people.editor, Action.QUEUE)):
            workflow.transition(uow, actor, article_id, action)
        uow.commit()
    report = Worker(db).run_due()
    assert report.errors == 1
    job = _jobs(db, article_id)[-1]
    assert job.state == JobState.ERROR.value and "changed on the site" in (job.last_error or "")
    assert site.get(f"/posts/{remote_id}")["title"]["raw"] == "Заголовок, змінений на сайті"

    diff = site_conflicts.compare(db, job.id)
    assert any(op.kind == "insert" and "просто" in op.text for op in diff)
    view = site_conflicts.take_site_version(db, people.editor, job.id)
    assert view.title == "Заголовок, змінений на сайті"
    assert "Текст, який виправили просто на сайті." in view.body
    assert _jobs(db, article_id)[-1].state == JobState.SUCCESS.value


@pytest.mark.slow
def test_a_scheduled_article_waits_on_the_site_and_goes_out_on_time(
        db: Database, people: People, wp_peer: WpPeer, site: Site) -> None:
    """WordPress holds the post as "future" with the PCs off; after its time the
    worker's missed-schedule watch sees it published (running wp-cron)."""
    _add_site(db, people, wp_peer.url, wp_peer.editor)
    at = (datetime.now(UTC) + timedelta(seconds=65)).replace(microsecond=0)
    article_id = _queued(db, people, "Запланована новина", at=at)
    assert Worker(db).run_due().sent == 1
    post = site.get(f"/posts/{_remote_id(db, article_id)}")
    assert post["status"] == "future"
    assert datetime.fromisoformat(post["date_gmt"]).replace(tzinfo=UTC) == at
    with db.uow() as uow:
        assert articles.get(uow, article_id).status is Status.SCHEDULED

    time.sleep(max(0.0, (at - datetime.now(UTC)).total_seconds()) + 2)
    # Each run starts wp-cron; if the site has not published the post a few
    # seconds after its time, the worker publishes it itself, dated on time.
    published: list[int] = []
    deadline = time.monotonic() + 90
    while not published and time.monotonic() < deadline:
        published = Worker(db, missed_grace=timedelta(seconds=5)).run_due().published
        time.sleep(0 if published else 2)
    assert published == [article_id]
    assert site.get(f"/posts/{_remote_id(db, article_id)}")["status"] == "publish"
    with db.uow() as uow:
        a = articles.get(uow, article_id)
    assert a.status is Status.PUBLISHED and a.published_at == at


def test_taking_a_scheduled_article_out_of_the_queue_withdraws_it_from_the_site(
        db: Database, people: People, wp_peer: WpPeer, site: Site) -> None:
    _add_site(db, people, wp_peer.url, wp_peer.editor)
    at = datetime.now(UTC) + timedelta(hours=2)
    article_id = _queued(db, people, "Новина, яку передумали публікувати", at=at)
    assert Worker(db).run_due().sent == 1
    remote_id = _remote_id(db, article_id)
    assert site.get(f"/posts/{remote_id}")["status"] == "future"
    with db.uow() as uow:
        workflow.transition(uow, people.editor, article_id, Action.UNQUEUE)
        uow.commit()
    assert Worker(db).run_due().sent == 1
    assert site.get(f"/posts/{remote_id}")["status"] == "trash"
    with db.uow() as uow:
        assert articles.get(uow, article_id).status is Status.APPROVED

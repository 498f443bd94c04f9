"""The archive pull against the real WordPress peer, on SQLite and PostgreSQL.

250 posts with Cyrillic titles, slugs and tags are seeded once for the module
(25 per ``/batch/v1`` request) in a category of their own. The site is shared
with other tests, so every pull starts from just before the seeding and every
assertion counts only this module's category; edits made on the site by one
backend's run touch posts the other run's checks do not look at.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, audit, sites, workflow
from newsroom.services.articles import Draft
from newsroom.storage.db import Database
from newsroom.storage.models import Article, PullCursor, Section
from newsroom.storage.models import RemotePost as PostRecord
from newsroom.sync.connectors.base import MemoryMediaCache, MemoryTermCache
from newsroom.sync.connectors.wordpress import WordPressConnector
from newsroom.sync.pull import PullReport, pull
from tests.conftest import People
from tests.integration.conftest import WpPeer

POSTS = 250
BATCH = 25  # WordPress's /batch/v1 limit
FIRST_DATE = datetime(2019, 3, 1, 7, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Seeded:
    """The module's posts on the site: ``ids[i]`` is post i's id."""

    tag: str
    category: str
    tags: tuple[str, str, str]
    ids: tuple[int, ...]
    start_after: str  # a change marker just before the first seeded post

    def title(self, i: int) -> str:
        return f"Новина №{i}: «Сесія» ради & громади {self.tag}"

    def slug(self, i: int) -> str:
        return f"новина-{self.tag}-{i}"

    def post_tags(self, i: int) -> tuple[str, str]:
        return (self.tags[0], self.tags[1 + i % 2])

    @staticmethod
    def date(i: int) -> datetime:
        return FIRST_DATE + timedelta(days=i, minutes=i)

    @staticmethod
    def lead(i: int) -> str:
        return f"Лід новини {i}: коротко про головне." if i % 2 == 0 else ""


def _content(i: int) -> str:
    return (f"<p>Учасники засідання <strong>обговорили</strong> питання №{i} "
            f"&laquo;бюджету&raquo;.</p>\n<ul>\n<li>перше</li>\n<li>друге</li>\n</ul>\n"
            f"<p>Подробиці — на <a href=\"https://example.org/{i}\">сайті</a>.</p>")


def _client(peer: WpPeer) -> httpx.Client:
    return httpx.Client(base_url=peer.url, timeout=60.0,
                        auth=(peer.admin.login, peer.admin.app_password))


def _rest(client: httpx.Client, method: str, route: str,
          params: dict[str, str] | None = None, **kwargs: Any) -> Any:
    response = client.request(method, "/", params={"rest_route": route, **(params or {})},
                              **kwargs)
    assert response.is_success, response.text[:500]
    return response.json()


def _term(client: httpx.Client, taxonomy: str, name: str) -> int:
    return int(_rest(client, "POST", f"/wp/v2/{taxonomy}", json={"name": name})["id"])


def _minus_a_second(marker: str) -> str:
    moment = datetime.fromisoformat(marker) - timedelta(seconds=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


@pytest.fixture(scope="module")
def seeded(wp_peer: WpPeer) -> Iterator[Seeded]:
    tag = uuid.uuid4().hex[:8]
    with _client(wp_peer) as client:
        category = f"Архів громади {tag}"
        category_id = _term(client, "categories", category)
        tags = (f"Київщина {tag}", f"Бюджет {tag}", f"Освіта {tag}")
        tag_ids = [_term(client, "tags", name) for name in tags]
        probe = Seeded(tag, category, tags, (), "")
        ids: list[int] = []
        for start in range(0, POSTS, BATCH):
            requests = [{"method": "POST", "path": "/wp/v2/posts", "body": {
                "title": probe.title(i), "content": _content(i), "excerpt": probe.lead(i),
                "slug": probe.slug(i), "status": "publish",
                "date_gmt": probe.date(i).strftime("%Y-%m-%dT%H:%M:%S"),
                "categories": [category_id], "tags": [tag_ids[0], tag_ids[1 + i % 2]]}}
                for i in range(start, min(start + BATCH, POSTS))]
            answer = _rest(client, "POST", "/batch/v1", json={"requests": requests})
            for item in answer["responses"]:
                assert item["status"] == 201, item
                ids.append(int(item["body"]["id"]))
        # A new post's change time is its (back-dated) date: saving each once
        # more makes it "now", so the pulls start right before the seeding, not
        # in 2019, and dozens of posts share a second, as after a bulk edit.
        # At most 50 a second: more than a page (100) in one second is what
        # no pull can read exactly (see newsroom.sync.pull).
        touched: list[str] = []
        for start in range(0, POSTS, BATCH):
            requests = [{"method": "POST", "path": f"/wp/v2/posts/{post_id}",
                         "body": {"comment_status": "closed"}}
                        for post_id in ids[start:start + BATCH]]
            answer = _rest(client, "POST", "/batch/v1", json={"requests": requests})
            touched += [item["body"]["modified_gmt"] for item in answer["responses"]]
            if start // BATCH % 2 == 1:
                time.sleep(1.0)
    assert max(Counter(touched).values()) > 1  # ties to page across
    yield Seeded(tag, category, tags, tuple(ids), _minus_a_second(min(touched)))


@pytest.fixture
def site_id(db: Database, people: People, wp_peer: WpPeer, seeded: Seeded) -> int:
    """The peer as a site whose last pull ended just before the seeding."""
    with db.uow() as uow:
        view = sites.add_wordpress(uow, people.admin, "wp", wp_peer.url, wp_peer.admin.login,
                                   wp_peer.admin.app_password)
        uow.session.add(PullCursor(site_id=view.id, watermark=seeded.start_after, done=0))
        uow.commit()
    return view.id


@pytest.fixture
def connector(wp_peer: WpPeer) -> Iterator[WordPressConnector]:
    made = WordPressConnector(wp_peer.url, wp_peer.admin.login, wp_peer.admin.app_password,
                              MemoryMediaCache(), MemoryTermCache())
    yield made
    made.close()


def _ours(db: Database, seeded: Seeded) -> dict[int, Any]:
    """This module's articles by post id: article, tags and post record."""
    with db.uow() as uow:
        rows = uow.session.execute(
            select(Article, PostRecord).join(PostRecord, PostRecord.article_id == Article.id)
            .join(Section, Section.id == Article.section_id)
            .where(Section.name == seeded.category)).all()
        found: dict[int, Any] = {}
        for article, record in rows:
            assert int(record.remote_id) not in found, "one post, two articles"
            found[int(record.remote_id)] = (articles.view(uow, article), record.modified,
                                             record.sent_revision)
    return found


def _count_in_section(db: Database, seeded: Seeded) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(
            select(func.count()).select_from(Article).join(Section).where(
                Section.name == seeded.category)) or 0)


def _full_pull(db: Database, site_id: int, people: People,
               connector: WordPressConnector) -> PullReport:
    report = pull(db, site_id, people.editor, connector)
    assert report.finished
    return report


def test_pull_stops_resumes_and_maps_every_post(db: Database, people: People, site_id: int,
                                                connector: WordPressConnector,
                                                seeded: Seeded, wp_peer: WpPeer) -> None:
    calls: list[tuple[int, int]] = []
    started = time.perf_counter()
    first = pull(db, site_id, people.editor, connector,
                 progress=lambda done, total: calls.append((done, total)),
                 should_stop=lambda: len(calls) >= 2)
    assert not first.finished and len(calls) == 2
    assert 0 < _count_in_section(db, seeded) < POSTS
    with db.uow() as uow:
        cursor = uow.session.get(PullCursor, site_id)
        assert cursor is not None and cursor.next_page is not None
        assert cursor.run_after == seeded.start_after and cursor.done == calls[-1][0]

    second = pull(db, site_id, people.editor, connector,
                  progress=lambda done, total: calls.append((done, total)))
    elapsed = time.perf_counter() - started
    assert second.finished
    print(f"\npulled {second.total} posts ({POSTS} seeded) in {elapsed:.2f} s on {db.dialect}")
    # The progress bar saw the run's totals, counting on across the resume.
    dones = [done for done, _total in calls]
    assert dones == sorted(dones) and calls[-1][0] == calls[-1][1] == second.total
    assert second.total >= POSTS and all(total >= POSTS for _done, total in calls)
    assert first.created + second.created >= POSTS

    ours = _ours(db, seeded)
    assert sorted(ours) == sorted(seeded.ids)  # every post once, none twice
    for i, post_id in enumerate(seeded.ids):
        view, _modified, sent = ours[post_id]
        assert view.title == seeded.title(i)
        assert view.published_at == Seeded.date(i)
        assert view.status is Status.PUBLISHED and view.author_id == people.editor
        assert view.section == seeded.category
        assert sorted(view.tags) == sorted(seeded.post_tags(i))  # in the site's order
        assert view.slug == seeded.slug(i)
        assert view.lead == Seeded.lead(i)  # odd posts: WordPress's own excerpt, no lead
        assert view.remote_url is not None and view.remote_url.startswith(wp_peer.url)
        assert sent == view.revision == 1
        if i in (0, 1, 137, 249):
            assert view.body == (f"Учасники засідання **обговорили** питання №{i} «бюджету».\n\n"
                                 "- перше\n- друге\n\n"
                                 f"Подробиці — на [сайті](https://example.org/{i}).\n")
            assert view.source_html is not None
            assert "<strong>обговорили</strong>" in view.source_html
            assert f'href="https://example.org/{i}"' in view.source_html

    with db.uow() as uow:
        cursor = uow.session.get(PullCursor, site_id)
        assert cursor is not None
        assert (cursor.run_after, cursor.next_page, cursor.run_newest, cursor.total) == (
            None, None, None, None)
        newest = max(modified for _v, modified, _s in ours.values())
        assert cursor.watermark is not None and cursor.watermark >= newest
        pulls = [e for e in audit.list_events(uow, limit=10_000) if e.action == "pull"]
    assert sum(e.detail["created"] for e in pulls) == first.created + second.created

    # Nothing new on the site: another pull creates nothing.
    again = pull(db, site_id, people.editor, connector)
    assert again.finished and again.created == 0
    assert _count_in_section(db, seeded) == POSTS


def test_incremental_pull_takes_site_edits_and_keeps_local_ones(
        db: Database, people: People, site_id: int, connector: WordPressConnector,
        seeded: Seeded, wp_peer: WpPeer) -> None:
    _full_pull(db, site_id, people, connector)
    before = _ours(db, seeded)
    assert len(before) == POSTS
    # Each backend's run edits its own posts, away from those the other test checks.
    base = 200 if db.dialect == "sqlite" else 220
    edited = [seeded.ids[base + k] for k in range(3)]
    mine = seeded.ids[base + 3]

    local_view = before[mine][0]
    with db.uow() as uow:
        workflow.transition(uow, people.editor, local_view.id, Action.CORRECT)
        article = articles.load(uow, local_view.id)
        articles.save(uow, people.editor, local_view.id, article.version,
                      Draft(title="Наша правка заголовка", body="Наш виправлений текст.\n",
                            section=seeded.category))
        uow.commit()

    with _client(wp_peer) as client:
        for n, post_id in enumerate([*edited, mine]):
            _rest(client, "POST", f"/wp/v2/posts/{post_id}", json={
                "content": f"<p>Оновлено на сайті: <em>нове</em> рішення {n}.</p>"})

    report = pull(db, site_id, people.editor, connector)
    assert report.finished
    assert report.kept_local == 1
    assert report.updated >= 3  # other tests may edit their posts meanwhile

    after = _ours(db, seeded)
    assert len(after) == POSTS
    changed = {post_id for post_id, (view, _m, _s) in after.items()
               if view.revision != before[post_id][0].revision}
    assert changed == {*edited, mine}  # ours changed only by our own save
    for n, post_id in enumerate(edited):
        view, modified, sent = after[post_id]
        assert view.revision == sent == 2
        assert view.body == f"Оновлено на сайті: *нове* рішення {n}.\n"
        assert view.source_html == f"<p>Оновлено на сайті: <em>нове</em> рішення {n}.</p>"
        assert modified != before[post_id][1]
        with db.uow() as uow:
            assert [r.number for r in articles.revisions(uow, view.id)] == [1, 2]
            assert "pull_update" in [e.action for e in audit.list_events(uow, view.id)]
    kept, kept_modified, kept_sent = after[mine]
    assert (kept.title, kept.body) == ("Наша правка заголовка", "Наш виправлений текст.\n")
    assert kept.revision == 2 and kept_sent == 1
    assert kept_modified == before[mine][1]  # the site's edit stays a conflict for the queue


def test_a_post_published_from_here_is_linked_not_duplicated(
        db: Database, people: People, site_id: int, connector: WordPressConnector,
        wp_peer: WpPeer, seeded: Seeded) -> None:
    title = f"Наша власна новина {seeded.tag} {db.dialect}"
    with db.uow() as uow:
        ours = articles.create(uow, people.writer, Draft(title=title, body="Наш текст.\n"),
                               status=Status.PUBLISHED)
        uow.commit()
    with _client(wp_peer) as client:
        made = _rest(client, "POST", "/wp/v2/posts", json={
            "title": title, "content": "<p>Наш текст.</p>", "status": "publish",
            "meta": {"newsroom_uuid": ours.uuid}})
    assert made["meta"]["newsroom_uuid"] == ours.uuid
    with db.uow() as uow:  # start right before that post, not at the seeding
        cursor = uow.session.get(PullCursor, site_id)
        assert cursor is not None
        cursor.watermark = _minus_a_second(made["modified_gmt"])
        uow.commit()

    report = pull(db, site_id, people.editor, connector)
    assert report.finished and report.linked == 1
    with db.uow() as uow:
        same_title = list(uow.session.scalars(select(Article.id).where(Article.title == title)))
        record = uow.session.scalar(select(PostRecord).where(
            PostRecord.remote_id == str(made["id"])))
        assert record is not None
        assert (record.article_id, record.sent_revision) == (ours.id, 1)
        view = articles.get(uow, ours.id)
    assert same_title == [ours.id]
    assert view.remote_url == made["link"] and view.revision == 1

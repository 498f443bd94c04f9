"""The archive pull without a website.

First the pure mapping of a post's HTML to an article's fields
(:mod:`newsroom.sync.pulled_article`), then :func:`newsroom.sync.pull.pull`
against :class:`FakeSite`, an in-memory site that does what a real
WordPress can do to a pull but is hard to stage on one: posts changed in the
same second come in a different order on every request (MariaDB's order for
ties is not stable), and a post edited between two page requests jumps to the
end of the list. The real site is in tests/integration/test_pull_wordpress.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from newsroom.domain.errors import PermissionDenied
from newsroom.domain.statuses import Status
from newsroom.services import articles, audit, sites
from newsroom.services.articles import Draft
from newsroom.storage.db import Database
from newsroom.storage.models import Article, PullCursor, Revision
from newsroom.storage.models import RemotePost as PostRecord
from newsroom.sync.connectors.base import PostPage, RemotePost
from newsroom.sync.errors import Transient
from newsroom.sync.pull import pull
from newsroom.sync.pulled_article import (
    decode_slug,
    fields_of,
    lead_from_excerpt,
    local_slug,
    plain_text,
    section_of,
    tag_names,
)
from tests.conftest import People
from tests.support.audit_chain import chain_breaks

# ------------------------------------------------------------------ mapping

CONTENT = ("<p>Учасники засідання <strong>обговорили</strong> п&#8217;ять питань.</p>\n"
           "<p>Рішення ухвалено &laquo;одноголосно&raquo;.</p>")


def _post(**changes: object) -> RemotePost:
    base = RemotePost(remote_id="1", url="https://site.example/?p=1", slug="novyna",
                      title="Новина", content_html=CONTENT, excerpt_html="",
                      date_gmt=datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC),
                      modified="2021-03-04T05:06:07", status="publish")
    return replace(base, **changes)  # type: ignore[arg-type]


def test_plain_text_decodes_entities_and_drops_tags_comments_and_scripts() -> None:
    html = ("<p>Сесія&nbsp;ради <!-- x --> <em>в&nbsp;&laquo;Ірпені&raquo;</em> &amp; "
            "звіт</p><script>alert(1)</script>\n\n<p>далі</p>")
    assert plain_text(html) == "Сесія ради в «Ірпені» & звіт далі"


def test_a_typed_excerpt_becomes_the_lead_as_plain_text() -> None:
    excerpt = "<p>Коротко: <b>рада</b> ухвалила&nbsp;бюджет &amp; план.</p>"
    assert lead_from_excerpt(excerpt, CONTENT) == "Коротко: рада ухвалила бюджет & план."


def test_wordpress_automatic_excerpt_is_no_lead() -> None:
    auto = "<p>Учасники засідання обговорили п’ять питань. Рішення [&hellip;]</p>"
    assert lead_from_excerpt(auto, CONTENT) == ""
    # The same words typed with plain quotes, or ending in "…", are still the opening.
    assert lead_from_excerpt("Учасники засідання обговорили п'ять питань…", CONTENT) == ""
    # Words that differ from the opening are a real lead, "[…]" or not.
    assert lead_from_excerpt("Учасники засідання сперечалися [&hellip;]", CONTENT) == (
        "Учасники засідання сперечалися")
    assert lead_from_excerpt("", CONTENT) == ""
    assert lead_from_excerpt("<p> [&hellip;] </p>", CONTENT) == ""


def test_a_very_long_excerpt_is_cut_at_a_word() -> None:
    lead = lead_from_excerpt("слово " * 2000, CONTENT)
    assert len(lead) <= articles.MAX_LEAD and lead.endswith("слово…")


def test_cyrillic_slugs_are_decoded_not_transliterated() -> None:
    encoded = "%d0%bd%d0%be%d0%b2%d0%b8%d0%bd%d0%b0-%d1%80%d0%b0%d0%b9%d0%be%d0%bd%d1%83"
    assert decode_slug(encoded) == "новина-району"
    assert decode_slug("%D0%9D%D0%BE%D0%B2%D0%B8%D0%BD%D0%B0") == "новина"
    assert decode_slug("вже-декодовано") == "вже-декодовано"
    assert local_slug(encoded, "Новина району") == "новина-району"
    assert local_slug("budget-2024", "Бюджет") == "budget-2024"
    # Nothing usable from the site: made from the title, as for a new article.
    assert local_slug("", "Сесія міської ради") == "sesiia-miskoi-rady"
    assert local_slug("%ff%fe", "Сесія") == "sesiia"
    assert local_slug("a/b", "Сесія") == "sesiia"


def test_the_default_category_is_no_section() -> None:
    assert section_of(("Без категорії", "Новини")) == "Новини"
    assert section_of(("Uncategorized",)) is None
    assert section_of(("UNCATEGORIZED", "без категорії")) is None
    assert section_of(("Культура &amp; спорт",)) == "Культура & спорт"
    assert section_of(()) is None


def test_tag_names_once_each_ignoring_case() -> None:
    assert tag_names(("Київ", "київ", " Бюджет  громади ", "", "R&amp;D")) == (
        "Київ", "Бюджет громади", "R&D")


def test_fields_of_a_post() -> None:
    post = _post(title="«Бюджет&nbsp;2024» &amp; план", slug="%d0%b1%d1%8e%d0%b4%d0%b6%d0%b5%d1%82",
                 excerpt_html="Рада ухвалила бюджет.", categories=("Без категорії", "Новини"),
                 tags=("Бюджет", "Рада"))
    fields = fields_of(post)
    assert fields.title == "«Бюджет 2024» & план"
    assert fields.slug == "бюджет"
    assert fields.lead == "Рада ухвалила бюджет."
    assert fields.body == ("Учасники засідання **обговорили** п’ять питань.\n\n"
                           "Рішення ухвалено «одноголосно».\n")
    assert fields.source_html == CONTENT
    assert fields.section == "Новини"
    assert fields.tags == ("Бюджет", "Рада")
    assert fields.published_at == datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_what_our_own_publishing_added_is_taken_off_the_body() -> None:
    content = ('<p class="lead"><strong>Наш лід</strong></p>\n' + CONTENT
               + '\n<p class="signature">Управління преси</p>'
               + '\n<section class="related"><h2>Читайте також</h2></section>')
    fields = fields_of(_post(content_html=content, excerpt_html="Наш лід"))
    assert fields.source_html == CONTENT
    assert "Наш лід" not in fields.body and "Управління" not in fields.body
    assert fields.lead == "Наш лід"


# ------------------------------------------------------------------ a fake site

def _stamp(second: int) -> str:
    moment = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=second)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


@dataclass
class FakeSite:
    """Published posts in the order of their ids (as WordPress lists them for
    the pull), with the site's clock one second after its newest change unless
    ``clock`` says otherwise (``None`` in ``tells_time``: a site that does not
    say); ``on_request`` may change the site between requests."""

    posts: dict[str, RemotePost] = field(default_factory=dict)
    requests: list[tuple[int, str | None]] = field(default_factory=list)
    on_request: Callable[[FakeSite, int], None] | None = None
    fail_on: set[int] = field(default_factory=set)
    clock: int | None = None
    tells_time: bool = True
    schedules_itself = True

    def add(self, n: int, *, second: Callable[[int], int] = lambda i: i // 25,
            start: int = 0, **fields: object) -> None:
        for i in range(start, start + n):
            post = _post(remote_id=str(i), url=f"https://site.example/?p={i}",
                         slug=f"post-{i}", title=f"Новина {i}",
                         content_html=f"<p>Текст новини {i}.</p>", modified=_stamp(second(i)),
                         categories=("Новини",), tags=("Київ", f"тег {i % 3}"))
            self.posts[post.remote_id] = replace(post, **fields)  # type: ignore[arg-type]

    def edit(self, remote_id: str, second: int, **fields: object) -> None:
        fields.setdefault("modified", _stamp(second))
        self.posts[remote_id] = replace(self.posts[remote_id], **fields)  # type: ignore[arg-type]

    def list_posts(self, page: int, per_page: int = 100,
                   modified_after: str | None = None) -> PostPage:
        self.requests.append((page, modified_after))
        if self.on_request is not None:
            self.on_request(self, len(self.requests))
        if len(self.requests) in self.fail_on:
            raise Transient("the site timed out")
        chosen = sorted((p for p in self.posts.values()
                         if modified_after is None or p.modified > modified_after),
                        key=lambda p: int(p.remote_id))
        pages = (len(chosen) + per_page - 1) // per_page
        window = chosen[(page - 1) * per_page:page * per_page]
        return PostPage(tuple(window), len(chosen) if window else 0, pages if window else 0,
                        server_time=self._now())

    def _now(self) -> str | None:
        if not self.tells_time:
            return None
        if self.clock is not None:
            return _stamp(self.clock)
        newest = max((p.modified for p in self.posts.values()), default=_stamp(0))
        return (datetime.fromisoformat(newest) + timedelta(seconds=1)).strftime(
            "%Y-%m-%dT%H:%M:%S")

    def close(self) -> None:
        pass


@pytest.fixture
def site_id(db: Database, people: People, tmp_path: Path) -> int:
    with db.uow() as uow:
        view = sites.add_static(uow, people.admin, "archive", tmp_path / "www")
        uow.commit()
    return view.id


def _count(db: Database, model: type[Article] | type[PostRecord] | type[Revision]) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


@dataclass(frozen=True)
class Cursor:
    watermark: str | None
    run_after: str | None
    next_page: int | None
    run_newest: str | None
    total: int | None


def _cursor(db: Database, site_id: int) -> Cursor:
    with db.uow() as uow:
        row = uow.session.get(PullCursor, site_id)
        assert row is not None
        return Cursor(row.watermark, row.run_after, row.next_page, row.run_newest, row.total)


def test_posts_saved_in_one_second_are_all_pulled(db: Database, people: People,
                                                   site_id: int) -> None:
    site = FakeSite()
    site.add(250)  # 25 posts per second: every page boundary splits a second
    seen: list[tuple[int, int]] = []
    report = pull(db, site_id, people.editor, site,  # type: ignore[arg-type]
                  progress=lambda done, total: seen.append((done, total)), per_page=40)
    assert report.finished and report.created == 250 and report.total == 250
    assert _count(db, Article) == _count(db, PostRecord) == _count(db, Revision) == 250
    assert seen[-1] == (250, 250)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    cursor = _cursor(db, site_id)
    assert cursor.watermark == _stamp(9)
    assert (cursor.run_after, cursor.next_page, cursor.run_newest, cursor.total) == (
        None, None, None, None)


def test_a_stopped_pull_resumes_without_duplicates(db: Database, people: People,
                                                   site_id: int) -> None:
    site = FakeSite()
    site.add(250)
    pages = 0

    def stop() -> bool:
        return pages >= 2

    def progress(done: int, total: int) -> None:
        nonlocal pages
        pages += 1

    first = pull(db, site_id, people.editor, site,  # type: ignore[arg-type]
                 progress=progress, should_stop=stop)
    assert not first.finished and 150 <= first.created < 250
    assert _cursor(db, site_id).next_page is not None
    second = pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    assert second.finished and first.created + second.created == 250
    assert _count(db, Article) == 250
    assert _cursor(db, site_id).next_page is None


def test_a_run_disturbed_by_a_deletion_is_read_again_and_skips_nothing(
        db: Database, people: People, site_id: int) -> None:
    site = FakeSite()
    site.add(300, second=lambda i: i)

    def edit_and_delete(s: FakeSite, request: int) -> None:
        if request == 2:  # after page 1 was read: an edit there, and a deletion
            s.edit("5", 10_000, title="Новина 5, виправлена")
            del s.posts["7"]  # pulls everything after it one place forward

    site.on_request = edit_and_delete
    first = pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    assert first.finished and first.created == 299  # post 100 slid onto page 1
    assert _cursor(db, site_id).watermark is None  # the count changed: not trusted
    site.on_request = None
    second = pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    assert (second.created, second.updated) == (1, 1)
    with db.uow() as uow:
        remote_ids = set(uow.session.scalars(select(PostRecord.remote_id)))
        title = uow.session.scalar(select(Article.title).join(
            PostRecord, PostRecord.article_id == Article.id).where(PostRecord.remote_id == "5"))
    assert remote_ids == {str(i) for i in range(300)}
    assert title == "Новина 5, виправлена"
    assert _cursor(db, site_id).watermark == _stamp(10_000)


def test_an_edit_made_while_a_pull_runs_is_in_the_next_pull(db: Database, people: People,
                                                            site_id: int) -> None:
    site = FakeSite(clock=400)
    site.add(300, second=lambda i: i)

    def edit_read_post(s: FakeSite, request: int) -> None:
        if request == 3:  # page 1 is read: post 5 is edited on the site
            s.edit("5", 401, title="Новина 5, виправлена")

    site.on_request = edit_read_post
    first = pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    assert first.created == 300 and _cursor(db, site_id).watermark == _stamp(399)
    site.on_request = None
    second = pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    assert (second.created, second.updated, second.unchanged) == (0, 1, 0)


def test_an_incremental_pull_asks_only_for_changes_and_updates_them(
        db: Database, people: People, site_id: int) -> None:
    site = FakeSite()
    site.add(120)
    pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    site.requests.clear()
    again = pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    assert (again.created, again.updated, again.unchanged, again.finished) == (0, 0, 0, True)
    assert site.requests == [(1, _stamp(4))]  # the site's clock at the run, not everything
    site.edit("3", 100, title="Оновлена новина", content_html="<p>Новий <em>текст</em>.</p>")
    third = pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    assert (third.created, third.updated, third.unchanged) == (0, 1, 0)
    with db.uow() as uow:
        article_id = uow.session.scalar(select(PostRecord.article_id).where(
            PostRecord.remote_id == "3"))
        assert article_id is not None
        view = articles.get(uow, article_id)
        record = uow.session.scalar(select(PostRecord).where(PostRecord.remote_id == "3"))
        assert record is not None
        assert (record.sent_revision, record.modified) == (2, _stamp(100))
        events = [(e.action, e.from_status, e.to_status)
                  for e in audit.list_events(uow, article_id)]
        breaks = chain_breaks(uow)
    assert (view.title, view.body, view.revision) == ("Оновлена новина", "Новий *текст*.\n", 2)
    assert view.source_html == "<p>Новий <em>текст</em>.</p>"
    assert events == [("pull_create", None, "published"),
                      ("pull_update", "published", "published")]
    assert breaks == []  # each of the 120 pulled articles has its arrival logged


def test_local_edits_are_kept_and_the_site_edit_stays_a_conflict(
        db: Database, people: People, site_id: int) -> None:
    site = FakeSite()
    site.add(10)
    pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    with db.uow() as uow:
        article_id = uow.session.scalar(select(PostRecord.article_id).where(
            PostRecord.remote_id == "2"))
        assert article_id is not None
        article = articles.load(uow, article_id)
        article.status = Status.DRAFT  # reopened for a correction
        uow.flush()
        articles.save(uow, people.editor, article_id, article.version,
                      Draft(title="Наша правка", body="Наш текст.\n"))
        uow.commit()
    site.edit("2", 50, title="Правка на сайті")
    report = pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    assert (report.kept_local, report.updated) == (1, 0)
    with db.uow() as uow:
        view = articles.get(uow, article_id)
        record = uow.session.scalar(select(PostRecord).where(PostRecord.remote_id == "2"))
        assert record is not None
        assert record.modified == _stamp(0)  # the queue will still see the site's edit
    assert (view.title, view.body) == ("Наша правка", "Наш текст.\n")


def test_a_post_without_a_title_is_skipped_and_counted(db: Database, people: People,
                                                       site_id: int) -> None:
    site = FakeSite()
    site.add(5)
    site.edit("1", 0, title="  ")
    site.edit("2", 0, title="x" * 600)
    report = pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    assert (report.created, report.skipped, report.finished) == (3, 2, True)
    with db.uow() as uow:
        events = [e for e in audit.list_events(uow) if e.action == "pull"]
    assert events[-1].detail["skipped_posts"] == ["1", "2"]


def test_a_site_error_keeps_the_pages_already_written(db: Database, people: People,
                                                      site_id: int) -> None:
    site = FakeSite(fail_on={3})
    site.add(250)
    with pytest.raises(Transient):
        pull(db, site_id, people.editor, site, per_page=50)  # type: ignore[arg-type]
    kept = _count(db, Article)
    assert kept >= 50  # what came before the failure stays
    assert _cursor(db, site_id).next_page is not None
    site.fail_on = set()
    report = pull(db, site_id, people.editor, site, per_page=50)  # type: ignore[arg-type]
    assert report.finished and kept + report.created == 250 == _count(db, Article)


def test_slugs_taken_here_get_a_numbered_variant(db: Database, people: People,
                                                 site_id: int) -> None:
    with db.uow() as uow:
        articles.create(uow, people.writer, Draft(title="Чуже", slug="post-1"))
        uow.commit()
    site = FakeSite()
    site.add(3)
    site.edit("2", 0, slug="%d0%bd%d0%be%d0%b2%d0%b8%d0%bd%d0%b0")
    site.edit("0", 0, slug="post-1")  # two posts of the site want one slug
    pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    with db.uow() as uow:
        slugs = {remote_id: slug for remote_id, slug in uow.session.execute(
            select(PostRecord.remote_id, Article.slug).join(
                Article, Article.id == PostRecord.article_id))}
    assert slugs["2"] == "новина"
    assert sorted([slugs["0"], slugs["1"]]) == ["post-1-2", "post-1-3"]


def test_a_post_published_from_here_is_linked_not_copied(db: Database, people: People,
                                                         site_id: int) -> None:
    with db.uow() as uow:
        ours = articles.create(uow, people.writer, Draft(title="Наша стаття", body="Текст.\n"),
                               status=Status.PUBLISHED)
        uow.commit()
    site = FakeSite()
    site.add(3)
    site.edit("1", 0, uuid=ours.uuid, title="Наша стаття")
    site.edit("2", 5, uuid=ours.uuid)  # a later copy made on the site, with our meta
    report = pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    assert (report.created, report.linked) == (2, 1)
    with db.uow() as uow:
        record = uow.session.scalar(select(PostRecord).where(PostRecord.remote_id == "1"))
        view = articles.get(uow, ours.id)
        assert record is not None
        assert (record.article_id, record.sent_revision) == (ours.id, view.revision)
    assert view.remote_url == "https://site.example/?p=1" and view.body == "Текст.\n"


def test_only_an_editor_may_pull(db: Database, people: People, site_id: int) -> None:
    with pytest.raises(PermissionDenied):
        pull(db, site_id, people.writer, FakeSite())  # type: ignore[arg-type]


def test_a_second_with_more_posts_than_a_page_loses_none(
        db: Database, people: People, site_id: int) -> None:
    site = FakeSite()
    site.add(150, second=lambda i: 5)  # one second, a page and a half
    site.add(30, start=150, second=lambda i: 6)
    report = pull(db, site_id, people.editor, site)  # type: ignore[arg-type]
    with db.uow() as uow:
        pulled = set(uow.session.scalars(select(PostRecord.remote_id)))
    assert report.finished and report.created == 180 and pulled == set(site.posts)


def test_a_site_whose_change_markers_are_hashes_is_paged_by_number(
        db: Database, people: People, site_id: int) -> None:
    site = FakeSite(tells_time=False)
    site.add(25)
    for remote_id, post in list(site.posts.items()):  # a static site: hashes, paths
        site.posts[remote_id] = replace(post, modified=f"{int(remote_id):032x}",
                                        url=f"novyny/post-{remote_id}/")
    report = pull(db, site_id, people.editor, site, per_page=10)  # type: ignore[arg-type]
    assert (report.created, report.finished, report.total) == (25, True, 25)
    assert site.requests == [(1, None), (2, None), (3, None)]
    assert _cursor(db, site_id).watermark is None  # nothing to ask "changed since" with
    with db.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Article).where(
            Article.remote_url.is_not(None))) == 0  # a folder path is no public address
    site.edit("4", 0, title="Змінена", modified="f" * 32)
    again = pull(db, site_id, people.editor, site, per_page=10)  # type: ignore[arg-type]
    assert (again.created, again.updated, again.unchanged) == (0, 1, 24)

"""The archive pull: a website's published posts become Newsroom articles.

A regional administration's site holds years of news, so a pull is long,
must survive being stopped (the Stop button, a closed laptop, a dropped
connection) and must never make the same article twice. Three decisions give
that:

* **One transaction per page.** A page's articles and the :class:`PullCursor`
  that says how far the pull got are committed together, so after any
  interruption the next pull starts at the first page not applied, and a page
  is either wholly in the database or not at all.
* **Pages by post id, over the posts changed since the last pull.** Posts
  come in the order of their ids (``orderby=id``), which no edit changes and
  which has no ties: ordered by change time, WordPress (MariaDB) breaks the
  ties of posts saved in the same second differently for every page, and a
  bulk import saves hundreds a second, so pages repeat some posts and never
  return others (measured on the test peer). An edit on the site during the
  run leaves the order alone; a post published or removed meanwhile shifts the
  later pages by one, which the site's count (``X-WP-Total``) shows: such a
  run does not move the watermark, so the next pull reads the same posts again
  (already-pulled posts cost one comparison each). A finished, undisturbed run
  sets the watermark to the site's own clock when the run began (its ``Date``
  header, one second early), so an edit made while it ran is in the next pull.
* **Nothing written here is ever overwritten.** A post already pulled (or
  published from here) that changed on the site replaces the article's text
  only if nobody has saved the article since (its ``revision`` is still the
  ``sent_revision`` remembered with the post); otherwise ours is kept and
  counted in ``kept_local``, and the remembered marker is left as it was, so
  the publishing queue still sees the site's edit as a conflict for a person
  to settle instead of overwriting it.

Speed: a later page is fetched on a helper thread while the current one is
written (the site and the database work at the same time), and each page
costs a handful of queries whatever its size — existing posts, our own uuids
and taken slugs are each looked up once per page, and new articles, their
revisions, tags and post records are inserted in batches. One audit event per
page holds the counts.

See :mod:`newsroom.sync.pulled_article` for how a post's HTML becomes an
article's fields (lead, body, slug, section).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from newsroom.domain.errors import NewsroomError, ValidationError
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.i18n import tr
from newsroom.services import articles, audit, search, sites, taxonomy, users
from newsroom.storage.db import Database
from newsroom.storage.models import (
    Article,
    ArticleTag,
    AuditEvent,
    PullCursor,
    Revision,
    Tag,
    User,
)
from newsroom.storage.models import RemotePost as PostRecord
from newsroom.storage.types import utcnow
from newsroom.storage.uow import UnitOfWork
from newsroom.sync.connectors.base import Connector, PostPage, RemotePost
from newsroom.sync.pulled_article import (
    MAX_SLUG,
    PulledFields,
    fields_of,
    parse_modified,
    public_url,
)
from newsroom.text.slugs import unique_slug

MAX_PER_PAGE = 100
"""WordPress serves at most 100 posts a page."""

# How many numbered variants of a slug are looked up with the page's batch
# query; a rarer deeper collision costs one query per further candidate.
_SLUG_CANDIDATES = 5
# Audit details name at most this many skipped posts.
_SKIPPED_LISTED = 20


@dataclass
class PullReport:
    """What one call of :func:`pull` did.

    ``total`` is how many posts the whole run covers (as the site counted
    them), ``finished`` whether the run reached its end; a stopped run goes on
    from where it stopped at the next call. ``linked`` counts posts recognised
    as articles published from here (also counted in ``unchanged``: their text
    is ours), ``skipped`` posts that cannot be articles (no title, too long).
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_local: int = 0
    total: int = 0
    finished: bool = False
    linked: int = 0
    skipped: int = 0

    def add(self, other: PullReport) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.kept_local += other.kept_local
        self.linked += other.linked
        self.skipped += other.skipped

    @property
    def handled(self) -> int:
        return self.created + self.updated + self.unchanged + self.kept_local + self.skipped


class PullInterrupted(NewsroomError):
    """Another pull of the same site moved the cursor while this one ran;
    nothing of the page at hand was written."""


@dataclass(frozen=True)
class _Run:
    """The cursor of a run in progress, as this call last wrote it.

    ``started`` is the watermark the run will leave when it ends undisturbed
    (None until the first page told the site's time); ``total`` the site's
    count of the run's posts when it began.
    """

    run_after: str | None
    page: int
    done: int
    total: int
    started: str | None


@dataclass
class _Memo:
    """What one call learns once and reuses on every page.

    ``seen`` holds (post id, change marker) pairs handled by this call, so a
    post that a shifted page returns again is not counted twice. Term ids are
    only added after their page committed.
    """

    seen: set[tuple[str, str]] = field(default_factory=set)
    sections: dict[str, int] = field(default_factory=dict)
    tags: dict[str, int] = field(default_factory=dict)


def pull(db: Database, site_id: int, actor_id: int, connector: Connector, *,
         progress: Callable[[int, int], None] | None = None,
         should_stop: Callable[[], bool] | None = None,
         per_page: int = MAX_PER_PAGE) -> PullReport:
    """Copy the site's published posts into articles, from where the last pull stopped.

    ``progress(done, total)`` is called after every page, with the posts the
    run has handled and its total (a resumed run counts on from before);
    ``should_stop()`` is asked between pages. Connector errors
    (:mod:`newsroom.sync.errors`) propagate unchanged; every page committed
    before them stays, and the next call goes on from there.
    """
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    run = _start(db, site_id, actor_id)
    report = PullReport(total=run.total)
    memo = _Memo()
    stop = should_stop or _never

    def fetch(page: int) -> PostPage:
        return connector.list_posts(page, per_page, run.run_after)

    # One helper thread fetches the next page while this one writes the
    # current: the connector is only ever used by that thread, one call at a
    # time, and leaving the block waits for a fetch in flight, so the caller
    # may close the connector as soon as pull() returns.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsroom-pull") as pool:
        pending: Future[PostPage] | None = pool.submit(fetch, run.page)
        while pending is not None:
            page = pending.result()
            following = _following(run.page, page, per_page)
            pending = (pool.submit(fetch, following)
                       if following is not None and not stop() else None)
            run, done = _apply_page(db, site_id, actor_id, run, page, following, per_page,
                                    memo)
            report.add(done)
            report.total = run.total
            if progress is not None:
                progress(run.done, run.total)
            if following is None:
                report.finished = True
            elif stop():
                pending = None
    return report


def _never() -> bool:
    return False


def _following(number: int, page: PostPage, per_page: int) -> int | None:
    """The page after ``page``, or None when it was the last one."""
    last_page = page.total_pages if page.total_pages > 0 else (
        number if len(page.posts) < per_page else number + 1)
    if not page.posts or number >= last_page:
        return None
    return number + 1


def _newest(posts: Iterable[RemotePost]) -> str | None:
    """The latest change time among the posts' markers that are times."""
    return max((p.modified for p in posts if parse_modified(p.modified) is not None),
               default=None)


def _run_start_marker(page: PostPage) -> str | None:
    """The watermark an undisturbed run leaves: the site's clock when the run
    began, one second early (``modified_after`` is strict, in whole seconds).
    A site that does not tell its time (a static folder) is read whole."""
    moment = parse_modified(page.server_time) if page.server_time else None
    if moment is None:
        return None
    return (moment - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")


# ---------------------------------------------------------------- the cursor

def _start(db: Database, site_id: int, actor_id: int) -> _Run:
    """The run to continue, or a new one starting from the watermark."""
    with db.uow() as uow:
        _require_editor(uow, actor_id)
        sites.load(uow, site_id)
        cursor = uow.session.get(PullCursor, site_id)
        if cursor is None:
            cursor = PullCursor(site_id=site_id, done=0)
            uow.session.add(cursor)
        if cursor.next_page is None:
            cursor.run_after, cursor.run_newest, cursor.next_page = cursor.watermark, None, 1
            cursor.total, cursor.done = None, 0
            cursor.updated_at = utcnow()
        run = _run_of(cursor)
        uow.commit()
    return run


def _run_of(cursor: PullCursor) -> _Run:
    assert cursor.next_page is not None
    return _Run(run_after=cursor.run_after, page=cursor.next_page, done=cursor.done,
                total=cursor.total or 0, started=cursor.run_newest)


def _require_editor(uow: UnitOfWork, actor_id: int) -> User:
    return users.require_role(uow, actor_id, Role.EDITOR,
                              tr("only an editor may pull a site's archive"))


def _apply_page(db: Database, site_id: int, actor_id: int, run: _Run, page: PostPage,
                following: int | None, per_page: int, memo: _Memo
                ) -> tuple[_Run, PullReport]:
    """Write one page and move the cursor past it, in one transaction.

    A clash with someone saving at the same moment (a slug or tag just taken,
    one of the page's articles saved) rolls the page back; it is retried once
    on fresh data, where a saved article then counts as edited here.
    """
    try:
        return _write_page(db, site_id, actor_id, run, page, following, per_page, memo)
    except (IntegrityError, StaleDataError):
        return _write_page(db, site_id, actor_id, run, page, following, per_page, memo)


def _write_page(db: Database, site_id: int, actor_id: int, run: _Run, page: PostPage,
                following: int | None, per_page: int, memo: _Memo
                ) -> tuple[_Run, PullReport]:
    with db.uow() as uow:
        cursor = uow.session.scalar(
            select(PullCursor).where(PullCursor.site_id == site_id).with_for_update())
        if (cursor is None or cursor.next_page != run.page
                or cursor.run_after != run.run_after):
            site = sites.load(uow, site_id)
            raise PullInterrupted(tr(
                "another pull of {site} moved on while this one ran: this one stopped; start "
                "it again to go on", site=site.name))
        actor = _require_editor(uow, actor_id)
        writer = _PageWriter(uow, site_id, actor, memo)
        done = writer.apply(page.posts)
        handled = run.done + done.handled
        first = run.page == 1
        started = _run_start_marker(page) if first else run.started
        total = page.total if first or not run.total else run.total
        if following is None:
            disturbed = page.total != total and page.total_pages > 0
            newest = _newest(page.posts)
            if disturbed:
                pass  # posts came or went during the run: read them again next time
            elif started is not None:
                cursor.watermark = started
            elif newest is not None and page.total_pages > 0:
                cursor.watermark = max(filter(None, (run.started, newest)))
            cursor.run_after = cursor.run_newest = cursor.next_page = cursor.total = None
            cursor.done = 0
            total = handled
        else:
            cursor.run_newest, cursor.next_page = started, following
            cursor.total, cursor.done = max(total, handled), handled
        cursor.updated_at = utcnow()
        if done.handled or following is None:
            audit.record(uow, actor, "pull", site_id=site_id, page=run.page,
                         created=done.created, updated=done.updated, unchanged=done.unchanged,
                         kept_local=done.kept_local, linked=done.linked,
                         skipped=done.skipped, skipped_posts=writer.skipped_ids,
                         finished=following is None)
        uow.commit()
    writer.remember()
    return _Run(run.run_after, following or run.page, handled, max(total, handled),
                started), done


# ---------------------------------------------------------------- one page

@dataclass
class _New:
    post: RemotePost
    fields: PulledFields


class _PageWriter:
    """Turns one page of posts into rows with a few batch queries."""

    def __init__(self, uow: UnitOfWork, site_id: int, actor: User, memo: _Memo) -> None:
        self.uow, self.site_id, self.actor, self.memo = uow, site_id, actor, memo
        self.report = PullReport()
        self.skipped_ids: list[str] = []
        self._sections: dict[str, int] = {}
        self._tags: dict[str, int] = {}
        self._seen: list[tuple[str, str]] = []

    def remember(self) -> None:
        """After the commit: what this page learned is now true for later pages."""
        self.memo.sections.update(self._sections)
        self.memo.tags.update(self._tags)
        self.memo.seen.update(self._seen)

    def apply(self, posts: Sequence[RemotePost]) -> PullReport:
        latest: dict[str, RemotePost] = {}
        for post in posts:
            if (post.remote_id, post.modified) in self.memo.seen:
                continue  # came again in the overlap of the next request
            known = latest.get(post.remote_id)
            if known is None or post.modified >= known.modified:
                latest[post.remote_id] = post
        if not latest:
            return self.report
        session = self.uow.session
        records = {r.remote_id: r for r in session.scalars(select(PostRecord).where(
            PostRecord.site_id == self.site_id, PostRecord.remote_id.in_(list(latest))))}
        changed: list[tuple[RemotePost, PostRecord]] = []
        unknown: list[RemotePost] = []
        for post in latest.values():
            self._seen.append((post.remote_id, post.modified))
            record = records.get(post.remote_id)
            if record is None:
                unknown.append(post)
            elif record.modified != post.modified:
                changed.append((post, record))
            else:
                self.report.unchanged += 1
        if changed:
            self._update(changed)
        if unknown:
            self._create(self._link(unknown))
        return self.report

    # ------------------------------------------------------------ known posts

    def _update(self, changed: list[tuple[RemotePost, PostRecord]]) -> None:
        """Posts we have that changed on the site: take the site's text into
        articles nobody edited here since; keep ours in the others."""
        session = self.uow.session
        ids = [record.article_id for _post, record in changed]
        found = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))}
        updates: list[tuple[RemotePost, PostRecord, Article, PulledFields]] = []
        for post, record in changed:
            article = found[record.article_id]
            if record.sent_revision is None or article.revision != record.sent_revision:
                self.report.kept_local += 1
                continue
            fields = self._fields(post)
            if fields is None:
                continue
            updates.append((post, record, article, fields))
        if not updates:
            return
        taken = self._taken_slugs(
            [f.slug for _p, _r, a, f in updates if f.slug != a.slug], exclude=set())
        new_tags: dict[int, tuple[str, ...]] = {}
        revised: list[Article] = []
        now = utcnow()
        for post, record, article, fields in updates:
            section_id = self._section_id(fields.section)
            old_tags = taxonomy.tags_of(self.uow, article.id)
            slug = article.slug
            if fields.slug != article.slug and fields.slug not in taken:
                slug = fields.slug
                taken.add(slug)
            text_changed = ((fields.title, fields.lead, fields.body)
                            != (article.title, article.lead, article.body))
            changed_at_all = (text_changed or section_id != article.section_id
                              or slug != article.slug
                              or tuple(t.casefold() for t in fields.tags)
                              != tuple(t.casefold() for t in old_tags))
            article.source_html = fields.source_html
            article.remote_url = public_url(post.url) or article.remote_url
            if changed_at_all:
                article.title, article.lead, article.body = fields.title, fields.lead, fields.body
                article.section_id, article.slug = section_id, slug
                article.updated_at = now
                article.revision += 1
                revised.append(article)
                if tuple(fields.tags) != old_tags:
                    new_tags[article.id] = fields.tags
                self.report.updated += 1
            else:
                self.report.unchanged += 1
            self._remember_post(record, post, article.revision)
        # Versioned UPDATEs before the revision rows, as articles.save does:
        # someone saving one of these articles this very moment fails the page
        # (StaleDataError), and its retry finds the article edited here.
        self.uow.flush()
        search.index_documents(session, [(a.id, a.title, a.lead, a.body) for a in revised])
        for article in revised:
            articles.add_revision(self.uow, article, self.actor)
            audit.record(self.uow, self.actor, "pull_update", article,
                         from_status=article.status.value, to_status=article.status.value,
                         site_id=self.site_id)
        if new_tags:
            session.execute(delete(ArticleTag).where(ArticleTag.article_id.in_(list(new_tags))))
            self._insert_tags(new_tags)

    def _remember_post(self, record: PostRecord, post: RemotePost, revision: int) -> None:
        record.url, record.modified = post.url, post.modified
        record.remote_status, record.sent_revision = post.status, revision
        record.updated_at = utcnow()

    # ------------------------------------------------------------ new posts

    def _link(self, unknown: list[RemotePost]) -> list[RemotePost]:
        """Posts that carry the uuid of an article published from here get
        that article (one query for the page); the rest are returned."""
        uuids = {post.uuid for post in unknown if post.uuid}
        if not uuids:
            return unknown
        rows = self.uow.session.execute(
            select(Article.id, Article.uuid, Article.revision, PostRecord.id)
            .outerjoin(PostRecord, and_(PostRecord.article_id == Article.id,
                                        PostRecord.site_id == self.site_id))
            .where(Article.uuid.in_(list(uuids)))).all()
        # An article already linked to another post of this site stays with
        # it: a second post with its uuid is a copy made on the site.
        ours = {uuid: (article_id, revision)
                for article_id, uuid, revision, record_id in rows if record_id is None}
        rest: list[RemotePost] = []
        links: list[dict[str, Any]] = []
        now = utcnow()
        for post in unknown:
            found = ours.pop(post.uuid, None) if post.uuid else None
            if found is None:
                rest.append(post)
                continue
            article_id, revision = found
            links.append(self._record_row(post, article_id, revision, now))
            if public_url(post.url):
                self.uow.session.execute(update(Article).where(Article.id == article_id)
                                         .values(remote_url=public_url(post.url)))
            self.report.linked += 1
            self.report.unchanged += 1
        if links:
            self.uow.session.execute(insert(PostRecord), links)
        return rest

    def _create(self, posts: list[RemotePost]) -> None:
        news = [_New(post, fields) for post in posts
                if (fields := self._fields(post)) is not None]
        if not news:
            return
        slugs = self._choose_slugs([new.fields.slug for new in news])
        now = utcnow()
        made: list[Article] = []
        for new, slug in zip(news, slugs, strict=True):
            f = new.fields
            changed_at = parse_modified(new.post.modified)
            published = f.published_at or changed_at or now
            made.append(Article(
                title=f.title, lead=f.lead, body=f.body, source_html=f.source_html,
                slug=slug, section_id=self._section_id(f.section), signature="",
                author_id=self.actor.id, status=Status.PUBLISHED,
                # Archive articles sort among the others by their own dates,
                # not all as "changed today".
                created_at=published, updated_at=changed_at or now, published_at=published,
                remote_url=public_url(new.post.url), revision=1))
        self.uow.session.add_all(made)
        self.uow.flush()
        session = self.uow.session
        session.execute(insert(Revision), [
            {"article_id": a.id, "number": 1, "title": a.title, "lead": a.lead,
             "body": a.body, "saved_by_id": self.actor.id, "saved_at": now} for a in made])
        # Each article's arrival is its first transition, logged like a create
        # (in one statement: an archive pull brings thousands at a time).
        session.execute(insert(AuditEvent), [
            {"at": now, "actor_id": self.actor.id, "action": "pull_create", "article_id": a.id,
             "from_status": None, "to_status": Status.PUBLISHED.value, "revision": 1,
             "detail": {"site_id": self.site_id}} for a in made])
        session.execute(insert(PostRecord), [
            self._record_row(new.post, a.id, 1, now) for new, a in zip(news, made, strict=True)])
        self._insert_tags({a.id: new.fields.tags
                           for new, a in zip(news, made, strict=True) if new.fields.tags})
        search.index_documents(session, [(a.id, a.title, a.lead, a.body) for a in made])
        self.report.created += len(made)

    def _record_row(self, post: RemotePost, article_id: int, revision: int,
                    now: datetime) -> dict[str, Any]:
        return {"site_id": self.site_id, "article_id": article_id,
                "remote_id": post.remote_id, "url": post.url, "modified": post.modified,
                "remote_status": post.status, "sent_revision": revision, "updated_at": now}

    def _fields(self, post: RemotePost) -> PulledFields | None:
        """The post's article fields, or None (counted as skipped) when they
        cannot make an article: no title, a text over the size limits."""
        fields = fields_of(post)
        try:
            articles.validate(articles.Draft(title=fields.title, lead=fields.lead,
                                             body=fields.body))
        except ValidationError:
            self.report.skipped += 1
            if len(self.skipped_ids) < _SKIPPED_LISTED:
                self.skipped_ids.append(post.remote_id)
            return None
        return fields

    # ------------------------------------------------------------ slugs, terms

    def _choose_slugs(self, wanted: list[str]) -> list[str]:
        """A free slug for each new article: the site's own when no article
        has it, else its first free numbered variant (``-2``, ``-3``…, the
        naming of the articles service), with one query for the whole page."""
        candidates: list[str] = []
        for base in wanted:
            candidates.extend(_first_candidates(base))
        batch = set(candidates)
        known = self._taken_slugs(candidates, exclude=set())
        chosen: list[str] = []

        def taken(slug: str) -> bool:
            if slug in known:
                return True
            if slug in batch:
                return False
            return self.uow.session.scalar(select(Article.id).where(Article.slug == slug)) \
                is not None

        for base in wanted:
            slug = unique_slug(base, taken, max_length=MAX_SLUG)
            known.add(slug)
            chosen.append(slug)
        return chosen

    def _taken_slugs(self, slugs: Iterable[str], exclude: set[str]) -> set[str]:
        wanted = list(set(slugs) - exclude)
        if not wanted:
            return set()
        return set(self.uow.session.scalars(select(Article.slug).where(
            Article.slug.in_(wanted))))

    def _section_id(self, name: str | None) -> int | None:
        if name is None:
            return None
        key = name.casefold()
        found = self.memo.sections.get(key) or self._sections.get(key)
        if found is None:
            section = taxonomy.section_for(self.uow, name)
            assert section is not None
            found = self._sections[key] = section.id
        return found

    def _insert_tags(self, wanted: dict[int, tuple[str, ...]]) -> None:
        """Tag links for many articles in one INSERT, the tags found (or made)
        once per name for the page."""
        names = {name.casefold(): name for tags in wanted.values() for name in tags}
        missing = [name for key, name in names.items()
                   if key not in self.memo.tags and key not in self._tags]
        if missing:
            # Most names are spelled as they already are here: one query finds
            # those; the taxonomy's own case-blind matching does the rest.
            for tag_id, tag_name in self.uow.session.execute(
                    select(Tag.id, Tag.name).where(Tag.name.in_(missing))):
                self._tags[tag_name.casefold()] = tag_id
            for name in missing:
                if name.casefold() not in self._tags:
                    self._tags[name.casefold()] = taxonomy._term(self.uow, Tag, name).id
        rows = [{"article_id": article_id, "tag_id": self._tag_id(name), "position": position}
                for article_id, tags in wanted.items() for position, name in enumerate(tags)]
        if rows:
            self.uow.session.execute(insert(ArticleTag), rows)

    def _tag_id(self, name: str) -> int:
        key = name.casefold()
        return self.memo.tags[key] if key in self.memo.tags else self._tags[key]


def _first_candidates(base: str) -> list[str]:
    """The first slugs :func:`unique_slug` would try for ``base``, in its naming."""
    tried: list[str] = []

    def record(slug: str) -> bool:
        tried.append(slug)
        return len(tried) < _SLUG_CANDIDATES

    unique_slug(base, record, max_length=MAX_SLUG)
    return tried

"""A folder that is a whole website: what a press office without WordPress
publishes to, and what a fresh install publishes to before anyone sets up a
site. Any web server, or a browser opening the files straight from disk, can
show it; it holds no script at all.

The folder's state is its manifest (``.newsroom/manifest.json``), keyed by
the article's uuid, which is also the post's remote id. The lists (home,
sections, RSS, sitemap) are rebuilt from it on every change; the order of
writes is :mod:`newsroom.sync.static_folder`'s business.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

from newsroom.i18n import tr
from newsroom.sync.connectors.base import (
    MediaCache,
    OutgoingPost,
    PostPage,
    RelatedTarget,
    RemotePost,
    RemoteRef,
    body_html,
    related_items,
)
from newsroom.sync.errors import Rejected, RemoteChanged, RemoteGone, SiteSetupError
from newsroom.sync.static_files import Manifest, folder_lock, site_errors
from newsroom.sync.static_folder import SiteFolder, sha256
from newsroom.sync.static_pages import (
    INDEX,
    RESERVED,
    ArticleView,
    Entry,
    Featured,
    SiteRenderer,
    article_dir,
    page_body,
    page_path,
    page_title,
    relative,
    section_dir,
)
from newsroom.text.article_page import RelatedItem, signature_html
from newsroom.text.sanitize import sanitize_html
from newsroom.text.slugs import slugify, unique_slug

#: remote_posts.modified holds 40 characters; 160 bits of the page's SHA-256
#: still tell any two versions apart.
MARKER_LENGTH = 40


def _marker(sha: str) -> str:
    return sha[:MARKER_LENGTH]


def _gone(remote_id: str) -> RemoteGone:
    return RemoteGone(tr("the post {id} is no longer on the site", id=remote_id))


class StaticSiteConnector:
    """Publishes articles as pages of a static website in ``path``.

    ``base_url`` is where the folder is served, for the absolute links of the
    RSS feed and the sitemap; without it they point at the folder's file://
    address. ``clock`` stamps our writes (tests pass their own).
    """

    schedules_itself = False

    def __init__(self, path: Path, media: MediaCache, *, base_url: str | None = None,
                 title: str = "Новини", per_page: int = 20,
                 clock: Callable[[], datetime] | None = None) -> None:
        if per_page < 1:
            raise ValueError(f"per_page must be positive, got {per_page}")
        self.root = Path(path)
        self.media = media
        self.clock = clock or (lambda: datetime.now(UTC))
        if base_url:
            parts = urlsplit(base_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise SiteSetupError(tr("the site address {url} must start with http:// or "
                                        "https://", url=base_url))
            absolute_base = base_url.rstrip("/") + "/"
        else:
            absolute_base = self.root.resolve().as_uri().rstrip("/") + "/"
        self.renderer = SiteRenderer(title=title, per_page=per_page,
                                     absolute_base=absolute_base, served=bool(base_url))
        self.folder = SiteFolder(self.root, self.renderer)

    # ----------------------------------------------------------- interface

    def publish(self, post: OutgoingPost, known: RemoteRef | None,
                overwrite: bool = False) -> RemoteRef:
        """A folder cannot hold a post back, so the queue sends a scheduled
        post only when it is due, ``is_future`` still set (its article becomes
        published once every site has it). Such a post goes out at once,
        dated ``scheduled_at``: the queue's clock, not ours, says it is due."""
        now = self.clock()
        self.folder.prepare(now)
        with site_errors(self.root), folder_lock(self.root):
            return self._publish(self.folder.load(), post, known, overwrite, now)

    def unpublish(self, known: RemoteRef) -> RemoteRef:
        """Idempotent: a post that is already gone counts as taken off."""
        gone = RemoteRef(remote_id=known.remote_id, url=known.url, modified=None,
                         status="trash", public=False)
        with site_errors(self.root):
            if Manifest.load(self.root) is None:
                return gone
        with site_errors(self.root), folder_lock(self.root):
            manifest = self.folder.load()
            entry = manifest.posts.pop(known.remote_id, None)
            if entry is not None:
                manifest.retired[entry.slug] = None
                self.folder.commit(manifest)
            self.folder.settle(manifest, self.clock())
        return gone

    def find(self, post: OutgoingPost) -> RemoteRef | None:
        with site_errors(self.root):
            entry = self.folder.load().posts.get(post.uuid)
            if entry is None:
                return None
            page = self.folder.read_page(entry.slug)
        return self._ref(entry, _marker(sha256(page) if page is not None
                                        else entry.page_sha256))

    def fetch(self, known: RemoteRef) -> RemotePost:
        with site_errors(self.root):
            entry = self.folder.load().posts.get(known.remote_id)
            page = self.folder.read_page(entry.slug) if entry is not None else None
        if entry is None or page is None:
            raise _gone(known.remote_id)
        return self._remote_post(entry, page)

    def run_due(self) -> None:
        """Nothing to do: the queue itself sends a scheduled post when due."""

    def list_posts(self, page: int, per_page: int = 100,
                   modified_after: str | None = None) -> PostPage:
        """Oldest change first. ``modified_after`` is an ISO 8601 time compared
        with when we last wrote each page (the pages' change markers are
        hashes, which have no order)."""
        if page < 1 or per_page < 1:
            raise Rejected(tr("page and page size must be positive"))
        after: datetime | None = None
        if modified_after:
            try:
                after = datetime.fromisoformat(modified_after.replace("Z", "+00:00"))
            except ValueError:
                raise Rejected(tr("{value} is not a date and time",
                                  value=modified_after)) from None
            if after.tzinfo is None:
                after = after.replace(tzinfo=UTC)
        with site_errors(self.root):
            entries = sorted((e for e in self.folder.load().posts.values()
                              if after is None or e.modified_at > after),
                             key=lambda e: (e.modified_at, e.uuid))
            chunk = entries[(page - 1) * per_page:page * per_page]
            posts = tuple(self._remote_post(e, self.folder.read_page(e.slug)) for e in chunk)
        total = len(entries)
        return PostPage(posts=posts, total=total, total_pages=-(-total // per_page))

    def close(self) -> None:
        """Nothing is held open between calls."""

    # ------------------------------------------------------------- helpers

    def _ref(self, entry: Entry, modified: str) -> RemoteRef:
        return RemoteRef(remote_id=entry.uuid, url=article_dir(entry.slug), modified=modified,
                         status="publish", public=False)

    def _remote_post(self, entry: Entry, page: bytes | None) -> RemotePost:
        """The post as the page on disk shows it, hand edits included."""
        text = page.decode("utf-8", errors="replace") if page is not None else ""
        return RemotePost(
            remote_id=entry.uuid, url=article_dir(entry.slug), slug=entry.slug,
            title=page_title(text) or entry.title, content_html=sanitize_html(page_body(text)),
            excerpt_html=f"<p>{escape(entry.lead)}</p>" if entry.lead else "",
            date_gmt=entry.published.astimezone(UTC),
            modified=_marker(sha256(page) if page is not None else entry.page_sha256),
            status="publish", categories=(entry.section,) if entry.section else (),
            tags=entry.tags, uuid=entry.uuid)

    def _publish(self, manifest: Manifest, post: OutgoingPost, known: RemoteRef | None,
                 overwrite: bool, now: datetime) -> RemoteRef:
        entry = manifest.posts.get(known.remote_id if known is not None else post.uuid)
        if known is not None and entry is None:
            raise _gone(known.remote_id)
        slug = self._choose_slug(post, manifest, entry)
        # Photos first: named by their hash, they are harmless if a conflict
        # stops us below, and the page needs their size.
        paths = {image.sha256: self.folder.store_media(image, self.media)
                 for image in [*([post.featured] if post.featured else []), *post.images]}
        published = (post.published_at or (post.scheduled_at if post.is_future else None)
                     or (entry.published if entry else None) or now)
        related = self._related(post, manifest, slug)
        page = self._render(post, slug, published, paths, related)
        sha = sha256(page)
        if entry is not None and not overwrite:
            self._check_unchanged(entry, known, sha)

        self.folder.ensure_base(manifest, now)
        self.folder.ensure_section(manifest, post.section, now)
        self.folder.write_page(slug, page)
        if entry is not None:
            del manifest.posts[entry.uuid]
            if entry.slug != slug:
                manifest.retired[entry.slug] = slug
        section = (post.section or "").strip()
        manifest.posts[post.uuid] = Entry(
            uuid=post.uuid, article_id=post.article_id, slug=slug, title=post.title,
            section=section or None, lead=post.lead.strip(), tags=post.tags,
            published=published, modified_at=now, page_sha256=sha, revision=post.revision,
            featured=paths[post.featured.sha256] if post.featured else None,
            links=tuple(sorted(related)))
        self.folder.commit(manifest)
        self.folder.settle(manifest, now)
        return self._ref(manifest.posts[post.uuid], _marker(sha))

    def _check_unchanged(self, entry: Entry, known: RemoteRef | None, sha: str) -> None:
        """Refuse to overwrite a page edited by hand since we wrote it.

        Accepted as ours: what we are about to write (an earlier attempt wrote
        it and stopped before the manifest), the version the manifest records
        (and the one before a related-link fix), and the version the caller
        last saw (after "take the site's version")."""
        page = self.folder.read_page(entry.slug)
        if page is None:
            if known is not None:
                raise _gone(entry.uuid)
            return
        current = _marker(sha256(page))
        ours = {_marker(sha), _marker(entry.page_sha256)}
        if entry.page_sha256_before:
            ours.add(_marker(entry.page_sha256_before))
        if known is not None and known.modified:
            ours.add(known.modified)
        if current not in ours:
            raise RemoteChanged(tr("the page {path} was edited on the site since it was "
                                   "published", path=page_path(article_dir(entry.slug))),
                                self._ref(entry, current))

    def _choose_slug(self, post: OutgoingPost, manifest: Manifest,
                     entry: Entry | None) -> str:
        """The post's slug, numbered when another article, one of the site's
        own folders or a folder someone put there by hand has it."""
        base = slugify(post.slug or post.title)

        def taken(candidate: str) -> bool:
            if candidate in RESERVED:
                return True
            owner = manifest.by_slug(candidate)
            if owner is not None:
                return owner.uuid != post.uuid
            folder = self.root / candidate
            if not folder.exists():
                return False
            page = self.folder.read_page(candidate)
            if page is None:  # ours if empty: an earlier run stopped after mkdir
                return not folder.is_dir() or any(folder.iterdir())
            return f'<meta name="newsroom-uuid" content="{post.uuid}">'.encode() not in page

        if entry is not None and not taken(entry.slug) and (
                entry.slug == base or (entry.slug.startswith(f"{base}-")
                                       and entry.slug[len(base) + 1:].isdigit())):
            return entry.slug  # keep "x-2" even when "x" has been freed since
        return unique_slug(base, taken)

    def _related(self, post: OutgoingPost, manifest: Manifest, slug: str) -> dict[str, str]:
        """slug → title of each "Читайте також" entry with a page on this site."""
        by_url = {article_dir(e.slug): e for e in manifest.posts.values()}

        def link(target: RelatedTarget) -> str | None:
            url = (target.url or "").strip()
            for prefix in (self.renderer.absolute_base, "../", "./", "/"):
                url = url.removeprefix(prefix)
            entry = by_url.get(url.removesuffix(INDEX))
            if entry is None or entry.uuid == post.uuid or entry.slug == slug:
                return None
            return entry.slug if self.folder.read_page(entry.slug) is not None else None

        found: dict[str, str] = {}
        for item in related_items(post, link):
            found.setdefault(item.url, item.title)
        return found

    def _render(self, post: OutgoingPost, slug: str, published: datetime,
                paths: dict[str, str], related: dict[str, str]) -> bytes:
        here = page_path(article_dir(slug))
        section = (post.section or "").strip()
        featured: Featured | None = None
        if post.featured is not None:
            path = paths[post.featured.sha256]
            size: tuple[int, int] | None = None
            with suppress(OSError), Image.open(self.root / path) as picture:
                size = picture.size  # only the header is read
            featured = Featured(src=relative(here, path), alt=post.featured.alt,
                                caption=post.featured.caption,
                                width=size[0] if size else None,
                                height=size[1] if size else None)
        images = {image.source: relative(here, paths[image.sha256])
                  for image in post.images if image.source}
        view = ArticleView(
            uuid=post.uuid, title=post.title, section=section or None,
            section_href=(relative(here, page_path(section_dir(slugify(section))))
                          if section else ""),
            published=published, lead=post.lead.strip(), body_html=body_html(post, images),
            signature_html=signature_html(post.signature) if post.signature.strip() else "",
            related=[RelatedItem(title, relative(here, page_path(article_dir(s))))
                     for s, title in related.items()],
            featured=featured)
        return self.renderer.article(slug, view).encode("utf-8")

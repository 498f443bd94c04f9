"""The connector interface: what the publish queue and the archive pull need
from a website, and the data they hand over.

The worker builds an :class:`OutgoingPost` from the database, then calls a
connector with no database transaction open (a slow site must not hold locks).
Connectors know nothing about the database: what they must remember between
calls (uploaded photos, term ids) goes through the small :class:`MediaCache`
and :class:`TermCache` interfaces, which the worker backs with tables and
which commit at once, so a photo uploaded just before a failed create is not
uploaded again on the retry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Protocol

from newsroom.text.article_page import RelatedItem, related_html, signature_html
from newsroom.text.markdown_render import markdown_to_html
from newsroom.text.sanitize import sanitize_html


@dataclass(frozen=True)
class OutgoingImage:
    """A picture the post shows: the featured photo or one inside the body.

    ``source`` is the address as written in the body's Markdown (a ``file:``
    URL for pictures inserted from disk; empty for a featured photo that is
    not in the body). ``load`` reads the original bytes only when the photo
    has to be uploaded. ``sha256`` is of the original file.
    """

    sha256: str
    filename: str
    mime: str
    load: Callable[[], bytes]
    source: str = ""
    alt: str = ""
    caption: str = ""


@dataclass(frozen=True)
class RelatedTarget:
    """A "Читайте також" entry. ``url`` is the related article's address on
    the site being published to (its ``RemoteRef.url``), or None when it is not
    on that site: such an entry is left out rather than linked nowhere."""

    article_id: int
    title: str
    slug: str
    url: str | None


@dataclass(frozen=True)
class OutgoingPost:
    """One article as a site receives it. Times are aware UTC."""

    article_id: int
    uuid: str
    revision: int
    title: str
    slug: str
    lead: str
    body_markdown: str
    body_html: str | None
    signature: str
    section: str | None
    tags: tuple[str, ...]
    published_at: datetime | None
    scheduled_at: datetime | None
    updated_at: datetime
    featured: OutgoingImage | None = None
    images: tuple[OutgoingImage, ...] = ()
    related: tuple[RelatedTarget, ...] = ()

    @property
    def is_future(self) -> bool:
        """Scheduled for later: the site must hold it until ``scheduled_at``."""
        return self.scheduled_at is not None and self.published_at is None


@dataclass(frozen=True)
class RemoteRef:
    """A post as a site knows it.

    ``modified`` is the site's change marker (WordPress ``modified_gmt``, a
    static site's content hash); ``status`` the site's own word for its state
    (``publish``, ``future``, ``trash``…). ``public`` says whether ``url`` is an
    address readers can open from anywhere (a static folder's relative path is
    not).
    """

    remote_id: str
    url: str
    modified: str | None
    status: str
    public: bool = True


@dataclass(frozen=True)
class RemotePost:
    """A post read from a site, for the archive pull and for comparing."""

    remote_id: str
    url: str
    slug: str
    title: str
    content_html: str
    excerpt_html: str
    date_gmt: datetime | None
    modified: str
    status: str
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    uuid: str | None = None


@dataclass(frozen=True)
class PostPage:
    """One page of posts; ``total`` and ``total_pages`` from the site's
    counters (X-WP-Total) for a progress bar; ``server_time`` the site's own
    clock when it answered (ISO, UTC), if it says, for the pull's watermark."""

    posts: tuple[RemotePost, ...]
    total: int
    total_pages: int
    server_time: str | None = None


class MediaCache(Protocol):
    """Photos already on the site, by the SHA-256 of the original file."""

    def get(self, sha256: str) -> tuple[str, str] | None:
        """(remote id, url) of the uploaded photo, or None."""

    def put(self, sha256: str, remote_id: str, url: str) -> None:
        """Remember an upload; must be durable when it returns."""


class TermCache(Protocol):
    """Category and tag ids on the site, by taxonomy and case-folded name."""

    def get(self, taxonomy: str, name: str) -> str | None: ...

    def put(self, taxonomy: str, name: str, remote_id: str) -> None: ...


@dataclass
class MemoryMediaCache:
    """A cache that lives as long as the object; for tests and one-off runs."""

    items: dict[str, tuple[str, str]] = field(default_factory=dict)

    def get(self, sha256: str) -> tuple[str, str] | None:
        return self.items.get(sha256)

    def put(self, sha256: str, remote_id: str, url: str) -> None:
        self.items[sha256] = (remote_id, url)


@dataclass
class MemoryTermCache:
    items: dict[tuple[str, str], str] = field(default_factory=dict)

    def get(self, taxonomy: str, name: str) -> str | None:
        return self.items.get((taxonomy, name.casefold()))

    def put(self, taxonomy: str, name: str, remote_id: str) -> None:
        self.items[(taxonomy, name.casefold())] = remote_id


class Connector(Protocol):
    """A website the queue publishes to.

    Every method raises only :mod:`newsroom.sync.errors` classes for failures
    a site can cause, and never retries on its own beyond one request (the
    queue owns retries and backoff).
    """

    #: True when the site publishes a scheduled post by itself at its time
    #: (WordPress ``future``); False when the queue must send it when due.
    schedules_itself: bool

    def publish(self, post: OutgoingPost, known: RemoteRef | None,
                overwrite: bool = False) -> RemoteRef:
        """Create the post (``known`` None) or update it.

        An update first compares the site's change marker with
        ``known.modified`` and raises :class:`RemoteChanged` when they differ,
        unless ``overwrite``. A post deleted on the site raises
        :class:`RemoteGone`. The post goes out as scheduled (``future`` at
        ``scheduled_at``) when ``post.is_future``, else as published.
        """

    def unpublish(self, known: RemoteRef) -> RemoteRef:
        """Take the post off the site (WordPress: to the trash)."""

    def find(self, post: OutgoingPost) -> RemoteRef | None:
        """Look for a post an earlier, unanswered create may have made."""

    def fetch(self, known: RemoteRef) -> RemotePost:
        """The post as the site has it now; :class:`RemoteGone` if deleted."""

    def run_due(self) -> None:
        """Ask the site to publish what is due (WordPress: wp-cron)."""

    def list_posts(self, page: int, per_page: int = 100,
                   modified_after: str | None = None) -> PostPage:
        """Published posts changed after ``modified_after``, in a stable order
        that edits do not change (WordPress: by id), for the archive pull."""

    def close(self) -> None: ...


# ------------------------------------------------------------------ content

_IMAGE_SOURCE = re.compile(r"(!\[[^\]\n]*\]\()(<[^>\n]*>|[^)\s]+)")


def replace_image_sources(markdown: str, urls: Mapping[str, str]) -> str:
    """Point the body's pictures at their uploaded copies.

    ``urls`` maps a source as written in the Markdown to its address on the
    site; sources not in it stay as they are (the sanitiser then drops
    ``file:`` pictures that could not be sent rather than link to a PC).
    """
    if not urls:
        return markdown

    def swap(match: re.Match[str]) -> str:
        source = match.group(2)
        bare = source[1:-1] if source.startswith("<") else source
        new = urls.get(bare)
        return match.group(0) if new is None else f"{match.group(1)}<{new}>"

    return _IMAGE_SOURCE.sub(swap, markdown)


def image_sources(markdown: str) -> list[str]:
    """Every picture address in the body, in order, without repeats."""
    seen: dict[str, None] = {}
    for match in _IMAGE_SOURCE.finditer(markdown):
        source = match.group(2)
        seen.setdefault(source[1:-1] if source.startswith("<") else source)
    return list(seen)


def body_html(post: OutgoingPost, image_urls: Mapping[str, str]) -> str:
    """The body as safe HTML: the original HTML of a pulled article that was
    never edited, else the Markdown with pictures pointed at the site."""
    if post.body_html is not None:
        return sanitize_html(post.body_html)
    return markdown_to_html(replace_image_sources(post.body_markdown, image_urls))


def related_items(post: OutgoingPost, link: Callable[[RelatedTarget], str | None]
                  ) -> list[RelatedItem]:
    """The "Читайте також" entries that have an address on this site."""
    items = []
    for target in post.related:
        url = link(target)
        if url:
            items.append(RelatedItem(title=target.title, url=url))
    return items


def post_content_html(post: OutgoingPost, image_urls: Mapping[str, str],
                      related: Sequence[RelatedItem], locale: str = "uk") -> str:
    """The post's content as a site that shows title and date itself wants
    it: lead, body, signature and the "Читайте також" list."""
    parts = []
    if post.lead.strip():
        parts.append(f'<p class="lead"><strong>{escape(post.lead.strip())}</strong></p>')
    parts.append(body_html(post, image_urls))
    if post.signature.strip():
        parts.append(signature_html(post.signature))
    if related:
        parts.append(related_html(related, locale))
    return "\n".join(parts)

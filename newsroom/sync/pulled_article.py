"""How a post read from a website becomes an article's fields.

Pure functions, no database: the archive pull (:mod:`newsroom.sync.pull`)
calls them for every post, and they are tested on their own with plain HTML.

Rules worth knowing:

* **Lead.** The post's excerpt, as plain text. WordPress writes an excerpt by
  itself (the first 55 words of the content and ``[…]``) when nobody typed
  one, and some editors paste the opening paragraph into the excerpt field.
  Either way the "lead" would then repeat the body's first words, and since
  publishing puts the lead above the body, the site would show them twice.
  So an excerpt whose words (without a trailing ``[…]`` / ``…``) are the
  first words of the content is treated as no lead at all.
* **Body.** The content HTML with what our own publishing wrapped around the
  body (lead, signature, "Читайте також"; see
  :func:`newsroom.sync.connectors.base.post_content_html`) taken off, so a post
  we published ourselves does not get its lead and signature twice. That HTML
  is kept as ``source_html`` (published as it is until someone edits the
  article) and converted to the house Markdown for editing.
* **Slug.** WordPress hands Cyrillic slugs out percent-encoded; the decoded
  slug is kept as it is (not transliterated), so re-publishing a pulled article
  keeps its old address and links to it from elsewhere keep working.
* **Section.** The first category that is not WordPress's default one
  («Uncategorized», «Без категорії»): a post filed under nothing must not make
  every archive article land in a section called "Uncategorized".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote

from newsroom.services.articles import MAX_LEAD
from newsroom.sync.connectors.base import RemotePost
from newsroom.text.paste import html_to_markdown
from newsroom.text.slugs import slugify

MAX_SLUG = 200
"""The articles table's slug column, and WordPress's own limit."""

#: Names WordPress gives its default category ("id 1") in the languages the
#: office's sites use; compared case-folded.
DEFAULT_CATEGORIES = frozenset({"uncategorized", "без категорії", "без рубрики",
                                "без категории"})

# What base.post_content_html adds around the body when we publish.
_OUR_PARTS = re.compile(
    r'<p class="lead">.*?</p>|<p class="signature">.*?</p>'
    r'|<section class="related">.*?</section>', re.S)
_INVISIBLE = re.compile(r"<(script|style|head|template)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
# "[…]", "[...]" (WordPress's "more" marker, "[&hellip;]" before decoding)…
_MORE_MARK = re.compile(r"\s*\[\s*(?:…|\.\.\.)\s*\]\s*$")
# …and a bare "…" / "...", which a cut excerpt may end with instead.
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*$")
# WordPress "texturizes" rendered content (typographic quotes, dashes) but not
# a typed excerpt; compared, the two spellings must count as the same words.
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"',
                             "„": '"', "«": '"', "»": '"', "–": "-", "—": "-", "\u2011": "-"})
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_BAD_IN_SLUG = re.compile(r"[\s/?#\\\x00-\x1f\x7f\ufffd]")


@dataclass(frozen=True)
class PulledFields:
    """An article's fields as a post gives them (``source_html`` is what
    publishing sends until the article is edited)."""

    title: str
    lead: str
    body: str
    source_html: str
    slug: str
    section: str | None
    tags: tuple[str, ...]
    published_at: datetime | None


def plain_text(fragment: str) -> str:
    """Visible text of an HTML fragment on one line: tags and comments gone,
    entities decoded, runs of whitespace (non-breaking spaces too) made one space."""
    text = _TAG.sub(" ", _INVISIBLE.sub(" ", fragment))
    return " ".join(html.unescape(text).split())


def clean_title(title: str) -> str:
    """The title as one line of text; an empty result means the post is unusable."""
    return " ".join(html.unescape(_TAG.sub(" ", title)).split())


def site_body_html(content_html: str) -> str:
    """The content without the parts our own publishing wraps around a body."""
    return _OUR_PARTS.sub("", content_html).strip()


def lead_from_excerpt(excerpt_html: str, content_html: str) -> str:
    """The lead: the excerpt as plain text, or "" when it only repeats the
    content's opening words (WordPress's automatic excerpt, see the module
    docstring). Cut at a word to the lead's length limit."""
    excerpt = _MORE_MARK.sub("", plain_text(excerpt_html))
    words = _comparable(_ELLIPSIS.sub("", excerpt)).split()
    if not words:
        return ""
    opening = _comparable(plain_text(content_html)).split()[:len(words)]
    # The last word may be cut before its punctuation ("питань…" for "питань.").
    if (len(opening) == len(words) and words[:-1] == opening[:-1]
            and opening[-1].startswith(words[-1])):
        return ""
    return _cut(excerpt, MAX_LEAD)


def decode_slug(slug: str) -> str:
    """A WordPress slug as readers see it: ``%d0%bd%d0%be…`` → ``но…``.

    Connectors may already have decoded it: a slug with no ``%XX`` in it is
    returned as it is, only stripped and lower-cased (WordPress's slugs are).
    """
    slug = slug.strip()
    if _PERCENT.search(slug):
        slug = unquote(slug, errors="replace")
    return slug.lower()


def local_slug(slug: str, title: str) -> str:
    """The slug an article pulled from this post should have (before making
    it unique): the site's own, decoded, or one made from the title when the
    site's is empty or unusable as an address part."""
    decoded = decode_slug(slug).strip("-")
    if not decoded or len(decoded) > MAX_SLUG or _BAD_IN_SLUG.search(decoded):
        return slugify(title)
    return decoded


def section_of(categories: tuple[str, ...]) -> str | None:
    """The first real category, skipping WordPress's default one."""
    for name in categories:
        clean = " ".join(html.unescape(name).split())
        if clean and clean.casefold() not in DEFAULT_CATEGORIES:
            return clean
    return None


def tag_names(tags: tuple[str, ...]) -> tuple[str, ...]:
    """Tag names, cleaned, once each (compared case-folded, as the taxonomy does)."""
    seen: dict[str, str] = {}
    for name in tags:
        clean = " ".join(html.unescape(name).split())
        if clean and len(clean) <= 200:
            seen.setdefault(clean.casefold(), clean)
    return tuple(seen.values())


def parse_modified(marker: str) -> datetime | None:
    """A WordPress ``modified_gmt`` (no offset, UTC) as an aware datetime, or
    None for a marker that is not a time (a static site's content hash)."""
    if not _TIME.match(marker.strip()):
        return None
    try:
        moment = datetime.fromisoformat(marker.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def fields_of(post: RemotePost) -> PulledFields:
    """Everything an article takes from a post. Raises nothing: whether the
    result is usable (a title, sizes) is for the caller to check."""
    source = site_body_html(post.content_html)
    title = clean_title(post.title)
    return PulledFields(
        title=title,
        lead=lead_from_excerpt(post.excerpt_html, source),
        body=html_to_markdown(source),
        source_html=source,
        slug=local_slug(post.slug, title),
        section=section_of(post.categories),
        tags=tag_names(post.tags),
        published_at=post.date_gmt.astimezone(UTC) if post.date_gmt is not None else None,
    )


def public_url(url: str) -> str | None:
    """The post's address if readers can open it (a static site's folder path
    cannot be linked from another page as it is)."""
    url = url.strip()
    return url if url.lower().startswith(("http://", "https://")) else None


def _comparable(text: str) -> str:
    return text.translate(_TYPOGRAPHY).casefold()


def _cut(text: str, limit: int) -> str:
    """``text`` at most ``limit`` characters long, cut after a whole word."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip() + "…"

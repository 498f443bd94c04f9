"""The article as the website shows it, rendered for preview and export.

The editor's preview and the exported page come from this one function so that
what an editor approves is what readers get. Every piece of text is escaped and
every piece of HTML sanitised here, whatever its source, because the same page
also shows articles imported from the old website, whose HTML nobody vetted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from newsroom.text.dates import KYIV, format_article_datetime
from newsroom.text.markdown_render import markdown_to_html
from newsroom.text.sanitize import sanitize_html

RELATED_HEADINGS = {"uk": "Читайте також", "en": "Read also"}
DEFAULT_LANGUAGE = "uk"


@dataclass(frozen=True, slots=True)
class RelatedItem:
    """A link to another article, listed under the body."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """What the page needs to show one article.

    ``body_html`` is the original HTML of an imported article; when present it
    is shown instead of ``body_markdown`` (still sanitised), so an old article
    looks as it did on the old site instead of a lossy Markdown round trip.
    """

    title: str
    section: str | None
    published_at: datetime | None
    body_markdown: str
    signature: str | None
    related: Sequence[RelatedItem]
    lead: str | None = None
    body_html: str | None = None


def _language(locale: str) -> str:
    """Reduce "en_GB" or "uk-UA" to the language the headings are kept for."""
    return locale.replace("-", "_").split("_", 1)[0].lower()


def _unique_related(items: Sequence[RelatedItem]) -> list[RelatedItem]:
    """Drop repeated links, keeping the first, since editors pick related
    articles by hand and the same one is easily picked twice."""
    seen: set[str] = set()
    unique: list[RelatedItem] = []
    for item in items:
        key = item.url.strip()
        if key in seen:
            continue
        seen.add(key)
        unique.append(item)
    return unique


def _text_with_breaks(text: str) -> str:
    """Escape text, keeping the line breaks a signature is typed with."""
    return "<br>".join(escape(line) for line in text.strip().splitlines())


def signature_html(signature: str) -> str:
    """The unit's signature under the body, line breaks kept."""
    return f'<p class="signature">{_text_with_breaks(signature)}</p>'


def _published_html(published_at: datetime, locale: str) -> str:
    shown = format_article_datetime(published_at, locale)
    machine = published_at.astimezone(KYIV).isoformat(timespec="seconds")
    return f'<time datetime="{escape(machine)}">{escape(shown)}</time>'


def related_html(items: Sequence[RelatedItem], locale: str = DEFAULT_LANGUAGE) -> str:
    """Render the related links through the sanitiser.

    Escaping alone would still let a stored "javascript:" address through, so
    each link passes the same URL policy as the body does.
    """
    heading = RELATED_HEADINGS.get(_language(locale), RELATED_HEADINGS[DEFAULT_LANGUAGE])
    entries = "".join(
        "<li>"
        + sanitize_html(f'<a href="{escape(item.url.strip())}">{escape(item.title)}</a>')
        + "</li>"
        for item in _unique_related(items)
    )
    return f'<section class="related"><h2>{escape(heading)}</h2><ul>{entries}</ul></section>'


def render_article_fragment(page: ArticlePage, locale: str = "uk") -> str:
    """Render an article as an ``<article class="news">`` HTML fragment."""
    header = [f"<h1>{escape(page.title)}</h1>"]
    if page.section:
        header.append(f'<p class="section">{escape(page.section)}</p>')
    if page.published_at is not None:
        header.append(_published_html(page.published_at, locale))

    parts = ['<article class="news">', "<header>", *header, "</header>"]
    if page.lead and page.lead.strip():
        parts.append(f'<p class="lead">{escape(page.lead.strip())}</p>')
    body = (
        sanitize_html(page.body_html)
        if page.body_html is not None
        else markdown_to_html(page.body_markdown)
    )
    parts.append(f'<div class="body">{body}</div>')
    if page.signature and page.signature.strip():
        parts.append(signature_html(page.signature))
    if page.related:
        parts.append(related_html(page.related, locale))
    parts.append("</article>")
    return "\n".join(parts)

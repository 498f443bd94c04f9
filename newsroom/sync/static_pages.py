"""The static news site's pages, rendered with Jinja2 from the site's manifest.

Every page links to the others by relative paths ending in ``index.html``: the
folder must work from any sub-path of a web server and straight from disk
(file://), where a link to a folder opens a file listing instead of its page.
Only feeds and sitemaps, which readers' programs fetch from elsewhere, carry
absolute addresses.

Article pages depend on nothing but their own article, so publishing one
article never rewrites another's page (only moving or removing one repoints
or drops the "Читайте також" links to it); home, section pages, RSS and
sitemap are lists and are rebuilt from the manifest each time something
changes.
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from newsroom.config import resources_dir
from newsroom.text.article_page import RelatedItem
from newsroom.text.dates import KYIV, format_article_datetime
from newsroom.text.slugs import slugify

#: No script may run on the site, whatever an article carries: the sanitiser
#: is the first line of defence, this policy the second.
CSP = ("default-src 'none'; img-src 'self' data: https: http:; style-src 'self'; "
       "base-uri 'none'; form-action 'none'")
RSS_ITEMS = 50
SECTIONS_DIR = "rozdil"
PAGES_DIR = "page"
MEDIA_DIR = "media"
INDEX = "index.html"
#: Folder names of the site itself, never given to an article.
RESERVED = frozenset({SECTIONS_DIR, PAGES_DIR, MEDIA_DIR})
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,198}[a-z0-9])?")
MEDIA_PATH = re.compile(r"media/[0-9a-f]{64}\.(?:jpg|png|webp|gif)")

_UK_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_UK_ORDER = {letter: index for index, letter in enumerate(_UK_ALPHABET)}


def _uk_sort_key(text: str) -> tuple[int, ...]:
    """Ukrainian alphabetical order; plain code points would put «Євро» and
    «Інше» after «Я», since є, і, ї and ґ lie outside the а–я block."""
    return tuple(_UK_ORDER.get(char, 1000 + ord(char)) for char in text.casefold())


@dataclass(frozen=True)
class Entry:
    """One published article as the manifest remembers it: enough to list it
    everywhere and to answer ``find``/``fetch`` without parsing pages."""

    uuid: str
    article_id: int
    slug: str
    title: str
    section: str | None
    lead: str
    tags: tuple[str, ...]
    published: datetime
    modified_at: datetime
    page_sha256: str
    revision: int
    featured: str | None = None
    #: Slugs this page's "Читайте також" has ever pointed at since it was last
    #: rendered (a superset), so a moved or removed article finds its referrers.
    links: tuple[str, ...] = ()
    #: The hash of our own previous version of the page while a related-link
    #: fix is being written (see StaticSiteConnector._settle).
    page_sha256_before: str | None = None

    @property
    def section_slug(self) -> str | None:
        return slugify(self.section) if self.section and self.section.strip() else None

    def to_json(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id, "slug": self.slug, "title": self.title,
            "section": self.section, "lead": self.lead, "tags": list(self.tags),
            "published": self.published.astimezone(UTC).isoformat(),
            "modified_at": self.modified_at.astimezone(UTC).isoformat(),
            "page_sha256": self.page_sha256, "revision": self.revision,
            "featured": self.featured, "links": list(self.links),
            "page_sha256_before": self.page_sha256_before,
        }

    @classmethod
    def from_json(cls, uuid: str, data: Mapping[str, Any]) -> Entry:
        """Raises ValueError for anything a hand edit could have broken: the
        slug and photo path end up in file paths and links."""
        slug, featured = str(data["slug"]), data.get("featured")
        if not SLUG.fullmatch(slug) or slug in RESERVED:
            raise ValueError(f"bad slug {slug!r}")
        if featured is not None and not MEDIA_PATH.fullmatch(str(featured)):
            raise ValueError(f"bad photo path {featured!r}")
        published = datetime.fromisoformat(str(data["published"]))
        modified_at = datetime.fromisoformat(str(data["modified_at"]))
        if published.tzinfo is None or modified_at.tzinfo is None:
            raise ValueError("naive datetime")
        section = data.get("section")
        return cls(uuid=uuid, article_id=int(data["article_id"]), slug=slug,
                   title=str(data["title"]), section=None if section is None else str(section),
                   lead=str(data.get("lead", "")),
                   tags=tuple(str(tag) for tag in data.get("tags", ())),
                   published=published, modified_at=modified_at,
                   page_sha256=str(data["page_sha256"]), revision=int(data["revision"]),
                   featured=None if featured is None else str(featured),
                   links=tuple(str(s) for s in data.get("links", ()) if SLUG.fullmatch(str(s))),
                   page_sha256_before=(None if data.get("page_sha256_before") is None
                                       else str(data["page_sha256_before"])))


@dataclass(frozen=True)
class Featured:
    src: str
    alt: str
    caption: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class ArticleView:
    """What the article template shows; ``body_html`` and ``signature_html``
    are already sanitised or escaped, everything else is plain text."""

    uuid: str
    title: str
    section: str | None
    section_href: str
    published: datetime
    lead: str
    body_html: str
    signature_html: str
    related: Sequence[RelatedItem]
    featured: Featured | None

    @property
    def date_text(self) -> str:
        return format_article_datetime(self.published, "uk")

    @property
    def datetime_attr(self) -> str:
        return self.published.astimezone(KYIV).isoformat(timespec="seconds")


def page_path(directory: str) -> str:
    """The file behind a folder address: ``"a/"`` → ``"a/index.html"``."""
    return f"{directory}{INDEX}"


def relative(from_file: str, to_file: str) -> str:
    """A link between two files given relative to the site root."""
    depth = from_file.count("/")
    return "../" * depth + to_file


def article_dir(slug: str) -> str:
    return f"{slug}/"


def section_dir(section_slug: str) -> str:
    return f"{SECTIONS_DIR}/{section_slug}/"


def _list_dir(base: str, number: int) -> str:
    return base if number == 1 else f"{base}{PAGES_DIR}/{number}/"


@functools.lru_cache(maxsize=4)
def _environment(folder: str) -> Environment:
    """One per template folder: the queue makes a connector for every job,
    and compiling the templates each time would be wasted work. Autoescape
    is on for every template; only sanitised HTML is marked ``|safe``."""
    return Environment(loader=FileSystemLoader(folder), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


class SiteRenderer:
    """Turns manifest entries into page text.

    ``absolute_base`` ends with "/" and is either the address the folder is
    served at (folder addresses are then enough) or the folder's file:// URI
    (``served`` False: file addresses need their ``index.html``).
    """

    def __init__(self, *, title: str, per_page: int, absolute_base: str, served: bool) -> None:
        self.title, self.per_page = title, per_page
        self.absolute_base, self.served = absolute_base, served
        self.env = _environment(str(resources_dir() / "site"))

    def absolute(self, directory: str) -> str:
        return self.absolute_base + (directory if self.served else page_path(directory))

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(site_title=self.title, csp=CSP,
                                                      **context)

    def stylesheet(self) -> bytes:
        return (resources_dir() / "site" / "style.css").read_bytes()

    def article(self, slug: str, view: ArticleView) -> str:
        here = page_path(article_dir(slug))
        return self._render("article.html.j2", post=view, root=relative(here, ""),
                            canonical=self.absolute(article_dir(slug)) if self.served else None)

    def lists(self, entries: Iterable[Entry], now: datetime,
              extra_sections: Mapping[str, str] | None = None) -> dict[str, str]:
        """Every list file of the site by its path: home and section pages,
        ``rss.xml`` and ``sitemap.xml``. ``extra_sections`` (slug → name) get
        a page even with no article in them yet."""
        ordered = sorted(entries, key=lambda e: (e.published, e.modified_at, e.slug),
                         reverse=True)
        sections: dict[str, tuple[str, list[Entry]]] = {
            key: (name, []) for key, name in (extra_sections or {}).items()}
        for entry in ordered:
            key = entry.section_slug
            if key is not None and entry.section is not None:
                sections.setdefault(key, (entry.section.strip(), []))[1].append(entry)
        names = sorted(((name, key) for key, (name, _) in sections.items()),
                       key=lambda pair: _uk_sort_key(pair[0]))
        files = self._paginate("", None, ordered, names, None)
        for key, (name, members) in sections.items():
            files.update(self._paginate(section_dir(key), name, members, names, key))
        files["rss.xml"] = self._rss(ordered[:RSS_ITEMS], now)
        files["sitemap.xml"] = self._sitemap(ordered, [key for _, key in names])
        return files

    def _paginate(self, base: str, heading: str | None, entries: Sequence[Entry],
                  sections: Sequence[tuple[str, str]], current: str | None) -> dict[str, str]:
        count = max(1, math.ceil(len(entries) / self.per_page))
        files = {}
        for number in range(1, count + 1):
            here = page_path(_list_dir(base, number))
            chunk = entries[(number - 1) * self.per_page:number * self.per_page]

            def link(directory: str, here: str = here) -> str:
                return relative(here, page_path(directory))

            items = [{
                "title": e.title, "href": link(article_dir(e.slug)), "lead": e.lead,
                "date_text": format_article_datetime(e.published, "uk"),
                "datetime_attr": e.published.astimezone(KYIV).isoformat(timespec="seconds"),
                "section": e.section,
                "section_href": link(section_dir(e.section_slug)) if e.section_slug else "",
                "thumb": relative(here, e.featured) if e.featured else None,
            } for e in chunk]
            files[here] = self._render(
                "list.html.j2", root=relative(here, ""), heading=heading, items=items,
                sections=[{"name": name, "href": link(section_dir(key)), "current": key == current}
                          for name, key in sections],
                page_number=number, page_count=count,
                previous_href=link(_list_dir(base, number - 1)) if number > 1 else None,
                next_href=link(_list_dir(base, number + 1)) if number < count else None,
                canonical=self.absolute(_list_dir(base, number)) if self.served else None)
        return files

    def _rss(self, entries: Sequence[Entry], now: datetime) -> str:
        items = [{"title": e.title, "url": self.absolute(article_dir(e.slug)), "uuid": e.uuid,
                  "pub_date": format_datetime(e.published.astimezone(UTC), usegmt=True),
                  "section": e.section, "lead": e.lead} for e in entries]
        return self._render("rss.xml.j2", home_url=self.absolute(""),
                            feed_url=self.absolute_base + "rss.xml",
                            build_date=format_datetime(now.astimezone(UTC), usegmt=True),
                            items=items)

    def _sitemap(self, entries: Sequence[Entry], section_slugs: Sequence[str]) -> str:
        newest = entries[0].modified_at.astimezone(UTC).date().isoformat() if entries else None
        urls = [{"loc": self.absolute(""), "lastmod": newest}]
        urls += [{"loc": self.absolute(section_dir(key)), "lastmod": None}
                 for key in section_slugs]
        urls += [{"loc": self.absolute(article_dir(e.slug)),
                  "lastmod": e.modified_at.astimezone(UTC).date().isoformat()} for e in entries]
        return self._render("sitemap.xml.j2", urls=urls)


_RELATED_BLOCK = re.compile(r"<!-- newsroom:related -->.*?<!-- /newsroom:related -->\n?", re.S)
_BODY_BLOCK = re.compile(r"<!-- newsroom:body -->(.*?)<!-- /newsroom:body -->", re.S)
_ARTICLE_BLOCK = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S | re.I)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")


def fix_related(page: str, moves: Mapping[str, str | None]) -> str:
    """Point an article page's "Читайте також" links away from moved (slug →
    new slug) or removed (slug → None) articles, dropping the list when it
    empties. Only our own markup between the markers is touched."""
    block = _RELATED_BLOCK.search(page)
    if block is None:
        return page
    text = block.group(0)
    for old, new in moves.items():
        href = f'href="../{old}/{INDEX}"'
        if new is None:
            text = re.sub(rf"<li><a {re.escape(href)}>.*?</a></li>\n?", "", text, flags=re.S)
        else:
            text = text.replace(href, f'href="../{new}/{INDEX}"')
    if "<li>" not in text:
        text = ""
    return page[:block.start()] + text + page[block.end():]


def page_title(page: str) -> str | None:
    """The article title as the page shows it now, hand edits included."""
    match = _H1.search(page)
    return html.unescape(_TAG.sub("", match.group(1))).strip() if match else None


def page_body(page: str) -> str:
    """The body as the page holds it (unsanitised: the caller sanitises).
    A page whose markers were edited away gives its whole article."""
    match = _BODY_BLOCK.search(page) or _ARTICLE_BLOCK.search(page)
    return match.group(1).strip() if match else ""

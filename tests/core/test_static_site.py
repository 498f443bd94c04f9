"""The static-site connector, on real folders: what readers get, and what is
left on disk when things go wrong half-way."""

from __future__ import annotations

import email.utils
import hashlib
import io
import json
import os
import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from newsroom.sync.connectors.base import (
    MemoryMediaCache,
    OutgoingImage,
    OutgoingPost,
    RelatedTarget,
    RemoteRef,
)
from newsroom.sync.connectors.static_site import StaticSiteConnector
from newsroom.sync.errors import (
    Rejected,
    RemoteChanged,
    RemoteGone,
    SiteSetupError,
    SyncError,
    Transient,
)

SEED_TITLE = "Соціальні служби та волонтерські організації поглиблюють взаємодію"
SEED_SIGNATURE = "Управління у справах преси та інформації"
SEED_LEAD = "Учасники засідання об’єднають зусилля для «Дня волонтера»"
SEED_BODY = ("До обговорення долучилися фахівці центрів соціальних служб для сім’ї, "
             "дітей та молоді.\n\nСторінка «волонтерський рух» з’явиться на сайті.")
SEED_TIME = datetime(2016, 7, 13, 7, 50, tzinfo=UTC)  # 10:50 in Kyiv (summer time)
RSS_NS = "{http://www.w3.org/2005/Atom}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XSS_BODY = """\
<script>document.body.setAttribute('data-xss','1')</script>
<img src=x onerror="document.body.setAttribute('data-xss','1')">
<svg onload="document.body.setAttribute('data-xss','1')"><circle r="1"/></svg>
<iframe src="javascript:document.body.setAttribute('data-xss','1')"></iframe>
<a href="javascript:document.body.setAttribute('data-xss','1')">посилання</a>
<a href=" JaVaScRiPt:alert(1)">ще одне</a>
<a href="jav&#x09;ascript:alert(1)">третє</a>
<p onclick="alert(1)" style="background:url(javascript:alert(1))">абзац</p>
<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">
<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>
</mtext></math>
<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>
[markdown](javascript:alert(1)) ![img](javascript:alert(1))
<details open ontoggle="alert(1)"><summary>s</summary></details>
<body onload="alert(1)"><base href="javascript:alert(1)//">
"""
#: The same as HTML imported from the old site (Markdown syntax would stay as text).
XSS_HTML = XSS_BODY.replace("[markdown](javascript:alert(1)) ![img](javascript:alert(1))",
                            '<img src="javascript:alert(1)">')


class Clock:
    """Time that moves one second per call, so every write has its own stamp."""

    def __init__(self, start: datetime = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def make_post(n: int, **changes: Any) -> OutgoingPost:
    fields: dict[str, Any] = {
        "article_id": n, "uuid": f"00000000-0000-4000-8000-{n:012d}", "revision": 1,
        "title": f"{SEED_TITLE} {n}", "slug": f"novyna-{n}", "lead": SEED_LEAD,
        "body_markdown": SEED_BODY, "body_html": None, "signature": SEED_SIGNATURE,
        "section": "Новини", "tags": ("волонтери",),
        "published_at": SEED_TIME + timedelta(minutes=n), "scheduled_at": None,
        "updated_at": SEED_TIME + timedelta(minutes=n),
    }
    fields.update(changes)
    return OutgoingPost(**fields)


def photo(width: int = 3000, height: int = 2000, color: tuple[int, int, int] = (200, 40, 40),
          calls: list[int] | None = None, source: str = "") -> OutgoingImage:
    """A JPEG with GPS coordinates in its EXIF, as a phone makes them."""
    image = Image.new("RGB", (width, height), color)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (47.0, 50.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    data = out.getvalue()

    def load() -> bytes:
        if calls is not None:
            calls.append(1)
        return data

    return OutgoingImage(sha256=hashlib.sha256(data).hexdigest(), filename="foto.jpg",
                         mime="image/jpeg", load=load, source=source, alt="Учасники засідання",
                         caption="Засідання круглого столу")


@dataclass
class Site:
    root: Path
    media: MemoryMediaCache = field(default_factory=MemoryMediaCache)
    clock: Clock = field(default_factory=Clock)
    per_page: int = 20
    base_url: str | None = None

    @property
    def connector(self) -> StaticSiteConnector:
        return StaticSiteConnector(self.root, self.media, base_url=self.base_url,
                                   per_page=self.per_page, clock=self.clock)

    def publish(self, post: OutgoingPost, known: RemoteRef | None = None,
                overwrite: bool = False) -> RemoteRef:
        return self.connector.publish(post, known, overwrite)

    def text(self, relative: str) -> str:
        return (self.root / relative).read_text("utf-8")

    def page(self, ref: RemoteRef) -> str:
        return self.text(f"{ref.url}index.html")

    def manifest(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.text(".newsroom/manifest.json"))
        return data


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path / "www")


class Links(HTMLParser):
    """Every address in a page, with its tag and attribute, and every attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
            if name in ("href", "src") and value is not None:
                self.links.append((tag, value))

    handle_startendtag = handle_starttag


def parse(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    parser.close()
    return parser


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def broken_links(root: Path) -> list[str]:
    """Relative links in every page that do not lead to a file."""
    broken = []
    for path in html_files(root):
        for tag, link in parse(path.read_text("utf-8")).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.append(f"{path.relative_to(root)}: <{tag}> {link}")
    return broken


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp") or ".newsroom-" in p.name]


def list_titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)


# ------------------------------------------------------------- article page

def test_the_article_page_looks_like_the_seed_page(site: Site) -> None:
    other = site.publish(make_post(2, title="Волонтери отримали подяки",
                                   section="Соціальний захист"))
    post = make_post(1, title=SEED_TITLE, related=(
        RelatedTarget(2, "Волонтери отримали подяки", "novyna-2", other.url),
        RelatedTarget(3, "Ще не на сайті", "novyna-3", None),
        RelatedTarget(4, "Видалена сторінка", "novyna-4", "novyna-4/"),
    ))
    ref = site.publish(post)

    assert ref == RemoteRef(remote_id=post.uuid, url="novyna-1/", modified=ref.modified,
                            status="publish", public=False)
    page = site.page(ref)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"uk\">")
    assert '<meta charset="utf-8">' in page
    assert f"<h1>{SEED_TITLE}</h1>" in page
    assert '<p class="section"><a href="../rozdil/novyny/index.html">Новини</a></p>' in page
    assert '<time datetime="2016-07-13T10:51:00+03:00">13 липня 2016 - 10:51</time>' in page
    assert f'<p class="lead">{SEED_LEAD}</p>' in page
    assert "<p>Сторінка «волонтерський рух» з’явиться на сайті.</p>" in page
    assert f'<p class="signature">{SEED_SIGNATURE}</p>' in page
    related = page[page.index("Читайте також"):]
    assert '<li><a href="../novyna-2/index.html">Волонтери отримали подяки</a></li>' in related
    assert "Ще не на сайті" not in page and "Видалена сторінка" not in page
    # Seed order: section, title, date, lead, body, signature, "Читайте також".
    marks = ['class="section"', "<h1>", "<time", 'class="lead"', "сім’ї", 'class="signature"',
             "Читайте також"]
    assert [page.index(m) for m in marks] == sorted(page.index(m) for m in marks)
    assert "Content-Security-Policy" in page and "default-src &#39;none&#39;" in page
    assert "<script" not in page.lower()
    assert broken_links(site.root) == []


def test_the_seed_time_is_kyiv_time(site: Site) -> None:
    ref = site.publish(make_post(1, published_at=SEED_TIME))
    assert "13 липня 2016 - 10:50" in site.page(ref)
    assert 'datetime="2016-07-13T10:50:00+03:00"' in site.page(ref)
    winter = site.publish(make_post(2, published_at=datetime(2016, 1, 5, 8, 5, tzinfo=UTC)))
    assert "5 січня 2016 - 10:05" in site.page(winter)


def test_the_featured_photo_is_shown_at_the_top(site: Site) -> None:
    image = photo()
    ref = site.publish(make_post(1, featured=image))
    page = site.page(ref)
    src = f"../media/{image.sha256}.jpg"
    assert (f'<img src="{src}" alt="Учасники засідання" width="1920" height="1280">') in page
    assert "<figcaption>Засідання круглого столу</figcaption>" in page
    assert page.index('class="featured"') < page.index('class="lead"')
    assert f'src="media/{image.sha256}.jpg"' in site.text("index.html")  # list thumbnail
    assert broken_links(site.root) == []


def test_photos_are_written_once_per_hash_small_and_without_metadata(site: Site) -> None:
    calls: list[int] = []
    image = photo(calls=calls)
    inline = replace(image, source="file:///C:/Users/olena/foto.jpg")
    body = SEED_BODY + "\n\n![Учасники](file:///C:/Users/olena/foto.jpg)"
    site.publish(make_post(1, featured=image))
    second = site.publish(make_post(2, body_markdown=body, images=(inline,)))
    site.publish(make_post(1, featured=image, revision=2, title="Оновлено"))

    assert calls == [1]
    files = list((site.root / "media").iterdir())
    assert [f.name for f in files] == [f"{image.sha256}.jpg"]
    assert f'src="../media/{image.sha256}.jpg"' in site.page(second)
    assert "file:" not in site.page(second)
    with Image.open(files[0]) as written:
        assert max(written.size) <= 1920
        assert dict(written.getexif()) == {}
    assert site.media.get(image.sha256) == (f"media/{image.sha256}.jpg",) * 2

    # The cache remembers it, but the folder lost it: it is written again.
    shutil.rmtree(site.root / "media")
    site.publish(make_post(1, featured=image, revision=3))
    assert (site.root / "media" / f"{image.sha256}.jpg").is_file() and calls == [1, 1]


def test_a_picture_that_cannot_be_published_is_refused(site: Site) -> None:
    bad = OutgoingImage(sha256="0" * 64, filename="a.tiff", mime="image/tiff", load=lambda: b"")
    with pytest.raises(Rejected):
        site.publish(make_post(1, featured=bad))
    assert not (site.root / "novyna-1").exists()


# ----------------------------------------------------- updates and removals

def test_an_update_rewrites_the_page_and_the_lists(site: Site) -> None:
    ref = site.publish(make_post(1))
    updated = site.publish(make_post(1, revision=2, title="Нова назва «з лапками»",
                                     section="Економіка"), ref)
    assert updated.url == ref.url and updated.modified != ref.modified
    assert len(updated.modified or "") == 40
    assert "Нова назва «з лапками»" in site.page(updated)
    assert list_titles(site.text("index.html")) == ["Нова назва «з лапками»"]
    assert (site.root / "rozdil/ekonomika/index.html").is_file()
    assert not (site.root / "rozdil/novyny").exists()  # no article left in it
    assert site.manifest()["posts"][ref.remote_id]["revision"] == 2


def test_a_slug_change_moves_the_page_and_repoints_links(site: Site) -> None:
    old = site.publish(make_post(1))
    reader = site.publish(make_post(2, related=(RelatedTarget(1, "Перша", "novyna-1", old.url),)))
    assert 'href="../novyna-1/index.html"' in site.page(reader)

    moved = site.publish(make_post(1, slug="nova-adresa", revision=2), old)
    assert moved.url == "nova-adresa/"
    assert not (site.root / "novyna-1").exists()
    assert (site.root / "nova-adresa/index.html").is_file()
    assert "novyna-1" not in site.text("index.html") + site.text("rss.xml")
    assert "novyna-1/" not in site.text("sitemap.xml")
    page = site.page(reader)
    assert 'href="../nova-adresa/index.html"' in page and "novyna-1" not in page
    assert broken_links(site.root) == []
    # The fixed page is still ours: updating it raises no conflict.
    site.publish(make_post(2, revision=2), reader)


def test_unpublish_takes_the_page_off_every_list(site: Site) -> None:
    keep = site.publish(make_post(1))
    gone = site.publish(make_post(2, section="Економіка"))
    reader = site.publish(make_post(3, related=(
        RelatedTarget(2, "Друга", "novyna-2", gone.url),
        RelatedTarget(1, "Перша", "novyna-1", keep.url))))

    result = site.connector.unpublish(gone)
    assert (result.remote_id, result.status, result.public) == (gone.remote_id, "trash", False)
    assert not (site.root / "novyna-2").exists()
    for listing in ("index.html", "rss.xml", "sitemap.xml"):
        assert "novyna-2" not in site.text(listing), listing
    assert not (site.root / "rozdil/ekonomika").exists()
    assert "Економіка" not in site.text("rozdil/novyny/index.html")
    related = site.page(reader)
    assert "novyna-2" not in related and 'href="../novyna-1/index.html"' in related
    assert gone.remote_id not in site.manifest()["posts"]
    assert broken_links(site.root) == []
    assert site.connector.find(make_post(2)) is None
    with pytest.raises(RemoteGone):
        site.connector.fetch(gone)
    # Again: already off the site, nothing to do.
    assert site.connector.unpublish(gone).status == "trash"
    # The last "Читайте також" entry gone: the heading goes too.
    site.connector.unpublish(keep)
    assert "Читайте також" not in site.page(reader)
    assert broken_links(site.root) == []


def test_an_update_of_a_post_deleted_from_the_folder_is_gone(site: Site) -> None:
    ref = site.publish(make_post(1))
    site.connector.unpublish(ref)
    with pytest.raises(RemoteGone):
        site.publish(make_post(1, revision=2), ref)
    assert site.publish(make_post(1, revision=2), None).url == "novyna-1/"


# --------------------------------------------------------------- the lists

def test_pagination_at_per_page(site: Site) -> None:
    for n in range(1, 46):
        site.publish(make_post(n, section="Новини" if n % 2 else "Економіка"))
    pages = ["index.html", "page/2/index.html", "page/3/index.html"]
    titles = [list_titles(site.text(p)) for p in pages]
    assert [len(t) for t in titles] == [20, 20, 5]
    assert [t for page in titles for t in page] == [f"{SEED_TITLE} {n}"
                                                    for n in range(45, 0, -1)]
    assert not (site.root / "page/4").exists()

    home, second, last = (site.text(p) for p in pages)
    assert 'rel="next" href="page/2/index.html"' in home and 'rel="prev"' not in home
    assert 'rel="prev" href="../../index.html"' in second
    assert 'rel="next" href="../../page/3/index.html"' in second
    assert 'rel="prev" href="../../page/2/index.html"' in last and 'rel="next"' not in last
    assert "Наступна сторінка" in home and "Попередня сторінка" in last
    assert "Сторінка 2 з 3" in second
    # Sections paginate too: 23 odd articles → two pages.
    assert len(list_titles(site.text("rozdil/novyny/page/2/index.html"))) == 3
    assert '<a href="../novyna-45/index.html">' not in second  # links relative to page/2/
    assert '<a href="../../novyna-25/index.html">' in second
    assert broken_links(site.root) == []

    for n in range(40, 46):
        site.connector.unpublish(RemoteRef(make_post(n).uuid, f"novyna-{n}/", None, "publish"))
    assert not (site.root / "page/3").exists()
    assert 'rel="next"' not in site.text("page/2/index.html")
    assert broken_links(site.root) == []


def test_rss_is_rss_2_with_the_newest_fifty_and_absolute_links(tmp_path: Path) -> None:
    site = Site(tmp_path / "www", base_url="https://oda.example.gov.ua/news")
    for n in range(1, 56):
        site.publish(make_post(n))
    rss = ET.fromstring(site.text("rss.xml"))
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel is not None
    assert channel.findtext("title") == "Новини" and channel.findtext("language") == "uk"
    assert channel.findtext("link") == "https://oda.example.gov.ua/news/"
    assert channel.find(f"{RSS_NS}link") is not None
    items = channel.findall("item")
    assert len(items) == 50
    assert [i.findtext("title") for i in items[:2]] == [f"{SEED_TITLE} 55", f"{SEED_TITLE} 54"]
    first = items[0]
    assert first.findtext("link") == "https://oda.example.gov.ua/news/novyna-55/"
    assert first.findtext("description") == SEED_LEAD
    assert first.findtext("guid") == f"urn:uuid:{make_post(55).uuid}"
    pub = email.utils.parsedate_to_datetime(first.findtext("pubDate") or "")
    assert pub == SEED_TIME + timedelta(minutes=55)
    # Served pages name their address for search engines.
    assert ('<link rel="canonical" href="https://oda.example.gov.ua/news/novyna-55/">'
            in site.text("novyna-55/index.html"))


def test_without_an_address_feeds_point_at_the_folder(site: Site) -> None:
    site.publish(make_post(1))
    rss = ET.fromstring(site.text("rss.xml"))
    link = rss.findtext("channel/item/link") or ""
    assert link == (site.root.resolve() / "novyna-1" / "index.html").as_uri()
    assert "canonical" not in site.text("novyna-1/index.html")


def test_the_sitemap_lists_every_page(site: Site) -> None:
    site.publish(make_post(1))
    site.publish(make_post(2, section="Економіка"))
    root = ET.fromstring(site.text("sitemap.xml"))
    assert root.tag == f"{SITEMAP_NS}urlset"
    locs = [u.findtext(f"{SITEMAP_NS}loc") or "" for u in root.findall(f"{SITEMAP_NS}url")]
    base = site.root.resolve().as_uri()
    assert locs == [f"{base}/index.html", f"{base}/rozdil/ekonomika/index.html",
                    f"{base}/rozdil/novyny/index.html", f"{base}/novyna-2/index.html",
                    f"{base}/novyna-1/index.html"]
    lastmods = [u.findtext(f"{SITEMAP_NS}lastmod") for u in root.findall(f"{SITEMAP_NS}url")]
    assert lastmods[-1] == "2024-03-01"


def test_sections_are_in_ukrainian_alphabetical_order(site: Site) -> None:
    for n, section in enumerate(["Юстиція", "Інфраструктура", "Економіка", "Агро"], 1):
        site.publish(make_post(n, section=section))
    nav = site.text("index.html").split('aria-label="Розділи"')[1].split("</nav>")[0]
    assert re.findall(r">([^<>\n]+)</a>", nav) == ["Агро", "Економіка", "Інфраструктура",
                                                  "Юстиція"]


# ---------------------------------------------------------------- conflicts

def test_a_page_edited_by_hand_is_not_overwritten_unnoticed(site: Site) -> None:
    ref = site.publish(make_post(1))
    path = site.root / "novyna-1/index.html"
    edited = path.read_text("utf-8").replace("<h1>", "<h1>Виправлено: ")
    path.write_text(edited, "utf-8")

    with pytest.raises(RemoteChanged) as caught:
        site.publish(make_post(1, revision=2, title="Наша нова назва"), ref)
    current = caught.value.current
    assert current.modified == hashlib.sha256(edited.encode()).hexdigest()[:40]
    assert path.read_text("utf-8") == edited  # nothing was sent

    fetched = site.connector.fetch(ref)
    assert fetched.title.startswith("Виправлено: ") and fetched.modified == current.modified
    assert "Сторінка «волонтерський рух»" in fetched.content_html
    assert (fetched.uuid, fetched.status, fetched.categories) == (ref.remote_id, "publish",
                                                                  ("Новини",))

    overwritten = site.publish(make_post(1, revision=2, title="Наша нова назва"), ref,
                               overwrite=True)
    assert "<h1>Наша нова назва</h1>" in site.page(overwritten)


def test_after_taking_the_sites_version_the_next_update_goes_through(site: Site) -> None:
    ref = site.publish(make_post(1))
    path = site.root / "novyna-1/index.html"
    path.write_text(path.read_text("utf-8").replace("сім’ї", "родин"), "utf-8")
    taken = site.connector.fetch(ref)  # what "take the site's version" records
    known = replace(ref, modified=taken.modified)
    site.publish(make_post(1, revision=2, body_markdown="Текст з сайту."), known)
    assert "Текст з сайту." in site.page(ref)


def test_find_and_list_posts_read_the_manifest(site: Site) -> None:
    refs = [site.publish(make_post(n)) for n in (1, 2, 3)]
    site.publish(make_post(1, revision=2), refs[0])  # now the most recently changed
    assert site.connector.find(make_post(2)) == refs[1]
    assert site.connector.find(make_post(9)) is None

    listing = site.connector.list_posts(1, per_page=2)
    assert (listing.total, listing.total_pages) == (3, 2)
    assert [p.slug for p in listing.posts] == ["novyna-2", "novyna-3"]
    assert [p.slug for p in site.connector.list_posts(2, per_page=2).posts] == ["novyna-1"]
    manifest = site.manifest()["posts"]
    after = manifest[refs[2].remote_id]["modified_at"]
    assert [p.slug for p in site.connector.list_posts(1, modified_after=after).posts] == [
        "novyna-1"]
    with pytest.raises(Rejected):
        site.connector.list_posts(1, modified_after="yesterday")


def test_a_due_scheduled_post_is_published_at_its_time(site: Site) -> None:
    at = datetime(2024, 3, 8, 6, 0, tzinfo=UTC)
    post = make_post(1, published_at=None, scheduled_at=at)
    assert post.is_future
    ref = site.publish(post)
    assert ref.status == "publish"
    assert "8 березня 2024 - 08:00" in site.page(ref)
    # Republished later without a date of its own: keeps the first one.
    site.publish(make_post(1, published_at=None, revision=2), ref)
    assert "8 березня 2024 - 08:00" in site.page(ref)


# ------------------------------------------------------------------ safety

def _all_output(root: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".css"):
            yield path, path.read_text("utf-8")


def test_xss_payloads_leave_no_script_anywhere(site: Site) -> None:
    evil = "<script>alert(1)</script><img src=x onerror=alert(1)>"
    site.publish(make_post(1, body_markdown=XSS_BODY, title=f"Назва {evil}",
                           lead=f"Лід {evil}", signature=f"Підпис {evil}",
                           section=f"Розділ {evil}", related=(
                               RelatedTarget(2, f"Пов’язана {evil}", "x",
                                             "javascript:alert(1)"),)))
    site.publish(make_post(2, body_markdown="", body_html=XSS_HTML, related=(
        RelatedTarget(1, f"Перша {evil}", "novyna-1", "novyna-1/"),)))
    checked = 0
    for path, text in _all_output(site.root):
        lowered = text.lower()
        assert "<script" not in lowered, path
        assert "javascript:" not in lowered, path
        assert "<iframe" not in lowered and "<svg" not in lowered, path
        if path.suffix == ".html":
            parsed = parse(text)
            handlers = [a for a in parsed.attributes if a[1].startswith("on")]
            assert handlers == [], path
            assert not {"script", "iframe", "svg", "object", "embed", "form", "base",
                        "math", "style", "details"} & set(parsed.tags), path
            checked += 1
    assert checked >= 5
    page = site.text("novyna-1/index.html")
    assert "Назва &lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, not run
    assert "посилання" in page  # the link text stays, its address does not


# ---------------------------------------------------------------- failures

def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*") if p.is_file()}


def _assert_consistent(root: Path) -> None:
    manifest = json.loads((root / ".newsroom/manifest.json").read_text("utf-8"))
    for entry in manifest["posts"].values():
        assert (root / entry["slug"] / "index.html").is_file(), entry["slug"]
        if entry["featured"]:
            assert (root / entry["featured"]).is_file()
    for path in html_files(root):
        text = path.read_text("utf-8")
        assert text.rstrip().endswith("</html>"), path
    for path in root.glob("*.xml"):
        ET.fromstring(path.read_text("utf-8"))
    home = (root / "index.html").read_text("utf-8")
    listed = set(re.findall(r'<h2><a href="([a-z0-9-]+)/index.html">', home))
    # Only published articles, or ones whose removal is still to be finished.
    assert listed <= {e["slug"] for e in manifest["posts"].values()} | set(manifest["retired"])
    assert broken_links(root) == []
    assert temp_files(root) == []


def _baseline(root: Path) -> tuple[Site, dict[str, RemoteRef]]:
    """Four articles, two per page, related to each other."""
    site = Site(root, per_page=2, base_url="https://oda.example.gov.ua/")
    refs = {
        "a": site.publish(make_post(1, featured=photo(color=(0, 90, 200)))),
        "b": site.publish(make_post(2, related=(RelatedTarget(1, "Перша", "", "novyna-1/"),))),
        "c": site.publish(make_post(3, section="Економіка", related=(
            RelatedTarget(2, "Друга", "", "novyna-2/"),))),
        "d": site.publish(make_post(4)),
    }
    return site, refs


def _create(site: Site, refs: dict[str, RemoteRef], retry: bool) -> None:
    """A new section, a new photo and a third home page."""
    post = make_post(5, section="Культура", featured=photo(color=(10, 200, 10)),
                     related=(RelatedTarget(1, "Перша", "", "novyna-1/"),))
    # A retried create looks for the post first, as the worker does.
    known = site.connector.find(post) if retry else None
    site.publish(post, known, overwrite=known is not None)


def _move(site: Site, refs: dict[str, RemoteRef], retry: bool) -> None:
    """The page moves (another page links to it) to a section no one had."""
    site.publish(make_post(1, revision=2, slug="nova-adresa", section="Культура"), refs["a"])


def _unpublish_linked(site: Site, refs: dict[str, RemoteRef], retry: bool) -> None:
    site.connector.unpublish(refs["b"])


def _unpublish_last_in_section(site: Site, refs: dict[str, RemoteRef], retry: bool) -> None:
    site.connector.unpublish(refs["c"])


SCENARIOS: dict[str, Callable[[Site, dict[str, RemoteRef], bool], None]] = {
    "create": _create,
    "move": _move,
    "unpublish a linked article": _unpublish_linked,
    "unpublish a section's last article": _unpublish_last_in_section,
}


def _result(root: Path) -> dict[str, object]:
    """The site's files and manifest, without the times of writing."""
    files: dict[str, object] = {k: v for k, v in _snapshot(root).items()
                                if k not in (".newsroom/manifest.json", "rss.xml")}
    manifest = json.loads((root / ".newsroom/manifest.json").read_text("utf-8"))
    for entry in manifest["posts"].values():
        del entry["modified_at"]
    files["manifest"] = manifest
    return files


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_a_failure_at_any_write_leaves_a_consistent_site(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         scenario: str) -> None:
    baseline, refs = _baseline(tmp_path / "baseline")
    before = _snapshot(baseline.root)
    run = SCENARIOS[scenario]

    def copy(name: str) -> Site:
        shutil.copytree(baseline.root, tmp_path / name)
        return Site(tmp_path / name, media=MemoryMediaCache(dict(baseline.media.items)),
                    clock=Clock(baseline.clock.now), per_page=2, base_url=baseline.base_url)

    # The same change without failures: what every interrupted run must reach.
    reference = copy("clean")
    run(reference, refs, False)
    expected = _result(reference.root)

    real_replace = os.replace
    failures = 0
    for fail_at in range(1, 200):
        site = copy(f"run-{fail_at}")
        calls = 0

        def flaky(src: Any, dst: Any, *, fail_at: int = fail_at) -> None:
            nonlocal calls
            calls += 1
            if calls == fail_at:
                raise OSError(5, "Input/output error")
            real_replace(src, dst)

        monkeypatch.setattr(os, "replace", flaky)
        try:
            run(site, refs, False)
        except Transient:
            failures += 1
        else:
            break  # fewer writes than fail_at: every position has been tried
        finally:
            monkeypatch.setattr(os, "replace", real_replace)
        _assert_consistent(site.root)
        if fail_at == 1:
            assert _snapshot(site.root) == before  # the first write failed: nothing changed
        # The queue tries again; the site ends up as if nothing had failed.
        run(site, refs, True)
        _assert_consistent(site.root)
        assert _result(site.root) == expected, f"failure at write {fail_at}"
    assert failures >= 5


def test_a_site_that_lost_its_home_page_gets_it_back_before_the_article(
        site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.publish(make_post(1))
    for name in ("index.html", "rss.xml", "style.css"):
        (site.root / name).unlink()
    real_replace = os.replace

    def manifest_fails(src: Any, dst: Any) -> None:
        if str(dst).endswith("manifest.json"):
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", manifest_fails)
    with pytest.raises(Transient):
        site.publish(make_post(2))
    monkeypatch.setattr(os, "replace", real_replace)
    assert (site.root / "novyna-2/index.html").is_file()  # written, not yet listed
    assert broken_links(site.root) == []
    site.publish(make_post(2))
    assert list_titles(site.text("index.html")) == [f"{SEED_TITLE} 2", f"{SEED_TITLE} 1"]


def test_no_temporary_files_are_left_behind(site: Site) -> None:
    for n in range(1, 6):
        site.publish(make_post(n, featured=photo(color=(n, n, n))))
    site.connector.unpublish(RemoteRef(make_post(2).uuid, "novyna-2/", None, "publish"))
    assert temp_files(site.root) == []
    assert sorted(p.name for p in (site.root / ".newsroom").iterdir()) == ["manifest.json"]


# ------------------------------------------------------------------ set-up

def test_a_folder_that_cannot_be_created_is_a_setup_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", "utf-8")
    connector = StaticSiteConnector(blocker / "site", MemoryMediaCache())
    with pytest.raises(SiteSetupError, match="cannot create the site folder"):
        connector.publish(make_post(1), None)
    connector = StaticSiteConnector(blocker, MemoryMediaCache())
    with pytest.raises(SiteSetupError):
        connector.publish(make_post(1), None)


def test_a_folder_that_cannot_be_written_is_a_setup_error(site: Site,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    site.publish(make_post(1))

    def refused(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)  # as a read-only share answers
    with pytest.raises(SiteSetupError, match="cannot write to the site folder"):
        site.publish(make_post(2))
    assert temp_files(site.root) == []


def test_a_folder_with_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "Documents").mkdir()
    (tmp_path / "Documents" / "звіт.docx").write_bytes(b"x")
    connector = StaticSiteConnector(tmp_path / "Documents", MemoryMediaCache())
    with pytest.raises(SiteSetupError, match="not empty"):
        connector.publish(make_post(1), None)
    assert sorted(p.name for p in (tmp_path / "Documents").iterdir()) == ["звіт.docx"]


def test_a_damaged_manifest_is_a_setup_error(site: Site) -> None:
    site.publish(make_post(1))
    (site.root / ".newsroom/manifest.json").write_text('{"format": 1, "posts": {"x": {}}}')
    with pytest.raises(SiteSetupError, match="damaged"):
        site.publish(make_post(2))
    (site.root / ".newsroom/manifest.json").write_text(
        json.dumps({"format": 1, "posts": {}, "retired": {"../../etc": None}}))
    site.publish(make_post(2))  # a path outside the site is never taken from it
    bad = site.manifest()
    bad["posts"][make_post(2).uuid]["slug"] = "../outside"
    (site.root / ".newsroom/manifest.json").write_text(json.dumps(bad))
    with pytest.raises(SiteSetupError, match="damaged"):
        site.connector.unpublish(RemoteRef(make_post(2).uuid, "", None, "publish"))
    assert (site.root / "novyna-2/index.html").is_file()


def test_slugs_never_clash_with_other_pages_or_the_sites_folders(site: Site) -> None:
    first = site.publish(make_post(1, slug="zasidannia"))
    twin = site.publish(make_post(2, slug="zasidannia"))
    assert (first.url, twin.url) == ("zasidannia/", "zasidannia-2/")
    assert site.publish(make_post(3, slug="media")).url == "media-2/"
    assert site.publish(make_post(4, slug="rozdil")).url == "rozdil-2/"
    (site.root / "pro-nas").mkdir()
    (site.root / "pro-nas/index.html").write_text("<p>Про нас</p>", "utf-8")
    assert site.publish(make_post(5, slug="pro-nas")).url == "pro-nas-2/"
    assert (site.root / "pro-nas/index.html").read_text("utf-8") == "<p>Про нас</p>"
    # An update keeps the numbered address even after the first one is freed.
    site.connector.unpublish(first)
    assert site.publish(make_post(2, slug="zasidannia", revision=2), twin).url == twin.url


def test_a_busy_folder_is_tried_again_later(site: Site) -> None:
    site.publish(make_post(1))
    lock = site.root / ".newsroom/lock"
    lock.write_text("123\n")
    with pytest.raises(Transient, match="busy"):
        site.publish(make_post(2))
    old = time.time() - 3600
    os.utime(lock, (old, old))  # left by a process that died long ago
    site.publish(make_post(2))
    assert not lock.exists()


def test_a_bad_site_address_is_a_setup_error(tmp_path: Path) -> None:
    with pytest.raises(SiteSetupError, match="http"):
        StaticSiteConnector(tmp_path, MemoryMediaCache(), base_url="ftp://example.gov.ua")


def test_every_failure_is_a_sync_error(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.publish(make_post(1))

    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SyncError) as caught:
        site.publish(make_post(2))
    assert isinstance(caught.value, Transient) and caught.value.maybe_done
    assert "No space left on device" in str(caught.value)

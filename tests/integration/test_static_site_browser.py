"""The static site in a real browser: headless Chromium opens the generated
pages from disk (file://), as the README tells an editor to do.

Chromium is the Debian package ``chromium``; .ci/run installs it. The tests
are skipped, with that reason, only when the binary is missing.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pytest
from PIL import Image

from newsroom.sync.connectors.base import (
    MemoryMediaCache,
    OutgoingImage,
    OutgoingPost,
    RelatedTarget,
)
from newsroom.sync.connectors.static_site import StaticSiteConnector

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed "
                       "(apt-get install chromium; .ci/run installs it)"),
]

TITLE = "Соціальні служби та волонтерські організації поглиблюють взаємодію"
SIGNATURE = "Управління у справах преси та інформації"
BODY = ("До обговорення долучилися фахівці центрів соціальних служб для сім’ї, дітей та "
        "молоді.\n\nДепартамент розгляне відкриття сторінки «волонтерський рух».")
MARK = "document.body.setAttribute('data-xss','1')"
XSS_MARKDOWN = f"""\
Безпечний текст.

<script>{MARK}</script>
<img src=x onerror="{MARK};alert(1)">
<svg onload="{MARK}"><circle r="1"/></svg>
<iframe srcdoc="<script>parent.{MARK}</script>"></iframe>
<a href="javascript:{MARK}">посилання</a>
<object data="javascript:{MARK}"></object>
<details open ontoggle="{MARK}"><summary>s</summary></details>
<body onload="{MARK}">
<img src="x" style="x" onload="{MARK}">

[markdown](javascript:{MARK})
"""
FEATURED_COLOR = (0, 90, 200)


def _photo() -> OutgoingImage:
    out = io.BytesIO()
    Image.new("RGB", (1200, 600), FEATURED_COLOR).save(out, "JPEG", quality=95)
    data = out.getvalue()
    return OutgoingImage(sha256=hashlib.sha256(data).hexdigest(), filename="foto.jpg",
                         mime="image/jpeg", load=lambda: data, alt="Учасники засідання")


def _post(n: int, **changes: Any) -> OutgoingPost:
    fields: dict[str, Any] = {
        "article_id": n, "uuid": f"00000000-0000-4000-8000-{n:012d}", "revision": 1,
        "title": f"Новина {n}", "slug": f"novyna-{n}", "lead": "", "body_markdown": BODY,
        "body_html": None, "signature": SIGNATURE, "section": "Новини", "tags": (),
        "published_at": datetime(2016, 7, 13, 7, 50, tzinfo=UTC) - timedelta(days=n),
        "scheduled_at": None, "updated_at": datetime(2016, 7, 13, 7, 50, tzinfo=UTC),
    }
    fields.update(changes)
    return OutgoingPost(**fields)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--no-first-run",
               f"--user-data-dir={tmp_path / 'chromium-profile'}", *args]
    # A page blocked by a dialog never finishes loading: the timeout catches it.
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def dump_dom(tmp_path: Path, page: Path) -> str:
    """The DOM after the page loaded and had two (virtual) seconds to run
    anything it could."""
    return _chromium(tmp_path, "--virtual-time-budget=2000", "--dump-dom",
                     page.resolve().as_uri()).stdout


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.append((tag, name))
            if name in ("href", "src") and value:
                self.links.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(dom: str) -> _Dom:
    parsed = _Dom()
    parsed.feed(dom)
    parsed.close()
    return parsed


def _script_ran(dom: _Dom) -> bool:
    """The payloads mark the body when they run (the DOM keeps their text)."""
    return ("body", "data-xss") in dom.attributes


def _missing_targets(page: Path, links: list[str]) -> list[str]:
    missing = []
    for link in links:
        parts = urlsplit(link)
        if parts.scheme in ("http", "https"):
            continue
        if parts.scheme == "file":
            target = Path(url2pathname(unquote(parts.path)))
        else:
            target = (page.parent / unquote(parts.path)).resolve()
        if not target.is_file():
            missing.append(link)
    return missing


@pytest.fixture
def site(tmp_path: Path) -> tuple[StaticSiteConnector, Path]:
    root = tmp_path / "site"
    connector = StaticSiteConnector(root, MemoryMediaCache())
    connector.publish(_post(2, title="Волонтери отримали подяки"), None)
    connector.publish(_post(1, title=TITLE, lead="Круглий стіл у Департаменті",
                            featured=_photo(), published_at=datetime(2016, 7, 13, 7, 50,
                                                                      tzinfo=UTC),
                            related=(RelatedTarget(2, "Волонтери отримали подяки", "",
                                                   "novyna-2/"),)), None)
    return connector, root


def test_the_article_page_in_chromium(tmp_path: Path,
                                      site: tuple[StaticSiteConnector, Path]) -> None:
    _, root = site
    page = root / "novyna-1" / "index.html"
    dom = dump_dom(tmp_path, page)
    parsed = _parse(dom)
    text = "".join(parsed.text)

    assert '<html lang="uk">' in dom
    assert f"<h1>{TITLE}</h1>" in dom
    assert '<time datetime="2016-07-13T10:50:00+03:00">13 липня 2016 - 10:50</time>' in dom
    assert "<h2>Читайте також</h2>" in dom
    assert "Волонтери отримали подяки" in text
    assert "сім’ї" in text and "«волонтерський рух»" in text
    assert SIGNATURE in text
    assert "script" not in parsed.tags
    links = parsed.links
    assert "../novyna-2/index.html" in links and "../rozdil/novyny/index.html" in links
    assert _missing_targets(page, links) == []


@pytest.mark.parametrize("name", ["index.html", "rozdil/novyny/index.html"])
def test_every_link_of_the_lists_opens_a_file(tmp_path: Path, name: str,
                                              site: tuple[StaticSiteConnector, Path]) -> None:
    _, root = site
    page = root / name
    parsed = _parse(dump_dom(tmp_path, page))
    assert len(parsed.links) >= 8
    assert _missing_targets(page, parsed.links) == []
    assert TITLE in "".join(parsed.text)


def test_the_page_renders_with_its_style_and_photo(tmp_path: Path,
                                                   site: tuple[StaticSiteConnector, Path]
                                                   ) -> None:
    _, root = site
    shot = tmp_path / "article.png"
    _chromium(tmp_path, "--hide-scrollbars", "--window-size=1000,1400",
              f"--screenshot={shot}", (root / "novyna-1" / "index.html").resolve().as_uri())
    with Image.open(shot) as image:
        raw = image.convert("RGB").tobytes()
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
    total = len(pixels)

    def share(match: Any) -> float:
        return sum(1 for p in pixels if match(p)) / total

    # The photo loaded despite the page's Content-Security-Policy...
    assert share(lambda p: all(abs(a - b) < 12 for a, b in zip(p, FEATURED_COLOR,
                                                                strict=True))) > 0.1
    # ...so did the style sheet (the accent rule under the site title)...
    assert share(lambda p: abs(p[0] - 0x0B) < 20 and abs(p[1] - 0x57) < 20
                 and abs(p[2] - 0xA4) < 20) > 0.001
    # ...and there is dark text on a white page.
    assert share(lambda p: max(p) < 80) > 0.005
    assert share(lambda p: min(p) > 245) > 0.4


def test_xss_payloads_run_nothing_in_the_browser(tmp_path: Path,
                                                 site: tuple[StaticSiteConnector, Path]) -> None:
    connector, root = site
    connector.publish(_post(3, body_markdown=XSS_MARKDOWN), None)
    connector.publish(_post(4, body_markdown="", body_html=XSS_MARKDOWN), None)
    for slug in ("novyna-3", "novyna-4"):
        dom = dump_dom(tmp_path, root / slug / "index.html")
        parsed = _parse(dom)
        assert not _script_ran(parsed), slug
        assert not {"script", "iframe", "svg", "object"} & set(parsed.tags), slug
        assert [a for a in parsed.attributes if a[1].startswith("on")] == [], slug
        assert not any(link.lower().startswith("javascript:") for link in parsed.links)
        assert "Безпечний текст." in dom


def test_the_security_policy_stops_what_the_sanitiser_might_miss(
        tmp_path: Path, site: tuple[StaticSiteConnector, Path]) -> None:
    """The payload put into a page behind the sanitiser's back (as a hand
    edit or a sanitiser bug would) still runs nothing; the same payload on a
    page without our policy does run, so the check can see script run."""
    _, root = site
    payload = f'<img src="x" onerror="{MARK}"><script>{MARK}</script>'
    page = root / "novyna-2" / "index.html"
    page.write_text(page.read_text("utf-8").replace("<!-- newsroom:body -->",
                                                    "<!-- newsroom:body -->" + payload),
                    "utf-8")
    assert not _script_ran(_parse(dump_dom(tmp_path, page)))

    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><html><body>{payload}</body></html>", "utf-8")
    assert _script_ran(_parse(dump_dom(tmp_path, control)))

"""Classic XSS payloads in every field an article has, published to the static site through
the real connector and opened page by page in headless Chromium: no script runs.

Each payload, if it ran, would set ``data-xss`` on the page's root element
(written without quotes, so the payload's own quoting is the only thing that
varies); Chromium's serialised DOM after two virtual seconds shows whether it
did. Every page is opened twice: as published, and with the site's
Content-Security-Policy removed, so that the escaping and the sanitiser are
shown to hold on their own, not only behind the policy. A control page
proves the detector sees a payload that runs.
"""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsroom.sync.connectors.base import MemoryMediaCache, OutgoingPost, RelatedTarget
from newsroom.sync.connectors.static_site import StaticSiteConnector
from tests.integration.test_static_site_browser import CHROMIUM, _photo, _post, dump_dom
from tests.reliability.conftest import Figures, scale
from tests.reliability.test_bad_input import dangers

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed "
                       "(apt-get install chromium; .ci/run installs it)"),
]

T = "top.document.documentElement.setAttribute(/data-xss/.source,1)"  # no quotes at all
PAYLOADS = [
    f"<script>{T}</script>", f"<SCRIPT>{T}</SCRIPT>", f"<ScRiPt >{T}</sCrIpT >",
    f"<script src=data:,{T}></script>", f"<img src=x onerror={T}>", f"<IMG SRC=x OnError={T}>",
    f'<img src="x" onerror="{T}">', f"<img src=x onerror='{T}'>", f"<svg onload={T}>",
    f"<svg><script>{T}</script></svg>", f"<svg/onload={T}>", f"<body onload={T}>",
    f'<iframe srcdoc="<script>{T}</script>"></iframe>', f'<iframe src="javascript:{T}"></iframe>',
    f'<a href="javascript:{T}">a</a>', f'<a href="JaVaScRiPt:{T}">b</a>',
    f'<a href="jav&#x09;ascript:{T}">c</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;' + T + '">d</a>',
    f"<details open ontoggle={T}>", f"<input autofocus onfocus={T}>",
    f"<video><source onerror={T}></video>", f"<audio src=x onerror={T}>",
    f'<object data="javascript:{T}"></object>', f'<embed src="javascript:{T}">',
    f"<math><mtext><table><mglyph><style><img src=x onerror={T}>",
    f'<div style="background:url(javascript:{T})">e</div>',
    f'<div style="width:expression({T})">f</div>', f"<style>@import 'javascript:{T}';</style>",
    f'<meta http-equiv="refresh" content="0;url=javascript:{T}">',
    f'<base href="javascript:{T}//">', f'"><script>{T}</script>', f"'><img src=x onerror={T}>",
    f'" autofocus onfocus={T} x="', f"' autofocus onfocus={T} x='",
    f"</title><script>{T}</script>", f"</textarea><script>{T}</script>",
    f"--><script>{T}</script>", f'<!--<img src="--><img src=x onerror={T}//">',
    f"[x](javascript:{T})", f'![x](x" onerror="{T})', f"[x](  javascript:{T}  )",
    f"<javascript:{T}>", f"[a]: javascript:{T}\n\n[b][a]", f'![x" onerror="{T}](x.png)',
    f"&lt;script&gt;{T}&lt;/script&gt;",
    f'<noscript><p title="</noscript><img src=x onerror={T}>">',
    f"<form><button formaction=javascript:{T}>g</button></form>",
    f"<marquee onstart={T}>h</marquee>", f'<object data="data:text/html,<script>{T}</script>">',
    f"<svg><animate onbegin={T} attributeName=x dur=1s>", f"<x onclick={T} autofocus tabindex=1>",
    f'"}}</script><script>{T}</script>', f"]]><script>{T}</script>",
    f"<![CDATA[<script>{T}</script>]]>", f"<x:script xmlns:x=http://www.w3.org/1999/xhtml>{T}"
    "</x:script>", '<a href="data:text/html;base64,PHNjcmlwdD4=">i</a>',
    "<img src=x onerror=&#x74;&#x6F;&#x70;.document.documentElement.setAttribute(/data-xss/"
    ".source,1)>", f"<svg><a xlink:href=javascript:{T}><text y=9>j</text></a></svg>",
]


class _Marked(HTMLParser):
    """Any element carrying the marker: a payload ran."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marked = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.marked = self.marked or any(name == "data-xss" for name, _ in attrs)


def script_ran(dom: str) -> bool:
    parser = _Marked()
    parser.feed(dom)
    parser.close()
    return parser.marked


def _groups() -> list[list[str]]:
    """Every payload in every field: one article per payload at full scale, a few
    payloads to an article at CI scale (each Chromium page costs a second)."""
    size = scale(10, 1)
    return [PAYLOADS[i:i + size] for i in range(0, len(PAYLOADS), size)]


def _article(n: int, payloads: list[str], related: tuple[RelatedTarget, ...]) -> OutgoingPost:
    text = " ".join(payloads)
    post = _post(n, title=f"Новина {n} {text}", slug="" if n % 2 else f"xss-{n}",
                 lead=f"Лід {text}", body_markdown="Безпечний текст.\n\n" + "\n\n".join(payloads),
                 section=f"Розділ {n % 3} {payloads[0]}", tags=tuple(payloads),
                 signature=f"Підпис {text}", related=related)
    return replace(post, featured=replace(_photo(), alt=f"Фото {text}",
                                          caption=f"Підпис до фото {text}"))


def _publish(root: Path) -> int:
    """The payload articles, each related to the one before (whose title is the
    payload), and a pulled article whose own HTML carries them all."""
    connector = StaticSiteConnector(root, MemoryMediaCache())
    previous: RelatedTarget | None = None
    groups = _groups()
    for n, payloads in enumerate(groups, start=1):
        ref = connector.publish(_article(n, payloads, (previous,) if previous else ()), None)
        previous = RelatedTarget(n, f"Новина {n} {' '.join(payloads)}", "", ref.url)
    pulled = len(groups) + 1
    connector.publish(_post(pulled, title="Архівна новина", slug="arkhiv", body_markdown="",
                            body_html="<p>Безпечний текст.</p>" + "".join(PAYLOADS)), None)
    connector.close()
    return pulled


def _without_policy(root: Path, copy: Path) -> None:
    """The same site with the Content-Security-Policy meta tag taken out of every page."""
    shutil.copytree(root, copy)
    for page in copy.rglob("*.html"):
        lines = page.read_text("utf-8").splitlines(keepends=True)
        kept = [line for line in lines if 'http-equiv="Content-Security-Policy"' not in line]
        assert len(kept) == len(lines) - 1, page
        page.write_text("".join(kept), "utf-8")


def _body(dom: str) -> str:
    """From ``<body`` on: the head's own meta and link tags are the template's."""
    start = dom.find("<body")
    assert start >= 0, dom[:300]
    return dom[start:]


def _open_all(pages: list[Path], tmp_path: Path) -> dict[Path, str]:
    """Each page's DOM after load, two Chromium processes at a time (one profile each)."""
    def one(args: tuple[int, Path]) -> tuple[Path, str]:
        k, page = args
        profile = Path(tempfile.mkdtemp(dir=tmp_path, prefix=f"chromium-{k}-"))
        return page, dump_dom(profile, page)

    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(one, enumerate(pages)))


def test_xss_payloads_run_nothing_on_the_static_site(tmp_path: Path, figures: Figures) -> None:
    """XSS on the static site"""
    root = tmp_path / "site"
    _publish(root)
    _without_policy(root, tmp_path / "site-without-policy")
    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><html><body>{PAYLOADS[4]}</body></html>", "utf-8")
    pages = sorted(root.rglob("*.html")) + sorted(root.rglob("*.xml"))
    bare = [tmp_path / "site-without-policy" / p.relative_to(root) for p in pages]

    doms = _open_all([control, *pages, *bare], tmp_path)
    ran = [p for p in pages if script_ran(doms[p])]
    ran_bare = [p for p in bare if script_ran(doms[p])]
    # What the sanitiser and the templates let through, whether or not it ran.
    left = {p: dangers(_body(doms[p])) for p in pages if p.suffix == ".html"}
    left = {p: found for p, found in left.items() if found}
    shown = sum(1 for p in pages if "Безпечний текст." in doms[p])
    # The payloads reached the pages as text (escaped), not dropped on the way.
    as_text = sum(1 for p in pages if p.suffix == ".html" and T in doms[p])

    figures.info("payloads", len(PAYLOADS))
    figures.info("fields each payload is in", 9)
    figures.info("pages opened", len(pages) * 2)
    figures.info("pages showing payloads as text", as_text)
    figures.zero("script runs (the site as published)", len(ran))
    figures.zero("script runs (its security policy removed)", len(ran_bare))
    figures.zero("pages with script tags, on* or script URLs", len(left))
    figures.add("control payload detected", "yes" if script_ran(doms[control]) else "no",
                "yes", script_ran(doms[control]))

    assert script_ran(doms[control]), "the detector cannot see a payload run"
    assert ran == [] and ran_bare == [], (ran, ran_bare)
    assert left == {}, left
    assert shown >= len(_groups()) + 1  # the articles' safe text survived next to the payloads
    assert as_text >= len(_groups())

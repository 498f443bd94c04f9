"""Bad input gets a clear error or a correct result: never a crash, never half a write.

Hypothesis throws generated Markdown, clipboard HTML, import files, search
queries and command lines at the same functions the app and the CLI call,
on real SQLite files and real PostgreSQL. Each test counts what it tried and
what went wrong; a failing example is shrunk by Hypothesis and shown.

The checks on HTML parse the output with :mod:`html.parser` (as a browser
would tokenise it), never a regular expression over the text.
"""

from __future__ import annotations

import gc
import io
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from newsroom import cli, i18n
from newsroom.domain.errors import NewsroomError, ValidationError
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import (
    article_list,
    articles,
    importer,
    related,
    search_query,
    users,
    workflow,
)
from newsroom.services.articles import Draft
from newsroom.storage import migrate
from newsroom.storage.db import Database
from newsroom.storage.models import Base
from newsroom.text.markdown_render import markdown_to_html
from newsroom.text.paste import (
    MAX_PASTE_BYTES,
    PasteTooLargeError,
    clean_pasted_html,
    html_to_markdown,
    read_paste,
)
from newsroom.text.sanitize import sanitize_html
from tests.conftest import People
from tests.reliability.conftest import Figures, scale
from tests.support.sqlite_rows import sqlite_rows

# ------------------------------------------------------------------ shared checks

# Tags a published page must never carry, whatever the input.
DANGEROUS_TAGS = frozenset({"script", "iframe", "object", "embed", "svg", "math", "style",
                            "frame", "frameset", "applet", "base", "form", "meta", "link",
                            "template", "noscript", "xmp", "textarea", "input", "button"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "xlink:href",
                            "background", "poster", "srcset", "cite", "longdesc"})
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
SAFE_INLINE_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,", re.IGNORECASE)


class _Tokens(HTMLParser):
    """What a browser's tokeniser sees: every start tag with its (unescaped) attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, [(name, value or "") for name, value in attrs]))

    handle_startendtag = handle_starttag


def url_scheme(url: str) -> str | None:
    """The scheme a browser would use: it ignores control characters and spaces in it."""
    match = _SCHEME.match(_IGNORED_IN_SCHEME.sub("", url).lower())
    return match.group(1) if match else None


def dangers(html: str) -> list[str]:
    """Everything in ``html`` that could run script in a reader's browser."""
    tokens = _Tokens()
    tokens.feed(html)
    tokens.close()
    found = []
    for tag, attrs in tokens.tags:
        if tag in DANGEROUS_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                found.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES:
                scheme = url_scheme(value)
                inline_image = tag == "img" and name == "src" and bool(
                    SAFE_INLINE_IMAGE.match(_IGNORED_IN_SCHEME.sub("", value)))
                if scheme in ("javascript", "vbscript", "livescript") or (
                        scheme == "data" and not inline_image):
                    found.append(f"<{tag} {name}={value[:40]!r}>")
    return found


def test_the_danger_check_sees_what_it_should() -> None:
    """The checker itself: every classic payload shape is caught, plain markup is not."""
    for bad in ["<script>x</script>", "<img src=x onerror=a()>", "<a href='jav&#x09;ascript:x'>",
                "<a href=' JAVASCRIPT:x'>", "<iframe srcdoc='x'>", "<svg/onload=x>",
                "<a href='data:text/html,x'>", "<img src='data:image/svg+xml,x'>",
                "<p style='x:expression(a)'>", "<a href=vbscript:x>"]:
        assert dangers(bad), bad
    assert dangers('<p><a href="https://x.ua/" rel="noopener">x</a>'
                   '<img src="data:image/png;base64,AAAA" alt="a"></p>') == []


@dataclass
class Tally:
    """What one property test tried and what went wrong, kept for the figures."""

    cases: int = 0
    crashes: int = 0
    unsafe: int = 0
    partial: int = 0
    refused: int = 0
    accepted: int = 0
    unclear: int = 0
    first: list[str] = field(default_factory=list)

    def note(self, kind: str, detail: str) -> str:
        """Count one failure of this kind; the text is for the assertion message."""
        setattr(self, kind, getattr(self, kind) + 1)
        text = f"{kind}: {detail[:600]}"
        if len(self.first) < 3:
            self.first.append(text)
        return text


SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow,
                                                        HealthCheck.data_too_large,
                                                        HealthCheck.large_base_example]}

# ------------------------------------------------------------------ Markdown

JS = "document.body.dataset.xss=1"
MARKDOWN_PIECES = [
    f"[link](javascript:{JS})", f"[link](JaVaScRiPt:{JS})", f"[l](java\tscript:{JS})",
    f"[l](&#106;avascript:{JS})", f"[l](  javascript:{JS} \"t\")", f"[l](vbscript:{JS})",
    "[l](data:text/html;base64,PHNjcmlwdD4=)", "![i](data:text/html,<script>x</script>)",
    "![i](data:image/svg+xml,<svg onload=x>)", "![i](data:image/png;base64,iVBORw0KGgo=)",
    f"<javascript:{JS}>", "<https://oda.gov.ua/?a=1&b=<2>>", f"[ref]: javascript:{JS}\n",
    "[a][ref]", f"[x]( javascript:{JS} )", f"![x\" onerror=\"{JS}](https://x.ua/a.png)",
    f"[x](https://x.ua/\" onmouseover=\"{JS})", f"<a href=\"javascript:{JS}\">a</a>",
    f"<img src=x onerror={JS}>", f"<IMG SRC=x OnErRoR=\"{JS}\">", f"<svg onload={JS}>",
    f"<div onmouseover='{JS}'>d</div>", f"<script>{JS}</script>", "<script", "</script>",
    f"<iframe srcdoc=\"<script>{JS}</script>\">", f"<p style=\"x:expression({JS})\">",
    "<style>*{x:y}</style>", f"<a href=\"&#x6A;avascript:{JS}\">e</a>", "<!--", "-->",
    f"<math><mi xlink:href=\"javascript:{JS}\">m</mi></math>", "<base href=//evil.ua/>",
    f"<form action=javascript:{JS}><button>b</button></form>", "<meta http-equiv=refresh>",
    f"<object data=javascript:{JS}>", "<embed src=x.swf>", f"<a href=\"\x01javascript:{JS}\">",
    "*", "**", "_", "__", "`", "```", "~~~", "\n", "\n\n", "> ", "# ", "###### ", "    ",
    "- ", "1. ", "| a | b |\n|---|---|\n| c | d |\n", "\\", "[", "]", "(", ")", "!", "<", ">",
    "&amp;", "&#0;", "&#xD800;", "\x00", "\x0b", "\u202e", "\ufeff", "«", "’", "😀",
]
NESTED = st.integers(1, 300).flatmap(lambda n: st.sampled_from([
    "*" * n + "x" + "*" * n, "_" * n + "x" + "_" * n, "> " * n + "x", "[" * n + "x" + "]" * n,
    "<div>" * n + "x", "  " * n + "- x", "*a " * n, "![" * n + "](x)" * n]))
MARKDOWN = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=8), NESTED),
             max_size=40).map("".join),
)


def _render_checked(tally: Tally, render: Callable[[str], str], text: str) -> None:
    tally.cases += 1
    try:
        html = render(text)
    except Exception as exc:
        tally.note("crashes", f"{type(exc).__name__}: {exc} for {text[:200]!r}")
        raise
    found = dangers(html)
    if found:
        tally.note("unsafe", f"{found} in {html[:200]!r} from {text[:200]!r}")
        raise AssertionError(f"dangerous output {found}: {html[:500]!r}")


def _record(figures: Figures, tally: Tally, unsafe: str) -> None:
    figures.info("cases tried", tally.cases)
    figures.zero("crashes", tally.crashes)
    figures.zero(unsafe, tally.unsafe)


def test_markdown_renders_safe_html(figures: Figures) -> None:
    """Bad input: Markdown"""
    tally = Tally()

    @settings(max_examples=scale(300, 5000), **SETTINGS)
    @given(text=MARKDOWN)
    def check(text: str) -> None:
        _render_checked(tally, markdown_to_html, text)
        # A pulled article's own HTML goes through the sanitiser alone.
        _render_checked(tally, sanitize_html, text)

    try:
        check()
    finally:
        _record(figures, tally, "outputs with script, on*, or script URLs")
    assert tally.first == []


def test_huge_markdown_renders_safe_html(figures: Figures) -> None:
    """Bad input: huge Markdown"""
    tally = Tally()
    size = scale(1_000_000, 5_000_000)
    unit = "".join(MARKDOWN_PIECES) + "Звичайний текст новини. " * 20 + "\n\n"
    text = (unit * (size // len(unit) + 1))[:size]
    try:
        for piece in (text, "*" * 100_000 + "x", "> " * 20_000 + "x", "<div>" * 50_000):
            _render_checked(tally, markdown_to_html, piece)
    finally:
        figures.info("characters in the largest", len(text))
        _record(figures, tally, "outputs with script, on*, or script URLs")
    assert tally.first == []


# ------------------------------------------------------------------ pasted HTML

PASTE_FRAGMENTS = [
    "<p>", "</p>", "<b>", "</b>", "<i>", "<em>", "</strong>", "<u>", "<ul>", "<ol>", "<li>",
    "</li>", "<blockquote>", "<h1>", "<h6>", "<br>", "<hr/>", "<table><tr><td>", "</td>",
    "<p class=MsoNormal>", "<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'>",
    "<p class=MsoListParagraph style='mso-list:l9 level99 lfo1'>",
    "<p class=MsoListParagraph style='mso-list:l0 level0 lfo1'>",
    "<p style='mso-list:l0 level" + "9" * 30 + " lfo1'>", "<p style='mso-outline-level:99'>",
    "<p style='mso-outline-level:" + "9" * 30 + "'>", "<p class=MsoHeading0>",
    "<p class=Heading99999999999999999999>", "<span style='mso-list:Ignore'>", "·",
    "<![if !supportLists]>", "<![endif]>", "<!--[if !supportLists]-->", "<!--[endif]-->",
    "<o:p>", "</o:p>", "<v:shape>", "<w:Sdt>", "<st1:City>", "<xml>", "</xml>", "<?xml ?>",
    "<span style='font-weight:900'>", "<span style='font-weight:" + "9" * 30 + "'>",
    "<b style='font-weight:normal'>", "<span style='font-style:oblique 10deg'>", "</span>",
    "<a href='https://oda.gov.ua/'>", "<a href=' javascript:x'>", "<a href='jav&#x09;ascript:y'>",
    "<a href='data:text/html,<script>z</script>'>", "<a href='vbscript:x'>", "</a>",
    "<a href='#top'>", "<a href='/relative'>", "<a href='file:///C:/x.doc'>",
    "<img src='https://oda.gov.ua/a.png' alt='фото'>", "<img src='file:///C:/Temp/image001.png'>",
    "<img src=x onerror=alert(1)>", "<img src='data:image/svg+xml;base64,PHN2Zz4='>",
    "<img src='data:image/png;base64,iVBORw0KGgo='>", "<svg onload=x>", "<script>", "</script>",
    "<style>", "</style>", "<iframe srcdoc='<script>1</script>'>", "<!-- коментар -->", "<!--",
    "&nbsp;", "&amp;", "&lt;script&gt;", "&#0;", "&#x110000;", "&#xD800;", "&bogus;", "&",
    "\x00", "\x01", "\x0b", "\x1f", "\x7f", "\x85", "\u2028", "\ufeff", "\ud800", "\r", "\r\n",
    "Version:0.9\r\nStartHTML:0000000105\r\n", "<html><body>", "<!--StartFragment-->",
    "*", "#", "_", "`", "[", "]", "\\", "1. ", "- ", "> ", "«", "’", "—",
]
TAG_SOUP = st.lists(st.one_of(st.sampled_from(PASTE_FRAGMENTS), st.text(max_size=10)),
                    max_size=60).map("".join)
RANDOM_TAGS = st.builds(
    lambda name, attrs, close: f"<{name}{attrs}>" + ("" if close else f"</{name}>"),
    st.sampled_from(["p", "a", "img", "li", "ul", "h2", "span", "div", "table", "o:p", "x-y",
                     "script", "svg", "math", "b", "font"]),
    st.lists(st.tuples(st.sampled_from(["href", "src", "style", "class", "onclick", "alt",
                                        "lang", "width"]),
                       st.text(max_size=12)), max_size=3).map(
        lambda pairs: "".join(f' {k}="{v}"' for k, v in pairs)),
    st.booleans())
PASTED = st.one_of(st.text(), TAG_SOUP,
                   st.lists(st.one_of(RANDOM_TAGS, TAG_SOUP), max_size=8).map("".join))


def test_pasted_html_comes_out_as_safe_markdown(figures: Figures) -> None:
    """Bad input: pasted HTML"""
    tally = Tally()

    @settings(max_examples=scale(300, 4000), **SETTINGS)
    @given(html=PASTED)
    def check(html: str) -> None:
        tally.cases += 1
        try:
            pasted = read_paste(html)  # what the editor inserts
            cleaned = clean_pasted_html(html)
            md = html_to_markdown(cleaned)
            published = markdown_to_html(md)
        except Exception as exc:
            tally.note("crashes", f"{type(exc).__name__}: {exc} for {html[:200]!r}")
            raise
        found = dangers(cleaned) + dangers(published)
        for block in pasted.blocks:
            for inline in block.inlines:
                url = getattr(inline, "href", None) or getattr(inline, "src", None) or ""
                if url_scheme(url) in ("javascript", "vbscript", "data") and not (
                        SAFE_INLINE_IMAGE.match(url)):
                    found.append(f"block URL {url[:40]!r}")
        if found:
            tally.note("unsafe", f"{found} from {html[:200]!r}")
            raise AssertionError(f"dangerous paste {found}")

    try:
        check()
        for size in (MAX_PASTE_BYTES + 1, 2 * MAX_PASTE_BYTES):
            tally.cases += 1
            with pytest.raises(PasteTooLargeError) as refused:
                read_paste("<p>" + "a" * size)
            tally.refused += 1
            assert "paste it in parts" in str(refused.value)
        # The editor's text limit stops the reading part way, with its own message.
        tally.cases += 1
        with pytest.raises(PasteTooLargeError) as refused:
            read_paste("<p>" + "слово " * 10_000, max_chars=50_000)
        tally.refused += 1
        assert "more than 50\u00a0000 characters" in str(refused.value)
        assert len(read_paste("<p>" + "слово " * 8_000, max_chars=50_000).blocks) == 1
    finally:
        _record(figures, tally, "results with script, on*, or script URLs")
    assert tally.first == []


# ------------------------------------------------------------------ import files

GOOD_FILE = """\
---
title: "Засідання колегії: підсумки року"
lead: Колегія розглянула звіт управління.
section: Новини
tags: [освіта, Київ]
signature: Прес-служба
date: 2016-07-13 10:50
---
Колегія **затвердила** звіт про сім’ї та «волонтерів».

Наступне засідання — у вересні.
"""
YAML_VALUES = [
    "", "~", "null", "true", "no", "0", "-1", "1e400", ".nan", "0x1F", "9" * 400, "[]", "{}",
    "[a, [b, {c: d}]]", "{a: b}", "'x'", '"x\\ny"', '"\\u0000"', '"\\uD800"', "!!binary aGk=",
    "!!python/object:os.system x", "&a [*a]", "*undefined", "2016-02-30", "0001-01-01",
    "9999-12-31 23:59", "0001-01-01 00:00", "2016-07-13 10:50:00+14:00",
    "2016-07-13T25:61:00", "|\n  block\n  text", ">-\n  folded", "- item", "? complex",
    "«Лапки»", "'unclosed", '"unclosed', "a: b: c", "@reserved", "`tick", "%TAG", "\t",
    "https://oda.gov.ua/x", "ftp://x", "javascript:alert(1)", "http://", "published", "draft",
    "PUBLISHED", "trashed", "olena", "nobody", "\x00", "\x85", "\ufeff", "😀" * 50,
]
KEYS = [*sorted(importer.KNOWN_KEYS), "colour", "Title", "title ", "'title'", "? title", "<<"]
FRONT = st.lists(st.tuples(st.sampled_from(KEYS),
                           st.one_of(st.sampled_from(YAML_VALUES), st.text(max_size=20))),
                 min_size=1, max_size=8).map(
    lambda pairs: "".join(f"{k}: {v}\n" for k, v in pairs))
FILE_TEXT = st.builds(
    lambda front, body, head, tail: f"{head}---\n{front}{tail}\n{body}",
    FRONT, st.text(max_size=200), st.sampled_from(["", "\ufeff", " ", "\n"]),
    st.sampled_from(["---", "...", "--- ", "", "----"]))
ENCODINGS = ["utf-8", "utf-8-sig", "cp1251", "utf-16", "utf-16-le", "koi8-u", "latin-1"]


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "replace")


VALID_TEXT = st.builds(
    lambda title, lead, tags, body: (f"---\ntitle: {json.dumps(title)}\nlead: {json.dumps(lead)}\n"
                                     f"tags: {json.dumps(tags)}\n---\n{body}"),
    st.text(min_size=1, max_size=60), st.text(max_size=60),
    st.lists(st.text(min_size=1, max_size=12), max_size=4), st.text(max_size=400))
RAW_FILE = st.one_of(
    VALID_TEXT.map(str.encode), VALID_TEXT.map(str.encode),
    st.binary(max_size=2000),
    st.integers(0, len(GOOD_FILE.encode())).map(lambda n: GOOD_FILE.encode()[:n]),
    st.builds(_encoded, st.sampled_from([GOOD_FILE]), st.sampled_from(ENCODINGS)),
    st.builds(_encoded, FILE_TEXT, st.sampled_from(ENCODINGS)),
    st.builds(lambda text, cut: text.encode()[:cut], FILE_TEXT, st.integers(0, 400)),
    FILE_TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")),
)


def _counts(db: Database) -> dict[str, int]:
    """Rows in every table: a refused batch must leave each exactly as it was."""
    with db.uow() as uow:
        return {table.name: int(uow.session.scalar(select(func.count()).select_from(table))
                                or 0) for table in Base.metadata.sorted_tables}


def _one_clear_line(message: str) -> bool:
    return bool(message.strip()) and "\n" not in message and "Traceback" not in message


@pytest.mark.slow
def test_import_files_are_imported_or_refused_whole(db: Database, people: People,
                                                    figures: Figures) -> None:
    """Bad input: import files"""
    tally = Tally()

    @settings(max_examples=scale(150, 1500), **SETTINGS)
    @given(raw=RAW_FILE, good_first=st.booleans())
    def check(raw: bytes, good_first: bool) -> None:
        tally.cases += 1
        batch = [("fuzzed.md", raw)]
        if good_first:  # a good file before the bad one must not be stored either
            batch.insert(0, ("good.md", GOOD_FILE.encode()))
        before = _counts(db)
        try:
            with db.uow() as uow:
                ids = importer.import_files(uow, people.editor, batch)
                uow.commit()
        except NewsroomError as exc:
            tally.refused += 1
            problems = []
            if _counts(db) != before:
                problems.append(tally.note("partial", f"{exc.message!r} for {raw[:200]!r}"))
            if "fuzzed.md" not in exc.message or not _one_clear_line(exc.message):
                problems.append(tally.note("unclear", f"{exc.message!r} for {raw[:200]!r}"))
            assert problems == []
            return
        except Exception as exc:
            tally.note("crashes", f"{type(exc).__name__}: {exc} for {raw[:200]!r}")
            raise
        tally.accepted += 1
        problems = []
        after = _counts(db)
        if len(ids) != len(batch) or after["articles"] != before["articles"] + len(batch):
            problems.append(tally.note(
                "partial", f"{len(ids)} of {len(batch)} stored for {raw[:200]!r}"))
        parsed = importer.parse("fuzzed.md", raw)
        with db.uow() as uow:
            stored = articles.get(uow, ids[-1])
        if (stored.title, stored.body, stored.lead) != (
                parsed.draft.title, parsed.draft.body, parsed.draft.lead):
            problems.append(tally.note(
                "unsafe", f"stored {stored.title!r} differs from the file {raw[:200]!r}"))
        assert problems == []

    try:
        check()
    finally:
        figures.info("files tried", tally.cases)
        figures.info("refused with a message", tally.refused)
        figures.info("imported", tally.accepted)
        figures.zero("crashes", tally.crashes)
        figures.zero("partial writes", tally.partial)
        figures.zero("unclear messages", tally.unclear)
        figures.zero("stored text differs from the file", tally.unsafe)
    assert tally.first == []


def test_non_utf8_and_truncated_files_are_refused_with_a_message(db: Database,
                                                                 people: People) -> None:
    """The named cases of the brief, each refused with the importer's own words."""
    text = GOOD_FILE
    cases = {
        "cp1251": text.encode("cp1251"),
        "utf-16": text.encode("utf-16"),
        "koi8-u": text.encode("koi8-u", "replace"),
        "cut inside a letter": text.encode()[:text.encode().index("Колегія".encode()) + 3],
        "cut inside the front matter": text.encode()[:40],
        "unpaired escape": b'---\ntitle: "\\ud83d news"\n---\nx\n',
        "escaped NUL in a tag": b'---\ntitle: x\ntags: ["\\0"]\n---\nx\n',
        "date before year 1 in UTC": b'---\ntitle: x\ndate: 0001-01-01\n---\nx\n',
        "date after 9999 in UTC": b'---\ntitle: x\ndate: 9999-12-31 23:59:59-05:00\n---\nx\n',
    }
    before = _counts(db)
    for name, raw in cases.items():
        with db.uow() as uow, pytest.raises(ValidationError) as refused:
            importer.import_files(uow, people.editor, [("good.md", GOOD_FILE.encode()),
                                                       (f"{name}.md", raw)])
        assert refused.value.message.startswith(f"{name}.md: "), refused.value.message
        assert _one_clear_line(refused.value.message), refused.value.message
        assert _counts(db) == before, name
    # The pair a JSON tool writes for an emoji is one character, stored as such.
    parsed = importer.parse("emoji.md", b'---\ntitle: "\\ud83d\\ude00 news"\n---\nx\n')
    assert parsed.draft.title == "\U0001f600 news"


# ------------------------------------------------------------------ search queries

HOSTILE = ["AND", "OR", "NOT", "NEAR", "NEAR(", "title_lemmas:", "lemmas:", "^", "*", '"', "'",
           "(", ")", ":", "~", "-", "+", "{", "}", "&", "|", "!", "<->", "<1>", ":*", "\\",
           "%", "_", "\x00", "\x01", "\x1f", "\x7f", "\ud800", "\udfff", "\u202e", "\ufeff",
           "😀", "волонтер", "волонтерів", "сім’ї", "сім'ї", "Київ", "ОДА", "NULL", "'; DROP",
           "--", "/*", "*/", "\t", "\n", "$1", "?", "%s", "{0}", "\\x00", "ї" * 300]
QUERY = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)),
             max_size=12).map(" ".join),
    st.lists(st.sampled_from(HOSTILE), max_size=5).map("".join),
    st.builds(lambda word, n: (word + " ") * n, st.sampled_from(HOSTILE),
              st.integers(100, 3000)),
)


def _rows(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, for "nothing changed" at the end."""
    with db.uow() as uow:
        return {table.name: sorted(tuple(map(repr, row))
                                   for row in uow.session.execute(select(table)))
                for table in Base.metadata.sorted_tables}


def _search_corpus(db: Database, people: People) -> list[int]:
    texts = [("Волонтери допомогли сім’ям Києва", "AND OR NOT NEAR title_lemmas: ^ * \" '"),
             ("Обласна рада: «бюджет» на 2026 рік", "Депутати ОДА ухвалили кошторис."),
             ("Ремонт доріг", "Роботи тривають; волонтерів запрошують."),
             ("😀 Emoji і ' лапки \"", "NUL-free text with (parentheses) and: colons")]
    ids = []
    with db.uow() as uow:
        for i, (title, body) in enumerate(texts):
            status = Status.PUBLISHED if i % 2 == 0 else Status.DRAFT
            ids.append(articles.create(uow, people.editor, Draft(title=title, body=body),
                                       status=status).id)
        uow.commit()
    return ids


def _run_searches(db: Database, ids: list[int], text: str) -> None:
    """Every way the app and the CLI search, with the query as typed."""
    with db.uow() as uow:
        for prefixes in (False, True):
            for hit in search_query.search(uow, text, limit=20, prefixes=prefixes):
                assert hit.article_id in ids
        rows = article_list.query_rows(uow, article_list.ListQuery(search=text), limit=50)
        assert {r.id for r in rows} <= set(ids)
        assert article_list.count_rows(uow, article_list.ListQuery(search=text)) == len(rows)
        search_query.snippets(uow, [r.id for r in rows], text)
        for view in related.search_candidates(uow, ids[0], text):
            assert view.id in ids


@pytest.mark.slow
def test_search_queries_give_a_list_and_change_nothing(db: Database, people: People,
                                                       figures: Figures) -> None:
    """Bad input: search queries"""
    tally = Tally()
    ids = _search_corpus(db, people)
    before = _rows(db)

    @settings(max_examples=scale(150, 2000), **SETTINGS)
    @given(text=QUERY)
    def check(text: str) -> None:
        tally.cases += 1
        try:
            _run_searches(db, ids, text)
        except Exception as exc:
            tally.note("crashes", f"{type(exc).__name__}: {exc} for {text[:200]!r}")
            raise

    try:
        check()
        with db.uow() as uow:  # the control: a real word still finds its article
            assert [h.article_id for h in search_query.search(uow, "волонтерам")] == [ids[0],
                                                                                      ids[2]]
    finally:
        changed = sum(1 for name, rows in _rows(db).items() if rows != before[name])
        figures.info("queries tried", tally.cases)
        figures.zero("crashes", tally.crashes)
        figures.zero("tables changed", changed)
    assert tally.first == []
    assert changed == 0


# ------------------------------------------------------------------ CLI arguments

EXIT_CODES = {0, 1, 2}  # ok, refused with a message, usage error (cli.py's docstring)
SIGNATURE = "Управління у справах преси та інформації"


def _subcommands(parser: Any, prefix: tuple[str, ...] = ()
                 ) -> Iterator[tuple[Any, tuple[str, ...]]]:
    """Every leaf command of the real parser, with the option strings it accepts."""
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _subcommands(sub, (*prefix, name))
            return
    yield parser, prefix


def _leaf_commands() -> list[tuple[tuple[str, ...], list[Any]]]:
    """(the words that name the command, its argparse actions) for every command."""
    return [(words, [a for a in parser._actions if a.dest != "help"])
            for parser, words in _subcommands(cli.build_parser())]


COMMANDS = _leaf_commands()
# Addresses that cannot reach a database. Not "postgresql://": libpq's defaults make it a
# real server on a developer's PC or the CI, which "init" would then fill.
BAD_DBS = ["nosuch://x", "sqlite:///{tmp}/nofolder/sub/x.sqlite3", "postgresql://[::1", "",
           "sqlite://", "postgresql+psycopg://postgres@127.0.0.1:1/none", "http://x", " "]
TEXT_ARG = st.text(alphabet=st.characters(blacklist_categories=["Cs"],
                                          blacklist_characters="\x00"), max_size=20)
NUMBERS = st.one_of(st.sampled_from(["1", "2", "3", "4", "5", "6"]), st.sampled_from(
    ["0", "-1", "9" * 19, "9" * 30, "9" * 5000, "1e3", "0x10", "١", "", " 3"]))
POOLS: dict[str, st.SearchStrategy[str]] = {
    "as_login": st.sampled_from(["olena", "ivan", "nadiia", "Olena", " nadiia", "nobody", ""]),
    "login": st.one_of(st.sampled_from(["zoe", "olena", "Zoë", "", " ", "a" * 300]), TEXT_ARG),
    "role": st.sampled_from(["writer", "reviewer", "editor", "admin", "chief", "", "WRITER"]),
    "files": st.sampled_from(["files/good.md", "files/bad.md", "files/cp1251.md", "files",
                              "nosuch.md", "", "files/good.md\x01"]),
    "at": st.sampled_from(["2030-12-01 10:00", "2000-01-01 10:00", "next tuesday", "",
                           "2030-02-30 10:00", "9999-12-31 23:59", "0001-01-01 00:00"]),
    "status": st.sampled_from(["draft", "published", "in-review", "in_review", "nosuch", ""]),
    "state": st.sampled_from(["pending", "sent", "failed", "nosuch", ""]),
    "url": st.sampled_from(["https://oda.gov.ua/wp", "https://", "http://[::1", "ftp://x",
                            "javascript:alert(1)", "", "oda.gov.ua"]),
    "path": st.sampled_from(["site-out", "", "files/good.md", "/proc/nosuch/site", "ї/ї"]),
    "ca_file": st.sampled_from(["files/good.md", "nosuch.pem", "", "files"]),
    "kind": st.sampled_from(["static", "wordpress", "ftp", ""]),
    "lang": st.sampled_from(["uk", "en", "de", ""]),
    "search": st.one_of(st.sampled_from(["волонтер", "AND OR", '"', "\x01", "ї" * 3000]),
                        TEXT_ARG),
}


def _value(action: Any) -> st.SearchStrategy[str]:
    """Plausible words for this argument most of the time, anything some of the time."""
    if action.dest in POOLS:
        return st.one_of(POOLS[action.dest], POOLS[action.dest], TEXT_ARG)
    if action.choices:
        return st.one_of(st.sampled_from(sorted(map(str, action.choices))), TEXT_ARG)
    if action.type is not None:  # the positive numbers: ids, limits
        return NUMBERS
    return TEXT_ARG


@st.composite
def argv_lists(draw: st.DrawFn) -> list[str]:
    """A command of the real parser with mostly plausible values, and some noise."""
    words, actions = draw(st.sampled_from(COMMANDS))
    argv = list(words)
    for action in actions:
        if not action.option_strings:  # positional
            count = 1 if action.nargs in (None, "?") else draw(st.integers(1, 3))
            argv += [draw(_value(action)) for _ in range(count)]
        elif draw(st.integers(0, 9)) < (9 if action.required else 4):
            argv.append(draw(st.sampled_from(action.option_strings)))
            if action.nargs != 0:
                argv.append(draw(_value(action)))
    noise = draw(st.integers(0, 9))
    if noise == 0 and argv:
        del argv[draw(st.integers(0, len(argv) - 1))]
    elif noise == 1:
        argv.insert(draw(st.integers(0, len(argv))), draw(st.one_of(
            TEXT_ARG, st.sampled_from(["--json", "--as", "--", "-", "--limit", "-h"]))))
    elif noise == 2:
        argv[:0] = ["--db", draw(st.sampled_from(BAD_DBS))]
    if draw(st.integers(0, 5)) == 0:
        argv[:0] = ["--lang", draw(POOLS["lang"])]
    return argv


def _prepare_cli_db(path: Path) -> None:
    """A small newsroom: three people and articles in several states."""
    db = Database(f"sqlite:///{path.as_posix()}")
    migrate.upgrade(db)
    with db.uow() as uow:
        olena = users.add_user(uow, "olena", Role.WRITER, "Олена Петренко", SIGNATURE).id
        ivan = users.add_user(uow, "ivan", Role.REVIEWER, "Іван Мельник").id
        nadiia = users.add_user(uow, "nadiia", Role.EDITOR, "Надія Шевчук").id
        articles.create(uow, olena, Draft(title="Чернетка", body="Текст.\n"))
        articles.create(uow, nadiia, Draft(title="Архівна", body="Текст.\n"),
                        status=Status.PUBLISHED)
        for steps in ([(olena, Action.SUBMIT)], [(olena, Action.SUBMIT), (ivan, Action.APPROVE)]):
            article_id = articles.create(uow, olena, Draft(title="У роботі", body="Текст.\n")).id
            for who, action in steps:  # #3 in review, #4 approved: the workflow has work
                workflow.transition(uow, who, article_id, action)
        uow.commit()
    db.dispose()


def _files(*folders: Path) -> set[str]:
    """Every file and folder a command could have left behind (the databases and the
    CLI's own log aside)."""
    return {p.as_posix() for folder in folders for p in folder.rglob("*")
            if p.relative_to(folder).parts[0] not in ("runs", "logs")}


@dataclass(frozen=True)
class CliRun:
    argv: tuple[str, ...]
    code: int
    out: str
    err: str


def _run_cli(argv: list[str]) -> CliRun:
    out, err = io.StringIO(), io.StringIO()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = cli.main(argv)
    except SystemExit as exit_:  # --help: argparse prints and exits itself
        code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        i18n.set_language("en")
    return CliRun(tuple(argv), code, out.getvalue(), err.getvalue())


@pytest.mark.slow
def test_cli_arguments_get_a_clear_line_and_change_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figures: Figures) -> None:
    """Bad input: CLI arguments"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSROOM_SITE_PASSWORD", raising=False)
    files = tmp_path / "files"
    files.mkdir()
    (files / "good.md").write_text(GOOD_FILE, "utf-8")
    (files / "bad.md").write_text("---\ntitle: x\ncolour: red\n---\n", "utf-8")
    (files / "cp1251.md").write_bytes(GOOD_FILE.encode("cp1251"))
    prepared = tmp_path / "prepared.sqlite3"
    _prepare_cli_db(prepared)
    baseline = sqlite_rows(prepared)
    runs = tmp_path / "runs"
    runs.mkdir()
    data_dir = Path(os.environ["NEWSROOM_DATA_DIR"])  # the embedded default lives there
    tally = Tally()
    codes: dict[int, int] = {}

    @settings(max_examples=scale(80, 1000), **SETTINGS)
    @given(argv=argv_lists())
    def check(argv: list[str]) -> None:
        tally.cases += 1
        # A fresh file each time: the CLI leaves its engine to the process exit, and
        # a copy over a file whose WAL is still open would mix two databases.
        gc.collect()
        for old in runs.iterdir():
            old.unlink()
        work = Path(shutil.copyfile(prepared, runs / f"newsroom-{tally.cases}.sqlite3"))
        argv = [w.replace("{tmp}", tmp_path.as_posix()) for w in argv]
        files_before = _files(tmp_path, data_dir)
        run = _run_cli(["--db", f"sqlite:///{work.as_posix()}", *argv])
        codes[run.code] = codes.get(run.code, 0) + 1
        lines = run.err.splitlines()
        problem = None
        if run.code not in EXIT_CODES or "Traceback" in run.out + run.err:
            problem = tally.note("crashes", f"{run}")
        elif run.code != 0 and not (len(lines) == 1 and lines[0].startswith("newsroom")
                                    and len(lines[0]) > len("newsroom: ")):
            problem = tally.note("unclear", f"{run}")
        elif run.code != 0 and (sqlite_rows(work) != baseline
                                or _files(tmp_path, data_dir) != files_before):
            problem = tally.note("partial", f"{run}")
        if run.code == 0:
            tally.accepted += 1
        else:
            tally.refused += 1
        nofolder = tmp_path / "nofolder"
        if run.code == 0 and nofolder.exists():
            shutil.rmtree(nofolder)  # "init" may make a database there: that is its job
        assert not nofolder.exists(), run  # every other command must not
        assert problem is None, problem

    try:
        check()
    finally:
        figures.info("command lines tried", tally.cases)
        figures.info("exit codes seen", " ".join(f"{c}×{n}" for c, n in sorted(codes.items())))
        figures.zero("crashes (exit 3 or traceback)", tally.crashes)
        figures.zero("unclear stderr (not one line)", tally.unclear)
        figures.zero("partial writes by a failing command", tally.partial)
    assert tally.first == []


def test_the_cli_runner_sees_what_a_user_sees(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-process runner gets the exit code and the one stderr line a shell would."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "x.sqlite3"
    _prepare_cli_db(path)
    run = _run_cli(["--db", f"sqlite:///{path.as_posix()}", "article", "show", "999"])
    assert (run.code, run.out, run.err) == (1, "", "newsroom: no article #999\n"), run
    run = _run_cli(["--db", f"sqlite:///{path.as_posix()}", "article", "show", "x"])
    assert run.code == 2 and len(run.err.splitlines()) == 1, run
    assert _run_cli(["--help"]).code == 0
    # The bugs this suite found, as named cases.
    run = _run_cli(["--db", "", "article", "list"])  # "--db $UNSET_VARIABLE"
    assert run.code == 1 and "--db is empty" in run.err, run
    assert not (Path(os.environ["NEWSROOM_DATA_DIR"]) / "newsroom.sqlite3").exists()
    run = _run_cli(["--db", "postgresql://[::1", "article", "list"])
    assert run.code == 1 and "is not a database address" in run.err, run
    run = _run_cli(["--db", f"sqlite:///{path.as_posix()}", "article", "show", "9" * 20])
    assert run.code == 2 and "too large a number" in run.err, run
    run = _run_cli(["--db", f"sqlite:///{path.as_posix()}", "article", "submit", "1",
                    "--as", "olena\r\x1b[2K"])
    assert run.err == "newsroom: no such user 'olena\\r\\x1b[2K'\n", run
    run = _run_cli(["--db", f"sqlite:///{path.as_posix()}", "article", "queue", "1",
                    "--as", "nadiia", "--at", "0001-01-01 00:00"])
    assert run.code == 1 and "cannot read date" in run.err, run

"""Pasting from word processors, and the Markdown dialect the result is stored in.

The fixtures are clipboard HTML as Word (Windows), LibreOffice Writer and
Google Docs (Chrome) put it there, with the same short press release in each,
so the three must clean up to the same structure. Output is checked by parsing
it, not by searching strings, since escaped text can look like markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom import i18n
from newsroom.locale_uk import MESSAGES_UK
from newsroom.text.markdown_dialect import (
    Block,
    Image,
    Inline,
    Kind,
    LineBreak,
    Span,
    blocks_to_html,
    blocks_to_markdown,
    image_src,
    link_url,
    normalize_blocks,
    normalize_markdown,
    read_html,
    read_markdown,
)
from newsroom.text.markdown_render import markdown_to_html
from newsroom.text.paste import (
    MAX_PASTE_BYTES,
    PASTE_TAGS,
    PasteTooLargeError,
    clean_pasted_html,
    html_to_markdown,
    read_paste,
)

DATA = Path(__file__).parent / "data"
FIXTURES = ["word", "libreoffice", "gdocs"]
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
PAYLOADS = [line.replace("\\n", "\n")
            for line in (DATA / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
            if line.strip()]


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, tag: str) -> list[Node]:
        found: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    found.append(child)
                found.extend(child.find(tag))
        return found

    def shape(self) -> list[object]:
        """The element structure without the text, to compare two documents."""
        return [(c.tag, c.shape()) for c in self.children if isinstance(c, Node)]


class TreeBuilder(HTMLParser):
    VOID: ClassVar[set[str]] = {"br", "img"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"badly nested </{tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def tree(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.comments == []
    assert len(builder.stack) == 1, "unclosed elements"
    return builder.root


def all_nodes(node: Node) -> list[Node]:
    out: list[Node] = []
    for child in node.children:
        if isinstance(child, Node):
            out.append(child)
            out.extend(all_nodes(child))
    return out


def assert_clean(html: str) -> Node:
    """Only the toolbar's tags and attributes, nothing from Office, no styling."""
    # Only the markup: a pasted sentence may well say "font" or "style".
    markup = "".join(re.findall(r"<[^>]*>", html)).lower()
    for word in ("style", "class", "font", "span", "o:p", "mso", "<!", "lang="):
        assert word not in markup, (word, html)
    root = tree(html)
    for node in all_nodes(root):
        assert node.tag in PASTE_TAGS, html
        assert set(node.attrs) <= ALLOWED_ATTRIBUTES.get(node.tag, set()), node
        for name in ("href", "src"):
            value = node.attrs.get(name)
            if value is not None:
                assert re.match(r"(https?:|mailto:|data:image/(png|jpeg|gif|webp);base64,)",
                                value), value
    return root


def fixture(name: str) -> str:
    return (DATA / "paste" / f"{name}.html").read_text(encoding="utf-8")


# ------------------------------------------------------------ the fixtures

EXPECTED_MARKDOWN_BODY = """\
Обласна державна адміністрація повідомляє, що з 15 жовтня **розпочнеться опалювальний \
сезон**. Голова ОДА наголосив: «*Кожна сім’я має отримати тепло вчасно*».

{subheading} Стан готовності

- перевірено 1 250 котелень;
- об’єкти соціальної сфери готові на 97{nbsp}%;
    - школи та садочки — повністю;
- резерв палива — 12 тис. тонн.

Що потрібно зробити керівникам громад:

1. Подати заявку до 1 жовтня.
2. Отримати паспорт готовності.
3. Звітувати щотижня.

{quote}

Докладніше — на [сайті облдержадміністрації](https://oda.gov.ua/news/opalyuvalnyi-sezon). \
Гаряча лінія: \\*1551 #тепло
"""
EXPECTED_MARKDOWN = {
    "word": "## Про підготовку до опалювального сезону 2024/2025 років\n\n"
            + EXPECTED_MARKDOWN_BODY.format(
                subheading="##", nbsp="\u00a0",
                quote="> Тепло в оселях — це питання безпеки, а не комфорту."),
    "libreoffice": "## Про підготовку до опалювального сезону 2024/2025 років\n\n"
                   + EXPECTED_MARKDOWN_BODY.format(
                       subheading="###", nbsp=" ",
                       quote="> *Тепло в оселях — це питання безпеки, а не комфорту.*")
                   + "\nПрес-служба **ОДА**\n",
    # Google Docs has no quote style: the indented italic paragraph stays one.
    "gdocs": "## Про підготовку до опалювального сезону 2024/2025 років\n\n"
             + EXPECTED_MARKDOWN_BODY.format(
                 subheading="###", nbsp=" ",
                 quote="*Тепло в оселях — це питання безпеки, а не комфорту.*")
             + "\nФото: ![](https://lh7-rt.googleusercontent.com/docsz/AD_4nXfQm3kP2rT9vW1xY7"
               "zA0bC4dE6fG8hI0jK2lM4nO6pQ8rS0tU2vW4xY6zA8bC0dE2fG4hI6jK8lM0nO2pQ4rS6tU8"
               "?key=Z3J1cG9wYWxu)\n",
}


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_is_cleaned_to_the_toolbar_subset(name: str) -> None:
    raw = fixture(name)
    assert "style=" in raw  # the fixtures really are messy
    root = assert_clean(clean_pasted_html(raw))

    assert root.find("h2")[0].text() == (
        "Про підготовку до опалювального сезону 2024/2025 років")
    assert "Стан готовності" in [h.text() for h in root.find("h2") + root.find("h3")]

    [bullets, nested] = root.find("ul")
    assert [li.text().replace("\u00a0", " ") for li in bullets.children
            if isinstance(li, Node)] == [
        "перевірено 1 250 котелень;",
        "об’єкти соціальної сфери готові на 97 %;школи та садочки — повністю;",
        "резерв палива — 12 тис. тонн.",
    ]
    assert [li.text() for li in nested.find("li")] == ["школи та садочки — повністю;"]
    [numbers] = root.find("ol")
    assert [li.text() for li in numbers.find("li")] == [
        "Подати заявку до 1 жовтня.", "Отримати паспорт готовності.", "Звітувати щотижня."]

    [link] = root.find("a")
    assert link.attrs == {"href": "https://oda.gov.ua/news/opalyuvalnyi-sezon"}
    assert link.text() == "сайті облдержадміністрації"
    assert root.find("strong")[0].text() == "розпочнеться опалювальний сезон"
    assert root.find("em")[0].text() == "Кожна сім’я має отримати тепло вчасно"

    text = root.text()
    assert "Голова ОДА наголосив: «Кожна сім’я має отримати тепло вчасно»." in text
    assert "Гаряча лінія: *1551 #тепло" in text
    for marker in ("\u00b7", "\uf0b7", "§"):
        assert marker not in text


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_becomes_the_expected_markdown(name: str) -> None:
    cleaned = clean_pasted_html(fixture(name))
    assert html_to_markdown(cleaned) == EXPECTED_MARKDOWN[name]
    assert html_to_markdown(fixture(name)) == EXPECTED_MARKDOWN[name]  # raw works too


@pytest.mark.parametrize("name", FIXTURES)
def test_markdown_renders_back_to_the_same_structure(name: str) -> None:
    cleaned = clean_pasted_html(fixture(name))
    rendered = markdown_to_html(html_to_markdown(cleaned))
    assert read_html(rendered).blocks == read_html(cleaned).blocks
    assert tree(cleaned).shape() == tree(re.sub(r'\s*rel="[^"]*"|\n', "", rendered)).shape()


def test_google_docs_wrapper_does_not_make_everything_bold() -> None:
    raw = fixture("gdocs")
    assert '<b style="font-weight:normal;" id="docs-internal-guid-' in raw
    root = tree(clean_pasted_html(raw))
    assert [s.text() for s in root.find("strong")] == ["розпочнеться опалювальний сезон"]
    assert not any(node.tag == "strong" for node in root.children if isinstance(node, Node))


def test_word_details() -> None:
    raw = fixture("word")
    cleaned = clean_pasted_html(raw)
    # <b style='mso-bidi-font-weight:normal'> is still bold: only font-weight counts.
    assert "<strong>розпочнеться опалювальний сезон</strong>" in cleaned
    # mso-outline-level:2 made "Стан готовності" a heading, its bold belongs to it.
    assert "<h2>Стан готовності</h2>" in cleaned
    assert "<blockquote><p>Тепло в оселях" in cleaned  # class=MsoQuote
    # The picture is a file in Word's temporary folder: left out, and counted.
    assert "<img" not in cleaned and read_paste(raw).dropped_images == 1
    assert "clip_image" not in cleaned and "OfficeDocumentSettings" not in cleaned


def test_word_list_variants() -> None:
    template = ("<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'>{cond}"
                "<span style='mso-list:Ignore'>{marker}<span>&nbsp;&nbsp; </span></span>"
                "{endcond}<span lang=UK>пункт {marker}</span></p>")
    for cond, endcond in [("<![if !supportLists]>", "<![endif]>"),
                          ("<!--[if !supportLists]-->", "<!--[endif]-->")]:
        for marker, tag in [("·", "ul"), ("o", "ul"), ("§", "ul"), ("-", "ul"),
                            ("1.", "ol"), ("12)", "ol"), ("а)", "ol"), ("IV.", "ol")]:
            html = template.format(cond=cond, endcond=endcond, marker=marker)
            assert clean_pasted_html(html) == f"<{tag}><li>пункт {marker}</li></{tag}>", html


def test_headings_are_mapped_into_h2_to_h4() -> None:
    html = ("<h1>Один</h1><h2>Два</h2><h3>Три</h3><h4>Чотири</h4><h5>П’ять</h5><h6>Шість</h6>"
            "<p class=MsoTitle>Титул</p><p class=MsoHeading3>Word</p>"
            "<p style='mso-outline-level:4'>Рівень</p>")
    assert clean_pasted_html(html) == (
        "<h2>Один</h2><h2>Два</h2><h3>Три</h3><h4>Чотири</h4><h4>П’ять</h4><h4>Шість</h4>"
        "<h2>Титул</h2><h3>Word</h3><h4>Рівень</h4>")


@pytest.mark.parametrize(("html", "expected"), [
    ("<p>a</p><p>&nbsp;</p><p> \u00a0 </p><p><span></span></p><p><o:p>&nbsp;</o:p></p><p>b</p>",
     "<p>a</p><p>b</p>"),
    ("<style>p{color:red}</style><script>alert(1)</script><meta name=x content=y><p>a</p>",
     "<p>a</p>"),
    ("<p><a href='javascript:alert(1)'>x</a> <a href='/relative'>y</a> "
     "<a href='mailto:press@oda.gov.ua'>z</a></p>",
     '<p>x y <a href="mailto:press@oda.gov.ua">z</a></p>'),
    ("<p><img src='data:image/svg+xml;base64,PHN2Zz4='><img src='data:image/png;base64,iVBO'"
     " alt='графік'></p>", '<p><img src="data:image/png;base64,iVBO" alt="графік"></p>'),
    ("<p><font color=red face=Arial><span style='font-style:italic'>курсив</span></font>"
     "<b style='font-weight:400'> звичайний</b></p>", "<p><em>курсив</em> звичайний</p>"),
    ("<ul><li>один<li>два</ul>", "<ul><li>один</li><li>два</li></ul>"),
    ("<p>перший<p>другий", "<p>перший</p><p>другий</p>"),
    ("<table><tr><td>клітинка</td><td>друга</td></tr></table>",
     "<p>клітинка</p><p>друга</p>"),
    ("<p>рядок<br>другий<br><br></p>", "<p>рядок<br>другий</p>"),
    ("Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000200\r\n<html><body><p>x</p>",
     "<p>x</p>"),
])
def test_cleaning_cases(html: str, expected: str) -> None:
    assert clean_pasted_html(html) == expected


def test_size_guard() -> None:
    just_fits = "<p>" + "a" * (MAX_PASTE_BYTES - 7) + "</p>"
    assert len(just_fits.encode()) == MAX_PASTE_BYTES
    assert clean_pasted_html(just_fits).startswith("<p>aaa")
    with pytest.raises(PasteTooLargeError, match="at most 5 MB"):
        clean_pasted_html(just_fits + "a")
    # Counted in UTF-8 bytes: 3 million Cyrillic letters are 6 MB.
    with pytest.raises(ValueError, match="about 6 MB"):
        clean_pasted_html("ї" * 3_000_000)


def test_size_guard_message_is_translated() -> None:
    if not any(key.startswith("the pasted fragment is about") for key in MESSAGES_UK):
        pytest.skip("the Ukrainian text is not in newsroom/locale_uk.py yet")
    i18n.set_language("uk")
    with pytest.raises(PasteTooLargeError) as raised:
        clean_pasted_html("ї" * 3_000_000)
    assert "МБ" in str(raised.value)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_attack_payloads_come_out_clean(payload: str) -> None:
    assert_clean(clean_pasted_html(payload))
    assert_clean(clean_pasted_html(f"<p>Перший абзац.</p>{payload}"))


# ----------------------------------------------------------- property tests

FRAGMENTS = [
    "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<strong>", "</em>", "<ul>", "<ol>", "<li>",
    "</li>", "</ul>", "</ol>", "<blockquote>", "</blockquote>", "<h1>", "</h1>", "<h5>",
    "<br>", "<br/>", "<span style='font-weight:700'>", "<span style='font-style:italic'>",
    "</span>", "<b style='font-weight:normal' id='docs-internal-guid-1'>", "<o:p>", "</o:p>",
    "<![if !supportLists]>", "<![endif]>", "<!--[if !supportLists]-->", "<!--[endif]-->",
    "<p class=MsoListParagraph style='mso-list:l0 level2 lfo1'>",
    "<span style='mso-list:Ignore'>", "<a href='https://oda.gov.ua/'>", "<a href='javascript:x'>",
    "</a>", "<img src='https://oda.gov.ua/a.png' alt='фото'>", "<img src=x onerror=alert(1)>",
    "<script>", "</script>", "<style>", "</style>", "<table><tr><td>", "&nbsp;", "&amp;",
    "&lt;b&gt;", "<!-- коментар -->", "<p class=MsoHeading2>", "<div>", "</div>", "<xml>",
    "*", "#", "_", "[", "]", "\\", "`", "1. ", "- ", "> ", "\n", "  ", "’", "«", "»",
]
HTML_LIKE = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
                     max_size=30).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), HTML_LIKE))
def test_anything_pasted_comes_out_clean(html: str) -> None:
    cleaned = clean_pasted_html(html)
    assert_clean(cleaned)
    md = html_to_markdown(cleaned)
    assert html_to_markdown(html) == md
    # What the site renders from the Markdown has the same structure and text.
    assert read_html(markdown_to_html(md)).blocks == read_html(cleaned).blocks


WORDS = ["Обласна", "сім’я", "«лапки»", "—", "1.", "#тег", "*", "_", "\\", "[x]", "<b>",
         "&amp;", "!", "`код`", "-", "+", ">", "=", "~~~", "\u00a0", " ", "  ", "\t"]
URLS = ["https://oda.gov.ua/news/1", "mailto:press@oda.gov.ua", "https://oda.gov.ua/a b(1)_*"]

span = st.builds(
    Span,
    text=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map("".join),
    bold=st.booleans(), italic=st.booleans(),
    href=st.one_of(st.none(), st.sampled_from(URLS)),
)
inline: st.SearchStrategy[Inline] = st.one_of(
    span, span, span,
    st.just(LineBreak()),
    st.builds(Image, src=st.sampled_from(["https://oda.gov.ua/a.jpg", "file:///tmp/фото 1.png"]),
              alt=st.sampled_from(["", "Фото «ОДА»", "a]b*"])),
)
block = st.builds(Block, kind=st.sampled_from(list(Kind)),
                  inlines=st.lists(inline, min_size=1, max_size=6).map(tuple),
                  level=st.integers(0, 5), quoted=st.booleans())


def visible(blocks: tuple[Block, ...]) -> list[object]:
    """What a reader sees: whether a space is bold or italic is not visible."""
    out: list[object] = []
    for item in blocks:
        chars: list[object] = []
        for part in item.inlines:
            if isinstance(part, Span):
                chars += [(c, c.isspace() or part.bold, c.isspace() or part.italic, part.href)
                          for c in part.text]
            else:
                chars.append(part)
        out.append((item.kind, item.level, item.quoted, chars))
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(block, max_size=6))
def test_markdown_written_from_any_blocks_reads_back_and_is_stable(blocks: list[Block]) -> None:
    md = blocks_to_markdown(blocks)
    back = read_markdown(md).blocks
    assert blocks_to_markdown(back) == md
    assert visible(back) == visible(normalize_blocks(blocks))
    assert normalize_blocks(normalize_blocks(blocks)) == normalize_blocks(blocks)
    assert md == "" or (md.endswith("\n") and not md.endswith("\n\n"))


@settings(max_examples=200, deadline=None)
@given(st.lists(block, max_size=6))
def test_the_site_renders_the_blocks_the_editor_reads(blocks: list[Block]) -> None:
    """markdown_to_html (the site) and read_markdown (the editor) parse alike."""
    md = blocks_to_markdown(blocks)
    site = read_html(markdown_to_html(md)).blocks
    editor = tuple(b for b in read_markdown(md).blocks)
    # The sanitiser drops file: pictures from the site; everything else agrees.
    def without_files(items: tuple[Block, ...]) -> list[object]:
        return visible(normalize_blocks(
            Block(b.kind, tuple(i for i in b.inlines
                                if not (isinstance(i, Image) and i.src.startswith("file:"))),
                  b.level, b.quoted) for b in items))
    assert without_files(site) == without_files(editor)


@settings(max_examples=200, deadline=None)
@given(st.lists(block, max_size=6))
def test_html_writer_and_reader_agree(blocks: list[Block]) -> None:
    html = blocks_to_html(blocks)
    assert read_html(html, allow_file_images=True).blocks == normalize_blocks(blocks)


# -------------------------------------------------------------- the dialect

CORPUS = [
    "",
    "Один абзац.\n",
    "## Заголовок\n\nТекст **жирний** і *курсив* — «лапки» та обов’язково.\n",
    "### Підзаголовок\n\n#### Менший\n\n***Жирний курсив*** і **жирний *з курсивом***\n",
    "- один\n- два\n    - вкладений\n        - глибше\n- три\n\n1. перший\n2. другий\n",
    "> Цитата з [посиланням](https://oda.gov.ua/news?id=1&x=2)\n>\n> - пункт у цитаті\n",
    "![Фото з наради](https://oda.gov.ua/photo.jpg)\n\nРядок  \nдругий рядок\n",
    "\\#тег, 1986. рік, \\*зірочка\\*, \\_підкреслення\\_, &lt;b> і \\[дужки\\]\n\n"
    "1986\\. року\n\n\\- не пункт\n\n\\> не цитата\n\n+380 44 000 00 00\n",
    "[пошта](mailto:press@oda.gov.ua) і ![](file:///home/olena/Фото%20наради.jpg)\n",
]


@pytest.mark.parametrize("md", CORPUS)
def test_corpus_is_already_normal(md: str) -> None:
    assert normalize_markdown(md) == md
    assert not read_markdown(md).unsupported


@pytest.mark.parametrize(("md", "normal"), [
    ("# Заголовок\n", "## Заголовок\n"),
    ("__жирний__ _курсив_\n", "**жирний** *курсив*\n"),
    ("* один\n+ два\n", "- один\n- два\n"),
    ("3. три\n7. сім\n", "1. три\n2. сім\n"),
    ("Абзац\n\n\n\nще один   з   пробілами\n", "Абзац\n\nще один з пробілами\n"),
    ("<b>жирний </b>текст\n", "**жирний** текст\n"),
    ("рядок\nпродовження\n", "рядок продовження\n"),
])
def test_normalisation(md: str, normal: str) -> None:
    assert normalize_markdown(md) == normal


def test_unsupported_markdown_is_reported() -> None:
    reading = read_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n---\n")
    assert {"table", "pre", "code", "hr"} <= reading.unsupported


@pytest.mark.parametrize(("url", "expected"), [
    ("https://oda.gov.ua/news", "https://oda.gov.ua/news"),
    ("  http://oda.gov.ua  ", "http://oda.gov.ua"),
    ("https://oda.gov.ua/a b", "https://oda.gov.ua/a%20b"),
    ("mailto:press@oda.gov.ua", "mailto:press@oda.gov.ua"),
    ("HTTPS://ODA.GOV.UA", "HTTPS://ODA.GOV.UA"),
    ("javascript:alert(1)", None),
    ("jav\tascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    ("data:text/html;base64,PHNjcmlwdD4=", None),
    ("file:///etc/passwd", None),
    ("/news/1", None),
    ("oda.gov.ua", None),
    ("https://", None),
    ("mailto:", None),
    ("ftp://oda.gov.ua/", None),
    ("", None),
])
def test_link_urls(url: str, expected: str | None) -> None:
    assert link_url(url) == expected


def test_image_sources() -> None:
    assert image_src("https://oda.gov.ua/a.jpg") == "https://oda.gov.ua/a.jpg"
    assert image_src("data:image/webp;base64,UklG Rg==") == "data:image/webp;base64,UklGRg=="
    assert image_src("data:image/svg+xml;base64,PHN2Zz4=") is None
    assert image_src("file:///tmp/a.png") is None
    assert image_src("file:///tmp/a b.png", allow_files=True) == "file:///tmp/a%20b.png"
    assert image_src("javascript:alert(1)", allow_files=True) is None

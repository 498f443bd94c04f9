"""The HTML policy: hostile markup is neutralised, article markup survives.

Output is checked by parsing it, not only by searching it, because a regex can
be fooled by escaped text that merely looks like an attribute.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsroom.text.markdown_render import markdown_to_html
from newsroom.text.sanitize import sanitize_html

PAYLOAD_FILE = Path(__file__).parent / "data" / "xss_payloads.txt"

# Written out again here rather than imported, so that widening the policy in
# the module has to be done twice, on purpose.
EXPECTED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "blockquote",
    "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "thead", "tbody",
    "tr", "th", "td", "hr", "code", "pre", "sup", "sub",
}  # fmt: skip
EXPECTED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title", "width", "height"},
}
INLINE_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]*={0,2}")


def load_payloads() -> list[str]:
    """One payload a line; a literal backslash-n stands for a line break."""
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip()]


PAYLOADS = load_payloads()
RENDERERS: dict[str, Callable[[str], str]] = {
    "sanitize_html": sanitize_html,
    "markdown_to_html": markdown_to_html,
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]


@dataclass
class Collector(HTMLParser):
    elements: list[Element] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector


def url_scheme(url: str) -> str | None:
    """The scheme as a browser reads it: controls and spaces do not count."""
    compact = re.sub(r"[\x00-\x20\x7f]", "", url).lower()
    match = re.match(r"([a-z][a-z0-9+.\-]*):", compact)
    return match.group(1) if match else None


def assert_safe(html: str) -> None:
    assert not re.search(r"<\s*script", html, re.IGNORECASE), html
    parsed = parse(html)
    assert parsed.comments == [], html
    for element in parsed.elements:
        assert element.tag in EXPECTED_TAGS, html
        allowed = EXPECTED_ATTRIBUTES.get(element.tag, set())
        for name, value in element.attrs.items():
            assert not name.startswith("on"), html
            assert name in allowed, (name, html)
            if name in ("href", "src"):
                assert value is not None
                scheme = url_scheme(value)
                assert scheme not in ("javascript", "vbscript"), html
                if scheme == "data":
                    assert element.tag == "img" and name == "src", html
                    assert INLINE_IMAGE.fullmatch(value), html
        if element.tag == "a":
            assert element.attrs.get("rel") == "noopener noreferrer", html


def test_the_payload_list_is_substantial() -> None:
    assert len(PAYLOADS) >= 60
    assert len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.parametrize("renderer", RENDERERS.values(), ids=list(RENDERERS))
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised(payload: str, renderer: Callable[[str], str]) -> None:
    assert_safe(renderer(payload))


@pytest.mark.parametrize("renderer", RENDERERS.values(), ids=list(RENDERERS))
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_inside_an_article_keeps_the_text_before_it(
    payload: str, renderer: Callable[[str], str]
) -> None:
    # Text after an unclosed <script> or <textarea> is rightly swallowed, as a
    # browser would; the text before the payload must always survive.
    html = renderer(f"Перший абзац.\n\n{payload}\n\nОстанній абзац.")
    assert_safe(html)
    assert "Перший абзац." in "".join(parse(html).text)


def test_the_checker_itself_catches_what_it_should() -> None:
    """Guard against a checker that passes everything."""
    for unsafe in [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="jav&#x09;ascript:alert(1)" rel="noopener noreferrer">x</a>',
        '<img src="data:image/svg+xml;base64,AAAA">',
        '<a href="data:image/png;base64,AAAA" rel="noopener noreferrer">x</a>',
        '<p style="color:red">x</p>',
        '<p class="x">x</p>',
        "<iframe></iframe>",
        '<a href="https://example.com">no rel</a>',
        "<!-- hidden -->",
    ]:
        with pytest.raises(AssertionError):
            assert_safe(unsafe)


@pytest.mark.parametrize("tag", ["script", "style", "iframe", "object", "form", "svg", "math"])
def test_dangerous_containers_lose_their_content_too(tag: str) -> None:
    assert sanitize_html(f"<p>до</p><{tag}>СЕКРЕТ</{tag}><p>після</p>") == ("<p>до</p><p>після</p>")


def test_embed_is_removed() -> None:
    # <embed> is a void element: the text after it is not its content.
    assert sanitize_html('<p>до<embed src="https://x.ua/a.swf">після</p>') == "<p>допісля</p>"


def test_unknown_tags_are_unwrapped_keeping_text() -> None:
    assert sanitize_html("<div><span>текст</span></div>") == "текст"


def test_event_style_class_and_id_attributes_are_removed() -> None:
    html = (
        '<p onclick="x()" style="color:red" class="lead" id="top" title="t" lang="en"'
        ' dir="rtl" data-x="1">абзац</p>'
    )
    assert sanitize_html(html) == "<p>абзац</p>"


def test_links_keep_safe_urls_and_get_rel() -> None:
    for url in [
        "https://www.kmu.gov.ua/",
        "http://example.com/a?b=1",
        "mailto:press@example.gov.ua",
        "tel:+380441234567",
        "/news/2016/07/13",
        "../archive",
        "#top",
    ]:
        html = sanitize_html(f'<a href="{url}" title="Назва">л</a>')
        (link,) = parse(html).elements
        assert link.attrs == {"href": url, "title": "Назва", "rel": "noopener noreferrer"}


def test_own_rel_and_target_are_replaced() -> None:
    html = sanitize_html('<a href="https://x.ua" rel="opener" target="_blank">x</a>')
    assert html == '<a href="https://x.ua" rel="noopener noreferrer">x</a>'


@pytest.mark.parametrize("kind", ["png", "jpeg", "gif", "webp"])
def test_pasted_inline_images_are_kept(kind: str) -> None:
    src = f"data:image/{kind};base64,iVBORw0KGgoAAAANSUhEUg=="
    assert sanitize_html(f'<img src="{src}" alt="фото">') == f'<img src="{src}" alt="фото">'


def test_inline_image_with_wrapped_base64_is_kept_compacted() -> None:
    html = sanitize_html('<img src="data:image/png;base64,iVBO\nRw0K\nGgo=">')
    assert html == '<img src="data:image/png;base64,iVBORw0KGgo=">'


@pytest.mark.parametrize(
    "src",
    [
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "data:text/html;base64,PHNjcmlwdD48L3NjcmlwdD4=",
        "data:image/png,rawbytes",
        "data:image/png;base64,<script>",
        "data:image/bmp;base64,Qk0=",
    ],
)
def test_other_data_images_are_dropped(src: str) -> None:
    assert sanitize_html(f'<img src="{src}" alt="x">') == '<img alt="x">'


def test_data_urls_are_never_kept_on_links() -> None:
    html = sanitize_html('<a href="data:image/png;base64,iVBORw0KGgo=">x</a>')
    assert html == '<a rel="noopener noreferrer">x</a>'


def test_image_dimensions_must_be_numbers() -> None:
    html = sanitize_html('<img src="/a.jpg" width="640" height="50%">')
    assert html == '<img src="/a.jpg" width="640" height="50%">'
    html = sanitize_html('<img src="/a.jpg" width="1;x" height="auto">')
    assert html == '<img src="/a.jpg">'


def test_article_markup_survives_sanitising() -> None:
    html = (
        "<h2>Підсумки</h2><h3>Деталі</h3><h4>Ще</h4>"
        "<p><strong>Важливо</strong>, <b>b</b>, <em>e</em>, <i>i</i>, <u>u</u>, <s>s</s>,"
        " H<sub>2</sub>O, 10<sup>3</sup>, <code>x</code><br>рядок</p>"
        "<blockquote><p>Цитата</p></blockquote><hr>"
        "<ul><li>один</li></ul><ol><li>два</li></ol>"
        '<figure><img src="https://x.ua/a.jpg" alt="Фото" title="Т" width="10" height="20">'
        "<figcaption>Підпис</figcaption></figure>"
        "<table><thead><tr><th>А</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
        "<pre><code>код</code></pre>"
    )
    assert sanitize_html(html) == html


# --- Markdown ------------------------------------------------------------------

GOOD_MARKDOWN = """\
## Підсумки засідання

Текст із **жирним**, *курсивом* і [посиланням](https://www.kmu.gov.ua "Уряд").

- соціальні служби
- волонтерські організації

1. перше
2. друге

> «Волонтерська сотня» допомагає сім’ям.

![Засідання](/images/2016/07/meeting.jpg "Фото пресслужби")
"""


def test_good_markdown_keeps_its_structure() -> None:
    html = markdown_to_html(GOOD_MARKDOWN)
    assert_safe(html)
    elements = parse(html).elements
    tags = [element.tag for element in elements]
    for tag in ["h2", "p", "strong", "em", "a", "ul", "li", "ol", "blockquote", "img"]:
        assert tag in tags, tag
    link = next(element for element in elements if element.tag == "a")
    assert link.attrs == {
        "href": "https://www.kmu.gov.ua",
        "title": "Уряд",
        "rel": "noopener noreferrer",
    }
    image = next(element for element in elements if element.tag == "img")
    assert image.attrs == {
        "src": "/images/2016/07/meeting.jpg",
        "alt": "Засідання",
        "title": "Фото пресслужби",
    }
    assert "<h2>Підсумки засідання</h2>" in html
    assert "<blockquote>\n<p>«Волонтерська сотня» допомагає сім’ям.</p>\n</blockquote>" in html


def test_markdown_headings_are_kept_between_h2_and_h4() -> None:
    html = markdown_to_html("# Один\n\n### Три\n\n###### Шість")
    assert html == "<h2>Один</h2>\n<h3>Три</h3>\n<h4>Шість</h4>"


def test_markdown_tables_and_fenced_code() -> None:
    html = markdown_to_html("| А | Б |\n|:--|--:|\n| 1 | 2 |\n\n```\nx = 1\n```")
    tags = [element.tag for element in parse(html).elements]
    assert {"table", "thead", "tbody", "tr", "th", "td", "pre", "code"} <= set(tags)
    assert "style" not in html
    assert "x = 1" in html


def test_raw_html_in_markdown_is_sanitised_not_passed_through() -> None:
    html = markdown_to_html('Текст <b onclick="x()">жирний</b> <span class="c">span</span>')
    assert html == "<p>Текст <b>жирний</b> span</p>"


@pytest.mark.parametrize(
    ("markdown_text", "expected"),
    [
        ("[x](javascript:alert(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
        ("[x](JaVaScRiPt:alert(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
        ("![x](javascript:alert(1))", '<p><img alt="x"></p>'),
        ("[x](vbscript:msgbox(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
        ("[x](data:text/html,hi)", '<p><a rel="noopener noreferrer">x</a></p>'),
        (
            '[x][ref]\n\n[ref]: <javascript:alert(1)> "t"',
            '<p><a title="t" rel="noopener noreferrer">x</a></p>',
        ),
    ],
)
def test_markdown_script_links_lose_their_url(markdown_text: str, expected: str) -> None:
    assert markdown_to_html(markdown_text) == expected


def test_markdown_title_cannot_break_out_into_an_attribute() -> None:
    html = markdown_to_html('[x](https://example.com "t\\" onmouseover=\\"alert(1)")')
    (link,) = parse(html).elements[1:]
    assert set(link.attrs) == {"href", "title", "rel"}

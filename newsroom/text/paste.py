"""Clipboard HTML from Word, LibreOffice and Google Docs, reduced to what the toolbar makes.

Press releases are written in word processors and pasted into the editor.
Their HTML says "bold" in five ways (``<b>``, ``<strong>``, a class, an inline
``font-weight``, Google's ``font-weight:700`` span inside a
``font-weight:normal`` ``<b>`` that wraps the whole paste), fakes lists with
indented paragraphs and bullet characters, and brings fonts, colours and
Office namespaces that must never reach the site. Everything is read into the
block model of :mod:`newsroom.text.markdown_dialect`, so what survives is
exactly what the editor can show and the Markdown can store; nh3 then checks
the result once more against the same small allow-list.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import nh3

from newsroom.i18n import tr
from newsroom.text.markdown_dialect import (
    Block,
    HtmlReader,
    Kind,
    OpenElement,
    Spec,
    blocks_to_html,
    blocks_to_markdown,
    image_src,
    link_url,
)

MAX_PASTE_BYTES = 5 * 1024 * 1024
"""Clipboard HTML above this is refused: a press release is a few dozen KB,
and Word's HTML for a whole report would freeze the editor for seconds."""

PASTE_TAGS = frozenset({"p", "br", "h2", "h3", "h4", "strong", "em", "blockquote", "ul", "ol",
                        "li", "a", "img"})
PASTE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset(),  # without it nh3 keeps "lang" and "title" everywhere
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt"}),
}

_HEADER = re.compile(r"\s*Version:\d")  # CF_HTML's "Version:0.9 StartHTML:..." preamble
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_OFFICE_PREFIXES = ("o:", "v:", "w:", "m:", "x:")
_HEADING_CLASS = re.compile(r"(?:mso)?heading(\d)", re.IGNORECASE)
_LIST_LEVEL = re.compile(r"level(\d+)", re.IGNORECASE)
# "1.", "1)", "(1)", "a)", "IV.", "б)": numbered; "·", "o", "§", "–", "": bullets.
_NUMBERED_MARKER = re.compile(
    r"\(?(?:\d{1,3}|[ivxlcIVXLC]{1,6}|[^\W\d_]{1,2})[.)]", re.UNICODE)


class PasteTooLargeError(ValueError):
    """The clipboard holds more than :data:`MAX_PASTE_BYTES`; nothing is pasted."""


@dataclass(frozen=True, slots=True)
class PastedContent:
    """What a paste holds, as blocks, and how many pictures had to be left out.

    Word puts pictures on the clipboard as files in its temporary folder;
    they cannot be kept, and the editor says how many were left out.
    """

    blocks: tuple[Block, ...]
    dropped_images: int


@lru_cache(maxsize=4096)
def _css(style: str) -> dict[str, str]:
    """Declarations of a style attribute (cached: Word repeats the same ones
    thousands of times; callers must not change the result)."""
    declarations: dict[str, str] = {}
    for declaration in style.split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            value = value.replace("!important", "").strip().strip("'\"").lower()
            declarations[name.strip().lower()] = value
    return declarations


def _weight(value: str | None) -> bool | None:
    """Bold, not bold, or unsaid, from a CSS ``font-weight``."""
    if value is None:
        return None
    if value in ("bold", "bolder"):
        return True
    if value in ("normal", "lighter"):
        return False
    return int(value) >= 600 if value.isdigit() else None


def _style(value: str | None) -> bool | None:
    if value is None:
        return None
    if value in ("italic", "oblique") or value.startswith("oblique"):
        return True
    return False if value == "normal" else None


class OfficeHtmlReader(HtmlReader):
    """Reads formatting the way Word, Writer and Google Docs spell it."""

    max_chars: int | None = None
    """Refuse (PasteTooLargeError) once the text read passes this many characters."""
    text_length = 0

    def _skips(self, tag: str, attrs: dict[str, str]) -> bool:
        # <o:p> only holds Word's paragraph mark; VML shapes and Word fields
        # duplicate content shown elsewhere. Other prefixes (st1:City) wrap text.
        return super()._skips(tag, attrs) or tag.startswith(_OFFICE_PREFIXES)

    def _formatting(self, tag: str, attrs: dict[str, str], parent: OpenElement
                    ) -> tuple[bool, bool]:
        bold, italic = super()._formatting(tag, attrs, parent)
        css = _css(attrs.get("style", ""))
        # Exactly "font-weight": Word's "mso-bidi-font-weight:normal" on a <b>
        # concerns right-to-left text and must not unbold it.
        weight = _weight(css.get("font-weight"))
        slant = _style(css.get("font-style"))
        return (bold if weight is None else weight), (italic if slant is None else slant)

    def _block_spec(self, tag: str, attrs: dict[str, str], parent: Spec) -> Spec | None:
        if tag not in ("p", "div", "li") and tag not in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return None
        classes = attrs.get("class", "").lower().split()
        css = _css(attrs.get("style", ""))
        mso_list = css.get("mso-list", "")
        if tag == "p" and mso_list and mso_list not in ("none", "ignore"):
            found = _LIST_LEVEL.search(mso_list)
            depth = int(found.group(1)) - 1 if found else 0
            # The kind is decided by the bullet text that follows (_marker_captured).
            return Spec(Kind.BULLET, depth, parent.quoted, from_office_list=True)
        if tag in ("p", "div"):
            quoted = parent.quoted or any(c in ("msoquote", "msointensequote", "quotations")
                                          for c in classes)
            level = 0
            for name in classes:
                match = _HEADING_CLASS.fullmatch(name)
                if match:
                    level = int(match.group(1))
                elif name == "msotitle":
                    level = 1
                elif name == "msosubtitle":
                    level = 3
            outline = css.get("mso-outline-level", "")
            if not level and outline.isdigit():
                level = int(outline)
            if level:
                return Spec(Kind.HEADING, level, quoted)
            if quoted != parent.quoted:
                return Spec(parent.kind, parent.level, quoted)
        return None

    def _captures(self, tag: str, attrs: dict[str, str]) -> bool:
        return _css(attrs.get("style", "")).get("mso-list") == "ignore"

    def _marker_captured(self, marker: str) -> None:
        spec = self._stack[-1].spec
        if spec.from_office_list:
            compact = marker.replace("\u00a0", "").strip()
            spec.kind = Kind.NUMBERED if _NUMBERED_MARKER.fullmatch(compact) else Kind.BULLET

    def _conditional(self, text: str) -> None:
        """Word's "<![if !supportLists]>...<![endif]>" holds the fake bullet."""
        condition = text.strip().strip("[]-").strip().lower()
        if condition.startswith("if") and "!supportlists" in condition.replace(" ", ""):
            self._conditional_capture = True
        elif condition.startswith("endif") and self._conditional_capture:
            self._conditional_capture = False
            self._capture_changed()

    def unknown_decl(self, data: str) -> None:
        self._conditional(data)

    def handle_data(self, data: str) -> None:
        if self.max_chars is not None and not self._stack[-1].skip:
            self.text_length += len(data)
            if self.text_length > self.max_chars:
                # Stop reading here: the rest would only cost time to be thrown away.
                raise PasteTooLargeError(tr(
                    "the pasted text has more than {max} characters; at most {max} can be "
                    "pasted at once — paste it in parts",
                    max=f"{self.max_chars:,}".replace(",", "\u00a0")))
        super().handle_data(data)

    def handle_comment(self, data: str) -> None:
        self._conditional(data)  # "<!--[if !supportLists]-->", as some Word versions write it


_FINAL_CHECK = nh3.Cleaner(
    tags=PASTE_TAGS,
    clean_content_tags=frozenset({"script", "style"}),
    attributes=PASTE_ATTRIBUTES,
    attribute_filter=lambda tag, attribute, value: (
        link_url(value) if (tag, attribute) == ("a", "href")
        else image_src(value) if (tag, attribute) == ("img", "src")
        else value),
    strip_comments=True,
    link_rel=None,
    url_schemes=frozenset({"http", "https", "mailto", "data"}),
    url_relative="deny",
)


def _check_size(html: str) -> None:
    if len(html) * 4 <= MAX_PASTE_BYTES:
        return  # cannot be over the limit, however it is encoded
    size = len(html.encode("utf-8", "surrogatepass"))
    if size > MAX_PASTE_BYTES:
        raise PasteTooLargeError(tr(
            "the pasted fragment is about {size} MB; at most {max} MB can be pasted at once "
            "— paste it in parts",
            size=math.ceil(size / 1024 / 1024), max=MAX_PASTE_BYTES // 1024 // 1024))


def _read(html: str, max_chars: int | None = None) -> PastedContent:
    if _HEADER.match(html):
        start = html.find("<")
        html = html[start:] if start >= 0 else ""
    html = _SURROGATE.sub("\ufffd", html)
    reader = OfficeHtmlReader()
    reader.max_chars = max_chars
    reader.feed(html)
    reader.close()
    reading = reader.reading()
    return PastedContent(reading.blocks, reading.dropped_images)


def read_paste(html: str, max_chars: int | None = None) -> PastedContent:
    """Clipboard HTML as blocks; raises :class:`PasteTooLargeError` above 5 MB,
    or as soon as its text passes ``max_chars``.

    The editor inserts these blocks directly: they hold nothing but text and
    checked URLs, so the HTML round through nh3 would only cost time. Its
    ``max_chars`` is the plain-text paste limit: 5 MB of Word's HTML carries
    over a million characters, whose reading, typesetting and layout froze
    the window for seconds where the same text pasted as plain text is refused.
    """
    _check_size(html)
    return _read(html, max_chars)


def clean_pasted_html(html: str) -> str:
    """Only paragraphs, h2–h4, lists, quotes, links, bold, italic and images remain.

    Raises :class:`PasteTooLargeError` (a ``ValueError``) above 5 MB.
    """
    return str(_FINAL_CHECK.clean(blocks_to_html(read_paste(html).blocks)))


def html_to_markdown(html: str) -> str:
    """The house Markdown for (cleaned) HTML, with typed ``*`` or ``#`` kept literal."""
    return blocks_to_markdown(_read(html).blocks)

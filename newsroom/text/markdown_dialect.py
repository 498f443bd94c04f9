"""The one Markdown spelling an article body is stored in, and the model behind it.

The visual editor, the Markdown tab and the paste cleaner all write bodies, and
an untouched article must come back byte for byte, or every save would show a
reviewer a diff nobody made. So all three go through one small block model that
holds exactly what the editor's toolbar can make — paragraphs, h2–h4, bulleted
and numbered lists, block quotes, bold, italic, links, images, line breaks —
and one writer spells it: ``**bold**``, ``*italic*``, ``- `` and ``1. `` items,
4-space nesting, ``> `` quotes, one blank line between blocks, a final newline.

Reading goes Markdown → HTML (Python-Markdown, configured as the site's
renderer) → blocks, so the editor shows what the site will publish. The HTML
reader is an allow-list of its own: it keeps only the model's features and
checks every URL, so it never needs the sanitiser to be safe.

``normalize_markdown(md)`` is ``write(read(md))``; for any blocks ``b``,
``write(read(write(b))) == write(b)`` — the property the round-trip tests prove.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from html import escape
from html.parser import HTMLParser
from typing import TypeAlias
from urllib.parse import quote, urlsplit

import markdown

from newsroom.text.markdown_render import BOTTOM_HEADING_LEVEL, TOP_HEADING_LEVEL

MAX_LIST_DEPTH = 5
"""Deeper nesting is flattened: nobody reads a six-level list in a news item."""

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https", "data", "file"})

# Same shape as the sanitiser's rule: SVG stays out because an SVG can carry script.
_INLINE_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]*={0,2}",
                           re.IGNORECASE)
# Browsers ignore these inside a URL's scheme ("jav&#x09;ascript:"), so they
# are never accepted anywhere in a stored address.
_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


class Kind(enum.Enum):
    PARAGRAPH = "p"
    HEADING = "h"
    BULLET = "ul"
    NUMBERED = "ol"

    @property
    def is_list(self) -> bool:
        return self is Kind.BULLET or self is Kind.NUMBERED


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one formatting; ``href`` makes it (part of) a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Image:
    src: str
    alt: str = ""


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A line break inside a block (Shift+Enter), not a new paragraph."""


Inline: TypeAlias = Span | Image | LineBreak


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, heading or list item.

    Lists and quotes are flat on purpose, as QTextDocument keeps them: an item
    knows its depth, a block knows whether it is quoted, and runs of items form
    the lists. ``level`` is the heading level (2–4) or the list depth (0-based).
    """

    kind: Kind
    inlines: tuple[Inline, ...]
    level: int = 0
    quoted: bool = False


# --------------------------------------------------------------------- URLs


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def link_url(url: str) -> str | None:
    """The address as a link may store it, or None when it is not allowed.

    Only web and e-mail links: a ``javascript:`` or ``file:`` link in a
    published article is an attack or a mistake, and relative links break when
    the article moves between the old and new site.
    """
    url = url.strip()
    if not url or _URL_CONTROL.search(url):
        return None
    url = _escape_url(url)
    scheme = _scheme(url)
    if scheme in ("http", "https"):
        try:
            parts = urlsplit(url)
        except ValueError:  # e.g. an unbalanced "[" in the host
            return None
        return url if url[len(scheme) + 1:].startswith("//") and parts.hostname else None
    if scheme == "mailto":
        address = url[len("mailto:"):]
        return url if "@" in address.split("?", 1)[0].strip("@") else None
    return None


def image_src(src: str, *, allow_files: bool = False) -> str | None:
    """The image address as stored, or None when the picture must be dropped.

    ``file:`` addresses are the editor's own pictures inserted from disk (see
    ``ui/widgets/body_editor.py``); pasted ones point into Word's temporary
    folder and die with the clipboard, so paste does not allow them.
    """
    compact = src.strip()
    scheme = _scheme(compact)
    if scheme == "data":
        compact = re.sub(r"\s+", "", compact)
        return compact if _INLINE_IMAGE.fullmatch(compact) else None
    if not compact or _URL_CONTROL.search(compact):
        return None
    compact = _escape_url(compact)
    if scheme in ("http", "https"):
        try:
            host = urlsplit(compact).hostname
        except ValueError:
            return None
        return compact if host else None
    if scheme == "file" and allow_files:
        return compact if compact.startswith("file:/") else None
    return None


# ------------------------------------------------------------ normalisation

_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
# A no-break space next to a plain one is Word's padding ("&nbsp; "), not a
# deliberate "10\u00a0000"; the run counts as one space.
_SPACE_RUN = re.compile(r"\u00a0*( )[ \u00a0]*")
# Control characters, the editor's object placeholder and byte-order marks
# are never text; line and paragraph separators are Qt's Shift+Enter.
_DROPPED_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\ufffc]")
_LINE_SEPARATORS = re.compile(r"[\u2028\u2029]")


def _has_attr(span: Span, attr: str) -> bool:
    if attr == "href":
        return span.href is not None
    return bool(span.bold) if attr == "bold" else bool(span.italic)


def _attr_value(span: Span, attr: str) -> object:
    return span.href if attr == "href" else (span.bold if attr == "bold" else span.italic)


def _without(span: Span, attr: str, text: str | None = None) -> Span:
    text = span.text if text is None else text
    if attr == "href":
        return Span(text, span.bold, span.italic, None)
    if attr == "bold":
        return Span(text, False, span.italic, span.href)
    return Span(text, span.bold, False, span.href)


def _expand(inlines: Iterable[Inline], heading: bool) -> list[Inline]:
    """Clean characters, turn Qt's line separators into breaks, collapse spaces."""
    out: list[Inline] = []
    for item in inlines:
        if isinstance(item, Span):
            bold = item.bold and not heading  # a heading is bold by its style
            pieces = _LINE_SEPARATORS.split(_DROPPED_CHARS.sub("", item.text))
            for index, piece in enumerate(pieces):
                if index:
                    out.append(Span(" ") if heading else LineBreak())
                piece = _SPACE_RUN.sub(" ", _ASCII_SPACE.sub(" ", piece))
                if piece:
                    href = None if item.href is None else _escape_url(item.href)
                    out.append(Span(piece, bold, item.italic, href))
        elif isinstance(item, LineBreak):
            out.append(Span(" ") if heading else item)  # ATX headings are one line
        else:
            alt = _ASCII_SPACE.sub(" ", _DROPPED_CHARS.sub("", item.alt)).strip()
            out.append(Image(_escape_url(item.src), alt))
    return out


def _merge(items: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for item in items:
        last = out[-1] if out else None
        if (isinstance(item, Span) and isinstance(last, Span) and last.bold == item.bold
                and last.italic == item.italic and last.href == item.href):
            text = _SPACE_RUN.sub(" ", last.text + item.text)
            out[-1] = Span(text, item.bold, item.italic, item.href)
        else:
            out.append(item)
    return out


def _trim_end(out: list[Inline]) -> None:
    while out and isinstance(out[-1], Span):
        last = out[-1]
        text = last.text.rstrip()
        if text:
            out[-1] = Span(text, last.bold, last.italic, last.href)
            return
        out.pop()


def _collapse(items: list[Inline]) -> list[Inline]:
    """Drop whitespace as HTML would not show it: doubled, or at a line's ends."""
    out: list[Inline] = []
    line_start = True
    space_before = True
    for item in items:
        if isinstance(item, Span):
            text = item.text.lstrip() if line_start else (
                item.text.lstrip(" \u00a0") if space_before else item.text)
            if text.startswith(" ") and out and isinstance(out[-1], Span):
                before = out[-1].text.rstrip("\u00a0")
                if before != out[-1].text:
                    if before:
                        last = out[-1]
                        out[-1] = Span(before, last.bold, last.italic, last.href)
                    else:
                        out.pop()
            if not text:
                continue
            out.append(Span(text, item.bold, item.italic, item.href))
            line_start = False
            space_before = text.endswith(" ")
        elif isinstance(item, LineBreak):
            _trim_end(out)
            if out and not isinstance(out[-1], LineBreak):
                out.append(item)
            line_start = space_before = True
        else:
            out.append(item)
            line_start = space_before = False
    _trim_end(out)
    while out and isinstance(out[-1], LineBreak):
        out.pop()
        _trim_end(out)
    return out


def _strip_group(group: list[Span], attr: str) -> list[Span]:
    """Move whitespace at the edges of a bold/italic/link run outside it.

    Markdown does not close ``**`` after a space (``**word **``), so "bold
    word and a space" is stored as ``**word** ``; it looks the same.
    """
    start = 0
    while start < len(group) and not group[start].text.strip():
        group[start] = _without(group[start], attr)
        start += 1
    if start == len(group):
        return group
    first = group[start]
    stripped = first.text.lstrip()
    if stripped != first.text:
        lead = first.text[: len(first.text) - len(stripped)]
        group[start:start + 1] = [_without(first, attr, lead), replace(first, text=stripped)]
    end = len(group) - 1
    while not group[end].text.strip():
        group[end] = _without(group[end], attr)
        end -= 1
    last = group[end]
    stripped = last.text.rstrip()
    if stripped != last.text:
        tail = last.text[len(stripped):]
        group[end:end + 1] = [replace(last, text=stripped), _without(last, attr, tail)]
    return group


def _move_edges(items: list[Inline], attr: str) -> list[Inline]:
    out: list[Inline] = []
    index = 0
    while index < len(items):
        item = items[index]
        if not (isinstance(item, Span) and _has_attr(item, attr)):
            out.append(item)
            index += 1
            continue
        value = _attr_value(item, attr)
        group: list[Span] = []
        while index < len(items):
            candidate = items[index]
            if not (isinstance(candidate, Span) and _attr_value(candidate, attr) == value):
                break
            group.append(candidate)
            index += 1
        out.extend(_strip_group(group, attr))
    return out


def _canonical_spaces(items: list[Inline]) -> list[Inline]:
    """Make a space bold (italic) exactly when the text on both sides is.

    Whether a space is bold cannot be seen, and Markdown cannot always say:
    "**a** *b*" and "**a *b***" look the same. Deciding it from the
    neighbours gives every look one spelling, so writing is stable.
    """
    pieces: list[Inline] = []
    for item in items:
        if not isinstance(item, Span) or not item.text.strip():
            pieces.append(item)
            continue
        core = item.text.strip()
        lead = item.text[: len(item.text) - len(item.text.lstrip())]
        tail = item.text[len(item.text.rstrip()):]
        if lead:
            pieces.append(Span(lead, item.bold, item.italic, item.href))
        pieces.append(Span(core, item.bold, item.italic, item.href))
        if tail:
            pieces.append(Span(tail, item.bold, item.italic, item.href))

    def formats(sequence: Iterable[Inline]) -> list[tuple[bool, bool]]:
        seen: list[tuple[bool, bool]] = []
        last = (False, False)
        for piece in sequence:
            if isinstance(piece, Span) and not piece.text.strip():
                seen.append(last)
            else:
                seen.append((piece.bold, piece.italic) if isinstance(piece, Span)
                            else (False, False))
                last = seen[-1]
        return seen

    before = formats(pieces)
    after = formats(reversed(pieces))[::-1]
    out: list[Inline] = []
    for piece, left, right in zip(pieces, before, after, strict=True):
        if isinstance(piece, Span) and not piece.text.strip():
            piece = Span(piece.text, left[0] and right[0], left[1] and right[1], piece.href)
        out.append(piece)
    return out


def normalize_inlines(inlines: Iterable[Inline], *, heading: bool = False
                      ) -> tuple[Inline, ...]:
    """The canonical form of a block's content (idempotent)."""
    items = _collapse(_merge(_expand(inlines, heading)))
    items = _canonical_spaces(_move_edges(items, "href"))
    return tuple(_merge(items))


def normalize_blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """Drop empty blocks, clamp headings to h2–h4 and list depths to what can nest."""
    out: list[Block] = []
    previous: Block | None = None
    kinds: list[Kind] = []  # the open list at each depth
    for block in blocks:
        heading = block.kind is Kind.HEADING
        inlines = normalize_inlines(block.inlines, heading=heading)
        if not inlines:
            continue
        kind = block.kind
        if heading:
            level = min(max(block.level, TOP_HEADING_LEVEL), BOTTOM_HEADING_LEVEL)
        elif kind.is_list:
            follows_item = (previous is not None and previous.kind.is_list
                            and previous.quoted == block.quoted)
            if not follows_item:
                kinds = []
            level = max(0, min(block.level, len(kinds), MAX_LIST_DEPTH))
            del kinds[level + 1:]
            if level > 0 and len(kinds) > level:
                # Python-Markdown cannot nest a bulleted and a numbered list
                # side by side under one item: the first one's kind wins.
                kind = kinds[level]
            kinds[level:] = [kind]
        else:
            level = 0
        previous = Block(kind, inlines, level, block.quoted)
        out.append(previous)
    return tuple(out)


# ------------------------------------------------------------ inline events

_Marker: TypeAlias = tuple[str, str]  # ("a", href) | ("b", "") | ("i", "")
_BOLD: _Marker = ("b", "")
_ITALIC: _Marker = ("i", "")
_RANK = {"a": 0, "b": 1, "i": 2}


@dataclass(frozen=True, slots=True)
class _OpenMark:
    marker: _Marker


@dataclass(frozen=True, slots=True)
class _CloseMark:
    marker: _Marker


_Event: TypeAlias = _OpenMark | _CloseMark | str | Image | LineBreak


def _markers(span: Span) -> list[_Marker]:
    found: list[_Marker] = []
    if span.href is not None:
        found.append(("a", span.href))
    if span.bold:
        found.append(_BOLD)
    if span.italic:
        found.append(_ITALIC)
    return found


def _persistence(inlines: Sequence[Inline], start: int, marker: _Marker) -> int:
    length = 0
    for index in range(start, len(inlines)):
        item = inlines[index]
        if not (isinstance(item, Span) and marker in _markers(item)):
            break
        length += len(item.text)
    return length


def _inline_events(inlines: Sequence[Inline]) -> list[_Event]:
    """Open and close markers so that they nest, reusing open ones where possible.

    A marker that lasts longer is opened outside a shorter one, so "**a *b* c**"
    needs no closing and reopening of the bold.
    """
    events: list[_Event] = []
    stack: list[_Marker] = []

    def close_to(depth: int) -> None:
        while len(stack) > depth:
            events.append(_CloseMark(stack.pop()))

    for index, item in enumerate(inlines):
        if not isinstance(item, Span):
            close_to(0)
            events.append(item)
            continue
        wanted = _markers(item)
        keep = 0
        while keep < len(stack) and stack[keep] in wanted:
            keep += 1
        close_to(keep)
        missing = [marker for marker in wanted if marker not in stack]
        if len(missing) > 1:
            missing.sort(key=lambda m: (-_persistence(inlines, index, m), _RANK[m[0]]))
        for marker in missing:
            stack.append(marker)
            events.append(_OpenMark(marker))
        events.append(item.text)
    close_to(0)
    return _settle_spaces(events)


def _is_emphasis(event: _Event, kind: type[_OpenMark] | type[_CloseMark]) -> bool:
    return isinstance(event, kind) and event.marker[0] != "a"


def _settle_spaces(events: list[_Event]) -> list[_Event]:
    """Keep spaces outside emphasis markers that a link boundary forces open.

    Normalisation already moved spaces off the edges of each bold or italic
    run, but italic that crosses a link's end is closed and reopened there,
    and "* word" would not be italic any more. A space's own boldness is
    invisible, so it is simply moved past the markers.
    """
    out = list(events)
    index = 0
    while index < len(out):
        text = out[index]
        if not isinstance(text, str):
            index += 1
            continue
        first_open = index
        while first_open > 0 and _is_emphasis(out[first_open - 1], _OpenMark):
            first_open -= 1
        if first_open < index and text[:1].isspace():
            stripped = text.lstrip()
            out[index] = stripped
            out.insert(first_open, text[: len(text) - len(stripped)])
            index += 1
            text = stripped
        last_close = index
        while last_close + 1 < len(out) and _is_emphasis(out[last_close + 1], _CloseMark):
            last_close += 1
        if last_close > index and text[-1:].isspace():
            stripped = text.rstrip()
            out[index] = stripped
            out.insert(last_close + 1, text[len(stripped):])
        index += 1
    return [event for event in out if event != ""]


# ----------------------------------------------------------- Markdown writer

_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
_ORDERED_START = re.compile(r"(\d+)\.(?=\s|$)")
_URL_UNSAFE = re.compile(r"[\s()<>\"\\]")


def _escape_text(text: str, *, heading: bool = False) -> str:
    """Keep typed ``*``, ``_``, ``[``, ``<b>`` or ``&amp;`` literal in Markdown."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = _TAG_LIKE.sub("&lt;", text)
    if heading:  # Python-Markdown drops a heading's closing "#"s
        text = text.replace("#", "\\#")
    return text


def _escape_line_start(text: str) -> str:
    """Stop text at the start of a line from reading as a block marker."""
    first = text[:1]
    if first in ("#", ">"):
        return "\\" + text
    if first in ("-", "+") and (text[1:2] in ("", " ") or (first == "-" and not text.strip("- "))):
        return "\\" + text
    if first == "=" and not text.strip("= "):
        return "&#61;" + text[1:]  # a setext underline; "=" has no backslash escape
    if text.startswith("~~~"):
        return "&#126;" + text[1:]  # a fenced code block
    match = _ORDERED_START.match(text)
    if match:
        return match.group(1) + "\\." + text[match.end():]
    return text


def _escape_url(url: str) -> str:
    return _URL_UNSAFE.sub(lambda m: quote(m.group(), safe=""), url)


def _star_forms(events: Sequence[_Event]) -> dict[int, bool]:
    """For each opened bold/italic (by event index): True for ``*``/``**``, False for a tag.

    Runs of stars side by side are read by counting rules that differ between
    Python-Markdown versions. Plain nesting ("***both***", "**a *b***") reads
    the same everywhere; a marker whose stars would touch any other stars
    ("*a*" then "**b**" with no text between, or bold and italic that
    overlap) is written as ``<em>``/``<strong>`` instead.
    """
    closes: dict[int, int] = {}
    pending: list[int] = []
    for index, event in enumerate(events):
        if isinstance(event, _OpenMark):
            pending.append(index)
        elif isinstance(event, _CloseMark):
            closes[pending.pop()] = index
    forms: dict[int, bool] = {}
    opener_of = {close: open_ for open_, close in closes.items()}

    def starry(index: int) -> bool:
        if not 0 <= index < len(events):
            return False
        event = events[index]
        if isinstance(event, _OpenMark) and event.marker[0] != "a":
            return forms.get(index, False)
        if isinstance(event, _CloseMark) and event.marker[0] != "a":
            return forms.get(opener_of[index], False)
        return False

    def emphasis_inside(open_: int) -> list[int]:
        inside: list[int] = []
        for i in range(open_ + 1, closes[open_]):
            candidate = events[i]
            if isinstance(candidate, _OpenMark) and candidate.marker[0] != "a":
                inside.append(i)
        return inside

    def nests_alone(outer: int, inner: int) -> bool:
        """The inner marker is the only bold/italic inside the outer one."""
        return (isinstance(events[outer], _OpenMark) and starry(outer)
                and emphasis_inside(outer) == [inner])

    for index, event in enumerate(events):
        if not isinstance(event, _OpenMark) or event.marker[0] == "a":
            continue
        close = closes[index]
        left_ok = not starry(index - 1) or nests_alone(index - 1, index)
        right_ok = (not starry(close + 1)
                    or nests_alone(opener_of.get(close + 1, -1), index))
        forms[index] = left_ok and right_ok
    return forms


def _markdown_lines(inlines: Sequence[Inline], *, heading: bool) -> list[str]:
    """The block's content as lines (more than one only with line breaks)."""
    events = _inline_events(inlines)
    forms = _star_forms(events)
    lines: list[str] = []
    parts: list[str] = []
    opened: list[tuple[_Marker, bool]] = []
    line_start = True
    for index, event in enumerate(events):
        if isinstance(event, _OpenMark):
            kind = event.marker[0]
            stars = forms.get(index, False)
            if kind == "a":
                if parts and parts[-1].endswith("!"):
                    parts[-1] = parts[-1][:-1] + "\\!"  # "![" would start an image
                parts.append("[")
            elif stars:
                parts.append("**" if kind == "b" else "*")
            else:
                parts.append("<strong>" if kind == "b" else "<em>")
            opened.append((event.marker, stars))
            line_start = False
        elif isinstance(event, _CloseMark):
            marker, stars = opened.pop()
            if marker[0] == "a":
                parts.append(f"]({_escape_url(marker[1])})")
            elif stars:
                parts.append("**" if marker[0] == "b" else "*")
            else:
                parts.append("</strong>" if marker[0] == "b" else "</em>")
        elif isinstance(event, str):
            text = _escape_text(event, heading=heading)
            parts.append(_escape_line_start(text) if line_start else text)
            line_start = False
        elif isinstance(event, Image):
            parts.append(f"![{_escape_text(event.alt)}]({_escape_url(event.src)})")
            line_start = False
        else:
            lines.append("".join(parts) + "  ")
            parts = []
            line_start = True
    lines.append("".join(parts))
    return lines


def blocks_to_markdown(blocks: Iterable[Block]) -> str:
    """Write blocks in the house dialect; ``""`` for an empty body."""
    out: list[str] = []
    previous: Block | None = None
    kinds: list[Kind] = []  # the open list at each depth
    numbers: list[int] = []
    for block in normalize_blocks(blocks):
        quote = "> " if block.quoted else ""
        tight = False
        if block.kind.is_list:
            depth = block.level
            continuing = (previous is not None and previous.kind.is_list
                          and previous.quoted == block.quoted)
            if not continuing:
                kinds, numbers = [], []
            del kinds[depth + 1:], numbers[depth + 1:]
            if len(kinds) > depth and kinds[depth] is block.kind:
                numbers[depth] += 1
                tight = True
            else:
                # A sibling list of the other kind needs a blank line, or
                # Python-Markdown reads its first item as the previous item's text.
                tight = continuing and len(kinds) == depth
                kinds[depth:] = [block.kind]
                numbers[depth:] = [1]
            marker = "- " if block.kind is Kind.BULLET else f"{numbers[depth]}. "
            first = quote + "    " * depth + marker
            rest = quote + "    " * (depth + 1)
        elif block.kind is Kind.HEADING:
            first = rest = quote + "#" * block.level + " "
        else:
            first = rest = quote
        if previous is not None:
            if tight:
                out.append("\n")
            else:
                out.append("\n>\n" if previous.quoted and block.quoted else "\n\n")
        lines = _markdown_lines(block.inlines, heading=block.kind is Kind.HEADING)
        out.append(first + lines[0])
        out.extend("\n" + rest + line for line in lines[1:])
        previous = block
    return "".join(out) + "\n" if out else ""


# --------------------------------------------------------------- HTML writer


def _html_inlines(inlines: Sequence[Inline]) -> str:
    parts: list[str] = []
    for event in _inline_events(inlines):
        if isinstance(event, _OpenMark):
            kind, href = event.marker
            parts.append(f'<a href="{escape(href)}">' if kind == "a"
                         else "<strong>" if kind == "b" else "<em>")
        elif isinstance(event, _CloseMark):
            kind = event.marker[0]
            parts.append("</a>" if kind == "a" else "</strong>" if kind == "b" else "</em>")
        elif isinstance(event, str):
            parts.append(escape(event, quote=False))
        elif isinstance(event, Image):
            parts.append(f'<img src="{escape(event.src)}" alt="{escape(event.alt)}">')
        else:
            parts.append("<br>")
    return "".join(parts)


def blocks_to_html(blocks: Iterable[Block]) -> str:
    """Nested HTML of only the model's tags (ul/ol nest inside their parent li)."""
    out: list[str] = []
    lists: list[Kind] = []
    quoted = False

    def close_lists(depth: int) -> None:
        while len(lists) > depth:
            out.append(f"</li></{lists.pop().value}>")

    for block in normalize_blocks(blocks):
        if block.quoted != quoted:
            close_lists(0)
            out.append("<blockquote>" if block.quoted else "</blockquote>")
            quoted = block.quoted
        content = _html_inlines(block.inlines)
        if block.kind.is_list:
            depth = block.level
            close_lists(depth + 1)
            if len(lists) == depth + 1 and lists[-1] is block.kind:
                out.append("</li>")
            else:
                close_lists(depth)
                lists.append(block.kind)
                out.append(f"<{block.kind.value}>")
            out.append(f"<li>{content}")
        else:
            close_lists(0)
            tag = f"h{block.level}" if block.kind is Kind.HEADING else "p"
            out.append(f"<{tag}>{content}</{tag}>")
    close_lists(0)
    if quoted:
        out.append("</blockquote>")
    return "".join(out)


# --------------------------------------------------------------- HTML reader

VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "param", "source", "track", "wbr", "basefont", "frame",
                       "isindex", "keygen"})
BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "table",
    "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "pre", "figure", "figcaption",
    "hr", "section", "article", "header", "footer", "aside", "nav", "main", "address", "dl",
    "dt", "dd", "center", "body", "html", "details", "summary", "fieldset", "legend", "dir",
    "menu", "listing", "plaintext", "xmp",
})  # fmt: skip
SKIPPED_WITH_CONTENT = frozenset({
    "script", "style", "head", "title", "template", "noscript", "iframe", "object", "svg",
    "math", "textarea", "select", "button", "applet", "noembed", "noframes", "frameset",
    "xml", "canvas", "audio", "video", "map", "datalist", "option",
})  # fmt: skip
# Formatting the model cannot keep: the text stays, the look is lost. Reported
# so the editor can say so instead of silently simplifying an old article.
_DEGRADED = frozenset({"table", "pre", "code", "hr", "u", "s", "strike", "del", "ins", "sup",
                       "sub", "dl", "figure", "kbd", "samp", "mark"})
# Where a <p> ends implicitly when a new block starts (HTML's own rule, trimmed).
_P_SCOPE = frozenset({"li", "ul", "ol", "td", "th", "table", "blockquote", "div", "body",
                      "html", "dd", "dt", "figure"})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


@dataclass(slots=True)
class Spec:
    """Which kind of block text at this point of the HTML belongs to.

    Shared by an element and the inline elements inside it; ``from_office_list``
    marks a Word list paragraph whose kind the bullet text decides later.
    """

    kind: Kind = Kind.PARAGRAPH
    level: int = 0
    quoted: bool = False
    from_office_list: bool = False


@dataclass(slots=True)
class OpenElement:
    tag: str
    spec: Spec
    bold: bool = False
    italic: bool = False
    href: str | None = None
    skip: bool = False
    capture: bool = False


@dataclass(slots=True)
class _Building:
    spec: Spec
    inlines: list[Inline] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a reader made of some HTML or Markdown.

    ``unsupported`` names what was simplified (``"table"``, ``"img"``,
    ``"link"``...), so a caller can warn before the simplified text is saved.
    """

    blocks: tuple[Block, ...]
    dropped_images: int = 0
    unsupported: frozenset[str] = frozenset()


class HtmlReader(HTMLParser):
    """Reads HTML into blocks, keeping only the model's features.

    Tolerant the way browsers are (unclosed ``<p>`` and ``<li>``, stray end
    tags), since clipboard HTML is rarely valid. Subclasses teach it how other
    programs spell formatting by overriding the ``_``-prefixed hooks.
    """

    def __init__(self, *, allow_file_images: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.allow_file_images = allow_file_images
        self.dropped_images = 0
        self.unsupported: set[str] = set()
        self._raw: list[Block] = []
        self._stack: list[OpenElement] = [OpenElement("#root", Spec())]
        self._current: _Building | None = None
        self._captured: list[str] | None = None
        # Set by a subclass while inside markup that is a list marker as a whole
        # (Word's "<![if !supportLists]>" section).
        self._conditional_capture = False

    # -- hooks -------------------------------------------------------------

    def _skips(self, tag: str, attrs: dict[str, str]) -> bool:
        return tag in SKIPPED_WITH_CONTENT

    def _formatting(self, tag: str, attrs: dict[str, str], parent: OpenElement
                    ) -> tuple[bool, bool]:
        bold = parent.bold or tag in ("b", "strong")
        italic = parent.italic or tag in ("i", "em", "cite", "dfn", "var")
        return bold, italic

    def _block_spec(self, tag: str, attrs: dict[str, str], parent: Spec) -> Spec | None:
        """A new block kind for this element, or None to inherit the parent's."""
        return None

    def _captures(self, tag: str, attrs: dict[str, str]) -> bool:
        """Whether the element's text is a list marker rather than content."""
        return False

    def _marker_captured(self, marker: str) -> None:
        """Called with the text of a captured list marker."""

    # -- parser callbacks -----------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        values = {name.lower(): value or "" for name, value in attrs}
        parent = self._stack[-1]
        if parent.skip or self._skips(tag, values):
            if tag not in VOID_TAGS:
                self._stack.append(OpenElement(tag, parent.spec, skip=True))
            return
        if tag in BLOCK_TAGS:
            self._end_implied(tag)
            self._flush()
            parent = self._stack[-1]
        if tag in _DEGRADED:
            self.unsupported.add(tag)
        if tag == "br":
            self._add(LineBreak(), parent, create=False)
            return
        if tag == "img":
            self._image(values, parent)
            return
        if tag in VOID_TAGS:
            return
        spec = self._spec_for(tag, values, parent.spec)
        bold, italic = self._formatting(tag, values, parent)
        href = parent.href
        if tag == "a" and "href" in values:
            href = link_url(values["href"])
            if href is None:
                self.unsupported.add("link")
        self._stack.append(OpenElement(tag, spec, bold, italic, href,
                                       capture=parent.capture or self._captures(tag, values)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        for index in range(len(self._stack) - 1, 0, -1):
            if self._stack[index].tag == tag:
                self._pop_to(index)
                return

    def handle_data(self, data: str) -> None:
        top = self._stack[-1]
        if top.skip:
            return
        if self._capturing():
            if self._captured is None:
                self._captured = []
            self._captured.append(data)
            return
        self._add(Span(data, top.bold, top.italic, top.href), top,
                  create=bool(_ASCII_SPACE.sub("", data)))

    def close(self) -> None:
        super().close()
        self._pop_to(1)
        self._flush()

    def reading(self) -> Reading:
        return Reading(normalize_blocks(self._raw), self.dropped_images,
                       frozenset(self.unsupported))

    # -- helpers --------------------------------------------------------------

    def _capturing(self) -> bool:
        return self._conditional_capture or self._stack[-1].capture

    def _capture_changed(self) -> None:
        """Hand a finished list marker to the subclass once capturing stops."""
        if self._captured is not None and not self._capturing():
            marker = "".join(self._captured)
            self._captured = None
            if marker.strip():
                self._marker_captured(marker)

    def _spec_for(self, tag: str, values: dict[str, str], parent: Spec) -> Spec:
        if parent.kind.is_list and tag not in ("ul", "ol", "blockquote"):
            return parent  # a list item stays one, whatever is inside
        own = self._block_spec(tag, values, parent)
        if own is not None:
            return own
        if tag in _HEADINGS:
            return Spec(Kind.HEADING, _HEADINGS[tag], parent.quoted)
        if tag in ("ul", "ol", "dir", "menu"):
            depth = parent.level + 1 if parent.kind.is_list else 0
            return Spec(Kind.NUMBERED if tag == "ol" else Kind.BULLET, depth, parent.quoted)
        if tag == "li":
            return Spec(Kind.BULLET, 0, parent.quoted)  # an item outside any list
        if tag == "blockquote":
            if parent.quoted:
                self.unsupported.add("blockquote")
            return Spec(parent.kind, parent.level, True)
        return parent

    def _end_implied(self, tag: str) -> None:
        """Close what a new block closes in HTML: an open <p>, or the previous <li>."""
        for index in range(len(self._stack) - 1, 0, -1):
            open_tag = self._stack[index].tag
            if tag == "li":
                if open_tag == "li":
                    self._pop_to(index)
                    return
                if open_tag in _P_SCOPE and open_tag not in ("div", "p"):
                    return
            elif open_tag == "p":
                self._pop_to(index)
                return
            elif open_tag in _P_SCOPE:
                return

    def _pop_to(self, index: int) -> None:
        popped = self._stack[index:]
        del self._stack[index:]
        self._capture_changed()
        if any(element.tag in BLOCK_TAGS for element in popped):
            self._flush()

    def _image(self, values: dict[str, str], parent: OpenElement) -> None:
        src = image_src(values.get("src", ""), allow_files=self.allow_file_images)
        if src is None:
            self.dropped_images += 1
            self.unsupported.add("img")
            return
        if not self._capturing():  # a picture bullet is not content
            self._add(Image(src, values.get("alt", "")), parent, create=True)

    def _add(self, item: Inline, element: OpenElement, *, create: bool) -> None:
        if self._current is None:
            if not create:
                return
            self._current = _Building(element.spec)
        self._current.inlines.append(item)

    def _flush(self) -> None:
        building = self._current
        self._current = None
        if building is None:
            return
        spec = building.spec
        self._raw.append(Block(spec.kind, tuple(building.inlines), spec.level, spec.quoted))


def read_html(html: str, *, allow_file_images: bool = False) -> Reading:
    reader = HtmlReader(allow_file_images=allow_file_images)
    reader.feed(html)
    reader.close()
    return reader.reading()


# What markdown_render uses for the site; a test checks the two read alike.
MARKDOWN_EXTENSIONS = ("tables", "fenced_code", "sane_lists")


def read_markdown(md: str) -> Reading:
    """Read a stored body, the way the site's renderer parses it.

    Not through the sanitiser: that would drop the editor's own ``file:``
    pictures, and the reader keeps nothing outside the model anyway.
    """
    html = markdown.markdown(md, extensions=list(MARKDOWN_EXTENSIONS), output_format="html")
    return read_html(html, allow_file_images=True)


def markdown_to_blocks(md: str) -> tuple[Block, ...]:
    return read_markdown(md).blocks


def normalize_markdown(md: str) -> str:
    """The house spelling of ``md``; formatting outside the model is simplified."""
    return blocks_to_markdown(read_markdown(md).blocks)

"""Ukrainian typography for article text: quotes, apostrophes, dashes, no-break spaces.

Press releases arrive typed on keyboards that have only ``"``, ``'`` and ``-``,
while the office's style (and the site's readers) expect «лапки», the
apostrophe ’ in м’ята, a real dash and the no-break spaces a typesetter puts
where a line must not break. The rules:

* ``"…"`` → ``«…»``, and ``„…“`` for quotes inside ``«…»``. Quotes are only
  changed in pairs that close within one paragraph: a stray ``"`` (an inch sign,
  half of a quote that continues in the next paragraph) is left for a person.
  Typographic quotes already there are kept and count for the nesting.
* ``'``, ``ʼ`` or `````` between two letters → ``’`` (U+2019): м'ята → м’ята.
* `` - `` or `` – `` (or `` — `` with a plain space) between words → no-break
  space, em dash, space: a line may end before the dash's next word but must
  never start with the dash.
* A no-break space after the one-letter words в, з, у, і, а, о: Ukrainian
  typesetting does not leave them hanging at the end of a line.
* A no-break space between a number and its unit or abbreviation (``2016 р.``,
  ``5 грн``, ``10 тис.``, ``20 %``...) and after ``№``: a number must not be
  parted from what it counts. ``р.`` stays ``р.`` (a Russian typograph turns
  it into a rouble sign).

Every rule replaces one character by one character, so positions never move:
the editor can apply a result to its document character by character, keeping
bold, links and the cursor, and a paste can be typeset span by span.

Nothing changes inside addresses (``http://…``, ``www.…``, e-mail), inline
code, HTML tags, and in Markdown also inside code blocks, link targets, whole
images, escapes, entities and front matter. Protected spans still count as
"something is here" for the neighbouring rules, and Markdown's ``*``, ``_``,
``[`` and ``]`` are looked through, so ``"**Слово**"`` gets its quotes.

Both functions are idempotent, and :func:`typeset_markdown` never changes the
Markdown's structure: it only swaps characters that mean nothing to Markdown
(a space for a no-break space, which Python-Markdown also counts as
whitespace, a quote for a quote, a hyphen for a dash) outside block markers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

import markdown

from newsroom.text.markdown_dialect import MARKDOWN_EXTENSIONS, Block, Image, Inline, Span

NBSP = "\u00a0"
PLACEHOLDER = "\ufffc"
"""Stands for a protected span (code, an address, a picture) in the text the rules see."""

_SOFT_BREAK = "\u2028"  # a line end inside a paragraph: whitespace, but not a space
_PARAGRAPH_END = "\u2029"  # quotes never pair across it

# ------------------------------------------------------------------- the rules

_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['\u02bc`](?=[^\W\d_])")
_DASH_WITH_SPACES = re.compile(r"(?<=\S)(?P<space> )(?P<dash>[-\u2013\u2014])(?= \S)")
_DASH_ONLY = re.compile(r"(?<=\S)(?P<space> )(?P<dash>[-\u2013])(?= \S)")
_ONE_LETTER = re.compile(
    r"(?<![\w'\u2019\u02bc`\-\u2013\u2014.\u00ad])[взуіаоВЗУІАО]( )"
    r"(?=[^\W_]|[«»„“”\"'\u2019\u02bc`(\[\ufffc])")
UNITS = ("р.", "рр.", "грн", "тис.", "млн", "млрд", "км", "км²", "м", "м²", "м³", "кг", "т",
         "га", "%", "°C", "°С", "ст.")
"""What a number keeps on its line (°С with a Cyrillic С is how it is often typed)."""
_UNIT = re.compile(
    r"(?<=\d)( )(?:"
    + "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
    + r")(?![^\W_])")
_NUMBER_SIGN = re.compile(r"(?<=№)( )(?=\d)")

_QUOTES = "\"«»„“”"
_QUOTE_OR_PARAGRAPH = re.compile(r"[\"«»„“”\n\r\u2029]")
_BEFORE_OPENING = "([{‘\u2013\u2014"
_AFTER_CLOSING = ".,;:!?…)]}" + _QUOTES
_CLOSING = {"«": "»", "„": "“", "“": "”"}
# Cheap test first: most plain text has nothing the rules could change.
_CANDIDATE = re.compile(r"[\"'\u02bc`]| [-\u2013\u2014] | \S|№ ")
_CANDIDATE_NO_SPACES = re.compile(r"[\"'\u02bc`]| [-\u2013] ")


def _quote_changes(text: str, changes: dict[int, str]) -> None:
    """Pair straight quotes, outer «», inner „“, existing typographic quotes included.

    Whether a quote opens is read from its neighbours (a space or bracket
    before it, a word after it); only between two words does the nesting
    decide. The stack holds the opening character and, for a straight quote,
    its position, so it is changed only once its closing quote is found.
    """
    stack: list[tuple[str, int]] = []
    opened: set[int] = set()
    for match in _QUOTE_OR_PARAGRAPH.finditer(text):
        index = match.start()
        char = text[index]
        if char in "\n\r\u2029":
            stack.clear()
            continue
        if char in "«„":
            stack.append((char, -1))
            opened.add(index)
            continue
        if char in "»”":
            if stack:
                stack.pop()
            continue
        if char == "“":  # closes „ in Ukrainian, opens in English
            if stack and stack[-1][0] == "„":
                stack.pop()
            else:
                stack.append((char, -1))
                opened.add(index)
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        after_space = not after or after.isspace()
        if not before or before.isspace() or before in _BEFORE_OPENING or index - 1 in opened:
            opens: bool | None = None if after_space else True
        elif after_space or after in _AFTER_CLOSING:
            opens = False
        else:
            opens = not stack
        if opens:
            stack.append(("„" if stack else "«", index))
            opened.add(index)
        elif opens is False and stack:
            opening, at = stack.pop()
            if at >= 0:
                changes[at] = opening
            changes[index] = _CLOSING[opening]


def _changes(text: str, spaces: bool) -> dict[int, str]:
    """Position → new character for every rule, all read from the unchanged text."""
    changes: dict[int, str] = {}
    for match in _APOSTROPHE.finditer(text):
        changes[match.start()] = "\u2019"
    for match in (_DASH_WITH_SPACES if spaces else _DASH_ONLY).finditer(text):
        changes[match.start("dash")] = "\u2014"
        if spaces:
            changes[match.start("space")] = NBSP
    if spaces:
        for pattern in (_ONE_LETTER, _UNIT, _NUMBER_SIGN):
            for match in pattern.finditer(text):
                changes[match.start(1)] = NBSP
    _quote_changes(text, changes)
    return {index: char for index, char in changes.items() if text[index] != char}


# ---------------------------------------------------- what the rules may touch


@dataclass(slots=True)
class _View:
    """The text the rules see, and where each changeable run came from.

    Protected spans appear as one :data:`PLACEHOLDER`, escapes and entities as
    the character they stand for but frozen, markup not at all.
    """

    pieces: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # view offset of each changeable run
    sources: list[int] = field(default_factory=list)  # its offset in the source
    lengths: list[int] = field(default_factory=list)
    size: int = 0

    def text(self, source: str, start: int, end: int) -> None:
        if end > start:
            self.starts.append(self.size)
            self.sources.append(start)
            self.lengths.append(end - start)
            self.pieces.append(source[start:end])
            self.size += end - start

    def frozen(self, chars: str) -> None:
        self.pieces.append(chars)
        self.size += len(chars)

    def apply(self, out: list[str], spaces: bool) -> None:
        for index, char in _changes("".join(self.pieces), spaces).items():
            run = bisect.bisect_right(self.starts, index) - 1
            if run >= 0 and index < self.starts[run] + self.lengths[run]:
                out[self.sources[run] + index - self.starts[run]] = char


_URL = r"(?:(?:https?|ftp)://|(?<![\w.])www\.)[^\s<>«»`]*[^\s<>\"«».,;:!?)\]'’`]"
_EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # only from a run's start: linear
_PROTECTED = (
    r"(?P<comment><!--.*?-->)"
    r"|(?P<autolink><(?:https?|ftp|mailto):[^<>\s]*>|<[^<>\s@]+@[^<>\s@]+>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>)"
    rf"|(?P<url>{_URL})|(?P<email>{_EMAIL})"
)
# Plain text: `code` only when the backticks are not apostrophes inside words.
_PLAIN = re.compile(
    r"(?P<code>(?<![^\W\d_])(?P<ticks>`+).+?(?<!`)(?P=ticks)(?![`\w]))|" + _PROTECTED,
    re.DOTALL)
# Markdown: escapes and code spans exactly as Python-Markdown reads them.
_MARKDOWN = re.compile(
    r"(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<code>(?<!\\)(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<image>!\[)|(?P<target>\]\()|(?P<reference>\]\[[^\]\n]*\])"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|" + _PROTECTED + r"|(?P<markup>[*_\[\]]+)",
    re.DOTALL)


def _closing(text: str, start: int, end: int, opening: str, closing: str) -> int:
    """Index just past the bracket closing the one before ``start``, or -1."""
    depth = 1
    index = start
    while index < end:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return -1


def _target_end(text: str, start: int, end: int) -> int:
    """Index past a link's ``(address "title")`` that starts at ``start``, or -1.

    Python-Markdown reads a quote inside the parentheses as the start of a
    title and may then run on to a later ``)``; when there is a quote, all up
    to the paragraph's last ``)`` is protected, whatever it reads.
    """
    close = _closing(text, start, end, "(", ")")
    if close >= 0 and ("'" in text[start:close] or '"' in text[start:close]):
        close = max(close, text.rfind(")", close, end) + 1)
    return close


def _scan(text: str, start: int, end: int, view: _View, *, markdown: bool) -> None:
    """Add ``text[start:end]`` to the view, protecting what must not change."""
    pattern = _MARKDOWN if markdown else _PLAIN
    position = start
    while position < end:
        match = pattern.search(text, position, end)
        if match is None:
            _add_text(text, position, end, view)
            return
        kind = match.lastgroup
        if kind == "ticks":
            kind = "code"
        _add_text(text, position, match.start(), view)
        position = match.end()
        if kind == "escape":
            view.frozen(match.group()[1])
        elif kind == "entity":
            view.frozen(unescape(match.group())[:1] or PLACEHOLDER)
        elif kind in ("tag", "markup", "reference"):
            pass  # formatting: looked through
        elif kind == "image":
            close = _closing(text, position, end, "[", "]")
            if close < 0:
                view.text(text, match.start(), match.start() + 1)  # a literal "!"
                continue
            if text.startswith("(", close):
                after = _target_end(text, close + 1, end)
                close = after if after >= 0 else close
            elif text.startswith("[", close):
                after = _closing(text, close + 1, end, "[", "]")
                close = after if after >= 0 else close
            view.frozen(PLACEHOLDER)
            position = close
        elif kind == "target":
            close = _target_end(text, position, end)
            if close >= 0:
                position = close  # the address and its title
            else:
                view.text(text, match.start() + 1, match.end())  # a literal "("
        else:  # code, comment, autolink, url, email
            view.frozen(PLACEHOLDER)


def _add_text(text: str, start: int, end: int, view: _View) -> None:
    """Text, with each line end frozen (it is whitespace the rules must not replace)."""
    while start < end:
        newline = text.find("\n", start, end)
        if newline < 0:
            view.text(text, start, end)
            return
        view.text(text, start, newline)
        view.frozen(_SOFT_BREAK)
        start = newline + 1


# ---------------------------------------------------------------- plain text


def typeset(text: str, *, spaces: bool = True) -> str:
    """Plain text (one editor block, or pasted text) with the rules applied.

    Each line is a paragraph: quotes pair within a line. ``spaces=False``
    leaves every space as it is (quotes, apostrophes and dashes only).
    """
    if not (_CANDIDATE if spaces else _CANDIDATE_NO_SPACES).search(text):
        return text
    view = _View()
    line_start = 0
    for line_end in [m.start() for m in re.finditer(r"[\n\r\u2029]", text)] + [len(text)]:
        _scan(text, line_start, line_end, view, markdown=False)
        view.frozen(_PARAGRAPH_END)
        line_start = line_end + 1
    out = list(text)
    view.apply(out, spaces)
    return "".join(out)


def typeset_inlines(inlines: Iterable[Inline], *, spaces: bool = True) -> tuple[Inline, ...]:
    """A block's content typeset as one text, so quotes pair across bold and links."""
    items = tuple(inlines)
    whole = "".join(item.text if isinstance(item, Span)
                    else PLACEHOLDER if isinstance(item, Image) else _SOFT_BREAK
                    for item in items)
    done = typeset(whole, spaces=spaces)
    if done == whole:
        return items
    out: list[Inline] = []
    offset = 0
    for item in items:
        if isinstance(item, Span):
            text = done[offset:offset + len(item.text)]
            out.append(Span(text, item.bold, item.italic, item.href))
            offset += len(item.text)
        else:
            out.append(item)
            offset += 1
    return tuple(out)


def typeset_blocks(blocks: Iterable[Block], *, spaces: bool = True) -> tuple[Block, ...]:
    """Blocks (e.g. a paste) typeset block by block; structure and formatting kept."""
    return tuple(Block(block.kind, typeset_inlines(block.inlines, spaces=spaces), block.level,
                       block.quoted) for block in blocks)


# ------------------------------------------------------------------ Markdown

_QUOTE_PREFIX = re.compile(r"(?: {0,3}>[ ]?)*")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_LIST_MARKER = re.compile(r"(?:[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))+")  # "- - a" nests
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+|$)")
_RULE_LINE = re.compile(r" {0,3}(?:(?:[-*_][ \t]*){3,}|=+[ \t]*)$")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:[ \t]")
_FRONT_MATTER = re.compile(r"(---|\+\+\+)[ \t]*\r?\n.*?^(?:\1|\.\.\.)[ \t]*$", re.DOTALL | re.M)


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


@dataclass(slots=True)
class _Paragraphs:
    """Collects the text lines of one paragraph (or item, or heading) at a time."""

    source: str
    view: _View = field(default_factory=_View)
    lines: list[tuple[int, int]] = field(default_factory=list)

    def add(self, start: int, end: int) -> None:
        self.lines.append((start, end))

    def end(self) -> None:
        """Scan the paragraph's lines joined, as Python-Markdown reads inline
        markup (a code span may run over a soft line break), without the
        block markers in between."""
        if not self.lines:
            return
        joined = "\n".join(self.source[start:end] for start, end in self.lines)
        line_starts: list[int] = []
        position = 0
        for start, end in self.lines:
            line_starts.append(position)
            position += end - start + 1
        first_run = len(self.view.starts)
        _scan(joined, 0, len(joined), self.view, markdown=True)
        for run in range(first_run, len(self.view.starts)):
            at = self.view.sources[run]
            line = bisect.bisect_right(line_starts, at) - 1
            self.view.sources[run] = self.lines[line][0] + at - line_starts[line]
        self.view.frozen(_PARAGRAPH_END)
        self.lines = []


class _Skeleton(HTMLParser):
    """The rendered document's tags, attributes and code, without its prose."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[object] = []
        self.code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append((tag, tuple(attrs)))
        self.code += tag == "code"

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(("/", tag))
        self.code -= tag == "code"

    def handle_data(self, data: str) -> None:
        if self.code:
            self.parts.append(data)


def _skeleton(md: str) -> list[object]:
    parser = _Skeleton()
    parser.feed(markdown.markdown(md, extensions=list(MARKDOWN_EXTENSIONS)))
    parser.close()
    return parser.parts


def typeset_markdown(md: str, *, spaces: bool = True) -> str:
    """A whole Markdown body typeset, or unchanged if typesetting would change
    its structure.

    :func:`_typeset_markdown` follows Python-Markdown's reading of quotes in
    link titles, indented lines and lazy continuations closely but not
    perfectly; rendering both versions and comparing their tags, attributes
    and code is the guarantee that a link, a picture or code never breaks. An
    editor pressing the button then sees nothing change rather than a broken
    link.
    """
    result = _typeset_markdown(md, spaces=spaces)
    if result == md or _skeleton(result) == _skeleton(md):
        return result
    return md


def _typeset_markdown(md: str, *, spaces: bool = True) -> str:
    """A whole Markdown body typeset; only text changes, never the structure.

    Block markers (``>``, list markers, ``#``, indentation) are never part of
    the text the rules see; fenced and indented code blocks, tables' rule
    lines, link definitions, horizontal rules and front matter are skipped
    whole. Quotes pair within one paragraph, list item or heading.
    """
    if not (_CANDIDATE if spaces else _CANDIDATE_NO_SPACES).search(md):
        return md
    out = list(md)
    paragraphs = _Paragraphs(md)
    front = _FRONT_MATTER.match(md)
    skip_to = front.end() if front else 0
    fence: str | None = None
    in_code = in_list = False
    list_depth = line_depth = 0
    after_blank = True
    after_empty_item = False
    offset = 0
    for line in md.splitlines(keepends=True):
        # The next non-blank line after an empty list item ("- ") is affected by it.
        right_after_empty_item, after_empty_item = after_empty_item, False
        start, offset = offset, offset + len(line)
        end = start + len(line.rstrip("\r\n"))
        if end <= skip_to:
            continue
        quote = _QUOTE_PREFIX.match(md, start, end)
        inner_start = quote.end() if quote else start
        inner = md[inner_start:end]
        depth = md.count(">", start, inner_start)
        if depth != list_depth:
            in_list = False  # a list inside a quote does not go on outside it
        if depth != line_depth and fence is None:
            paragraphs.end()  # a quote starts or ends: a new block, as after a blank line
            after_blank = True
        line_depth = depth
        if fence is not None:
            if inner.strip().startswith(fence) and not inner.strip().strip(fence[0]):
                fence = None
                after_blank = True
            continue
        opening = _FENCE.match(inner)
        if opening:
            paragraphs.end()
            fence = opening.group(1)
            in_list = False
            continue
        if not inner.strip():
            paragraphs.end()
            after_blank = True
            after_empty_item = right_after_empty_item  # blank lines do not end it
            continue
        leading = len(inner) - len(inner.lstrip(" \t"))
        indent = _width(inner[:leading])
        marker = _LIST_MARKER.match(inner)
        # An indented line after a blank (or after an empty list item) may be a
        # nested item's text or code, depending on context Python-Markdown reads
        # in ways too quirky to follow (lazy quotes, empty items): it is left as
        # it is, which can only miss typography, never break code.
        empty_item = bool(marker and not inner[marker.end():].strip())
        if indent >= 4 and (in_code or after_blank or right_after_empty_item):
            in_code = True
            after_blank = False
            continue
        in_code = False
        heading = _HEADING.match(inner)
        if (_RULE_LINE.match(inner) or _DEFINITION.match(inner)
                or ("|" in inner and _TABLE_RULE.match(inner))):
            paragraphs.end()
            after_blank = True
            continue
        if marker and (after_blank or in_list):
            in_list = True  # a marker right under a paragraph's line only continues it
            list_depth = depth
        elif after_blank and indent == 0:
            in_list = False
        content = inner_start + (marker.end() if marker else heading.end() if heading
                                 else leading)
        if (marker and in_list) or heading or after_blank or inner.lstrip().startswith("|"):
            paragraphs.end()
        paragraphs.add(content, end)
        # After a one-line block an indented line is code, as after a blank line;
        # an empty list item ("- ") counts as one (Python-Markdown reads the
        # indented line after it as code).
        after_blank = heading is not None or empty_item
        after_empty_item = empty_item
        if heading:
            paragraphs.end()
    paragraphs.end()
    paragraphs.view.apply(out, spaces)
    _keep_possible_code_ticks(md, out)
    return "".join(out)


_NON_BLANK_LINES = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")


_CODE_SPAN = re.compile(r"(?<!\\)(`+).+?(?<!`)\1(?!`)", re.DOTALL)


def _keep_possible_code_ticks(md: str, out: list[str]) -> None:
    """Undo changes inside a code span that Python-Markdown may read over lines.

    A list marker or ``>`` line can continue a paragraph for Python-Markdown
    while it starts a new block here; a code span running over such a line
    is found in the raw lines between blank lines and left as it was.
    """
    for chunk in _NON_BLANK_LINES.finditer(md):
        if md.count("`", chunk.start(), chunk.end()) < 2:
            continue
        for span in _CODE_SPAN.finditer(md, chunk.start(), chunk.end()):
            if "\n" in span.group():
                out[span.start():span.end()] = md[span.start():span.end()]

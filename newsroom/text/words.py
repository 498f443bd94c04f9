"""Words as Ukrainian editors see them, and the word-level diff built on them.

Ukrainian spells one word with an apostrophe inside ("сім’ї", "Знам’янка"), and
the same word reaches us typed three ways: the typographic ’ from word
processors, the modifier letter ʼ recommended by Unicode, and the ASCII ' from
keyboards. A reviewer must not see "changes" that are only a different key, so
everything that compares words goes through :func:`normalize_apostrophes` first.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

APOSTROPHES = "’ʼ'"
"""The three apostrophes found in Ukrainian text: U+2019, U+02BC and ASCII."""

CANONICAL_APOSTROPHE = "’"

# A letter, or a combining mark riding on one (stress marks such as "за́мок"
# are decomposed in text pasted from dictionaries).
_LETTER_OR_MARK = r"(?:[^\W\d_]|[\u0300-\u036f])"
_LETTER = r"[^\W\d_]"
_ALNUM = r"[^\W_]"
_MARK = r"[\u0300-\u036f]"
_RUN = rf"{_ALNUM}(?:{_ALNUM}|{_MARK})*"
# An apostrophe joins only letters (so a closing quote after a word is not
# swallowed); a hyphen also joins digits, because "2015-2016" and "COVID-19"
# read as one unit.
_JOINER = rf"(?:(?<={_LETTER_OR_MARK})[{APOSTROPHES}](?={_LETTER})|[-\u2010\u2011])"
_WORD = rf"{_RUN}(?:{_JOINER}{_RUN})*"

_WORD_RE = re.compile(_WORD)
# Diff units: a word or a single other character, or a line, each carrying the
# whitespace after it. Whitespace is never a unit of its own (except before
# the first unit): as the commonest token it would make difflib slow and let
# it align on spaces instead of words. Every character lands in exactly one
# unit, so both texts can be given back byte for byte.
_WORD_UNIT_RE = re.compile(rf"\s+|(?:{_WORD}|.)\s*", re.DOTALL)
_LINE_UNIT_RE = re.compile(r"\s+|\S(?:[^\n]*\S)?\s*")
_ASCII_APOSTROPHE_IN_WORD = re.compile(rf"(?<={_LETTER_OR_MARK})'(?={_LETTER})")

DiffKind = Literal["equal", "insert", "delete"]


def normalize_apostrophes(text: str) -> str:
    """Give every apostrophe inside a word the single form ’ (U+2019).

    The ASCII ' is changed only between two letters because elsewhere it is
    usually a quotation mark ('так'), which is not part of any word.
    """
    text = text.replace("ʼ", CANONICAL_APOSTROPHE)
    return _ASCII_APOSTROPHE_IN_WORD.sub(CANONICAL_APOSTROPHE, text)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where each word of :func:`tokenize_words` starts and ends in ``text``."""
    return [match.span() for match in _WORD_RE.finditer(text)]


def tokenize_words(text: str) -> list[str]:
    """Split text into words, keeping "сім’ї" and "будь-який" whole.

    Tokens are returned as written (apostrophes untouched) so callers can point
    back into the text; callers that compare words normalise them themselves.
    """
    return _WORD_RE.findall(text)


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One run of a word diff: text kept, added or removed."""

    kind: DiffKind
    text: str


class _OpCollector:
    """Collects diff runs, holding changes back so neighbouring ones merge.

    A deletion is always emitted before the insertion that replaces it, which is
    the order a reader expects ("old → new").
    """

    def __init__(self) -> None:
        self.ops: list[DiffOp] = []
        self._deleted: list[str] = []
        self._inserted: list[str] = []

    def change(self, removed: str, added: str) -> None:
        self._deleted.append(removed)
        self._inserted.append(added)

    def equal(self, text: str) -> None:
        if not text:
            return
        self._flush()
        self._append("equal", text)

    def finish(self) -> list[DiffOp]:
        self._flush()
        return self.ops

    def _flush(self) -> None:
        self._append("delete", "".join(self._deleted))
        self._append("insert", "".join(self._inserted))
        self._deleted.clear()
        self._inserted.clear()

    def _append(self, kind: DiffKind, text: str) -> None:
        if not text:
            return
        if self.ops and self.ops[-1].kind == kind:
            self.ops[-1] = DiffOp(kind, self.ops[-1].text + text)
        else:
            self.ops.append(DiffOp(kind, text))


_Unit = tuple[str, str]
"""A diff unit split into its text and the whitespace that follows it."""


def _units(pattern: re.Pattern[str], text: str) -> list[_Unit]:
    units: list[_Unit] = []
    for match in pattern.finditer(text):
        piece = match.group()
        core = piece.rstrip()
        units.append((core, piece[len(core) :]))
    return units


def _joined(units: list[_Unit]) -> str:
    return "".join(core + space for core, space in units)


def _diff_units(
    collector: _OpCollector,
    old_units: list[_Unit],
    new_units: list[_Unit],
    on_change: Callable[[_OpCollector, str, str], None],
) -> None:
    """Match units by their apostrophe-normalised text, ignoring the spaces
    after them; a space that did change is reported on its own, so a doubled
    space never marks the word before it as changed."""
    matcher = SequenceMatcher(
        None,
        [normalize_apostrophes(core) for core, _ in old_units],
        [normalize_apostrophes(core) for core, _ in new_units],
        # Frequent words ("і", "та", commas) must stay matchable, or a small
        # edit near them shows up as <del>і</del><ins>і</ins>.
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            on_change(collector, _joined(old_units[i1:i2]), _joined(new_units[j1:j2]))
            continue
        for (_, old_space), (new_core, new_space) in zip(
            old_units[i1:i2], new_units[j1:j2], strict=True
        ):
            collector.equal(new_core)
            if old_space == new_space:
                collector.equal(new_space)
            else:
                collector.change(old_space, new_space)


def _change(collector: _OpCollector, removed: str, added: str) -> None:
    """Record a change, keeping a shared trailing space out of it so that
    "<del>cat</del><ins>dog</ins> sat" does not mark the space as changed."""
    removed_core, added_core = removed.rstrip(), added.rstrip()
    shared_space = removed[len(removed_core) :]
    if removed_core and added_core and shared_space == added[len(added_core) :]:
        collector.change(removed_core, added_core)
        collector.equal(shared_space)
    else:
        collector.change(removed, added)


def _diff_words(collector: _OpCollector, old: str, new: str) -> None:
    _diff_units(collector, _units(_WORD_UNIT_RE, old), _units(_WORD_UNIT_RE, new), _change)


def word_diff(old: str, new: str) -> list[DiffOp]:
    """Diff two texts word by word for the review screen.

    Joining the "equal" and "insert" runs gives ``new`` exactly, and joining the
    "equal" and "delete" runs gives ``old``, so the view can never show text
    that is in neither version. Words differing only in apostrophe form are
    equal and shown as in ``new``, the version under review; that is the one
    case where the "old" join differs from ``old``, and only in apostrophes
    (equal after :func:`normalize_apostrophes`).

    Lines are matched first and only changed lines are compared word by word:
    difflib's cost grows with the square of the input, and an edited article
    usually differs in a few paragraphs out of dozens.
    """
    collector = _OpCollector()
    _diff_units(collector, _units(_LINE_UNIT_RE, old), _units(_LINE_UNIT_RE, new), _diff_words)
    return collector.finish()


def diff_to_html(ops: Iterable[DiffOp]) -> str:
    """Render a diff as HTML, escaping the text since it is user-written."""
    parts: list[str] = []
    for op in ops:
        text = html.escape(op.text)
        if op.kind == "insert":
            parts.append(f"<ins>{text}</ins>")
        elif op.kind == "delete":
            parts.append(f"<del>{text}</del>")
        else:
            parts.append(text)
    return "".join(parts)

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
from collections.abc import Iterable
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
# Every character of a text lands in exactly one token, so that the diff can
# give back both texts byte for byte.
_DIFF_TOKEN_RE = re.compile(rf"{_WORD}|\s+|.", re.DOTALL)
_ASCII_APOSTROPHE_IN_WORD = re.compile(rf"(?<={_LETTER_OR_MARK})'(?={_LETTER})")

DiffKind = Literal["equal", "insert", "delete"]


def normalize_apostrophes(text: str) -> str:
    """Give every apostrophe inside a word the single form ’ (U+2019).

    The ASCII ' is changed only between two letters because elsewhere it is
    usually a quotation mark ('так'), which is not part of any word.
    """
    text = text.replace("ʼ", CANONICAL_APOSTROPHE)
    return _ASCII_APOSTROPHE_IN_WORD.sub(CANONICAL_APOSTROPHE, text)


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


def word_diff(old: str, new: str) -> list[DiffOp]:
    """Diff two texts word by word for the review screen.

    Joining the "equal" and "insert" runs gives ``new`` exactly, and joining the
    "equal" and "delete" runs gives ``old``, so the view can never show text
    that is in neither version. Words differing only in apostrophe form are
    equal and shown as in ``new``, the version under review; that is the one
    case where the "old" join differs from ``old``, and only in apostrophes
    (equal after :func:`normalize_apostrophes`). A lone space
    between two changes is folded into both, so "the cat" → "a dog" reads as one
    replacement instead of two broken by a kept space.
    """
    old_tokens = _DIFF_TOKEN_RE.findall(old)
    new_tokens = _DIFF_TOKEN_RE.findall(new)
    matcher = SequenceMatcher(
        None,
        [normalize_apostrophes(token) for token in old_tokens],
        [normalize_apostrophes(token) for token in new_tokens],
        # Spaces and commas are the commonest tokens; treating them as junk
        # (difflib's default on long inputs) would wreck the alignment.
        autojunk=False,
    )
    opcodes = matcher.get_opcodes()
    collector = _OpCollector()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        removed = "".join(old_tokens[i1:i2])
        added = "".join(new_tokens[j1:j2])
        between_changes = 0 < index < len(opcodes) - 1
        if tag == "equal" and not (between_changes and added.isspace()):
            collector.equal(added)
        else:
            collector.change(removed, added)
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

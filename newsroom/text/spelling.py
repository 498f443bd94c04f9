"""Spelling of Ukrainian text: Hunspell with the dict_uk dictionary we ship.

The dictionary (``dictionaries/uk_UA.*``, MPL 1.1, see ``uk_UA.license``)
travels inside the package because an office PC has no system Hunspell
dictionaries, and Windows has none at all. Loading it parses 8 MB and takes
about a second, so :func:`load_dictionary` is for a background task; once
loaded, one process keeps it (every window of the app shares it).

What counts as a word is :func:`newsroom.text.words.word_spans`, the tokenizer
the rest of the app uses, so "будь-який" and "сім’я" are one word here as in
search and the review diff. Some tokens are not checked at all, on purpose:

* words with a digit ("COVID-19", "5-й", "2025"): numbers and codes, not
  spelling;
* one-letter words: the conjunctions and prepositions (і, й, в, у, з, а, о)
  and initials, which Hunspell does not all list;
* Latin-only words: names of foreign organisations, brands and English terms
  are quoted as they are spelled at home, and no English dictionary is loaded;
  a word that mixes Latin and Cyrillic letters ("Kиїв" with a Latin K) *is*
  checked and flagged — it is a typo that breaks search;
* addresses (``https://…``, ``www.…``, e-mails) and text in `backticks`.

Apostrophes: the three forms ’ ʼ ' are one letter for the checker (Hunspell's
own tables agree); suggestions come back with ’, the house form.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from newsroom.text.words import APOSTROPHES, CANONICAL_APOSTROPHE, word_spans

DICTIONARY_DIR = Path(__file__).with_name("dictionaries")
LANGUAGE = "uk_UA"
SUPPLEMENT = "uk_UA-newsroom.dic"
"""Standard words dict_uk lacks (прийом, поліцейський, зарубіжний…), in Hunspell's
own format with the affix flags of a word declined the same way (прийом as
підйом), so every form is known; ours, under the project's licence."""
MAX_WORD_LENGTH = 100
"""Longer tokens are not words a person typed (base64, pasted junk): not checked."""

_SKIP_RE = re.compile(
    r"(?:https?|ftp)://\S+"  # addresses
    r"|www\.\S+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mails, from a run's start (linear)
    r"|`[^`\n]*`",  # code, as Markdown writes it
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?)»\"'’"
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_STRESS = re.compile("[\u0300\u0301]")  # acute and grave: stress marks, not й or ї
_OTHER_APOSTROPHES = str.maketrans({a: CANONICAL_APOSTROPHE for a in APOSTROPHES})


class Engine(Protocol):
    """The part of ``hunspell.Hunspell`` we use (typed here: the package has no hints)."""

    def spell(self, word: str) -> bool: ...

    def suggest(self, word: str) -> tuple[str, ...]: ...


def normalize_word(word: str) -> str:
    """The form a word is looked up and stored in: house apostrophe, no stress marks.

    Stress marks come with text pasted from dictionaries ("за́мок") and are
    not spelling.
    """
    word = unicodedata.normalize("NFC", _STRESS.sub("", unicodedata.normalize("NFD", word)))
    return word.translate(_OTHER_APOSTROPHES)


def is_checked(word: str) -> bool:
    """Whether the checker has an opinion on this token at all (see the module docstring)."""
    if len(word) < 2 or len(word) > MAX_WORD_LENGTH:
        return False
    if any(ch.isdigit() for ch in word):
        return False
    return not (_LATIN.search(word) and not _CYRILLIC.search(word))


@functools.cache
def _load(directory: str) -> Engine:
    import hunspell  # the C library loads with the first dictionary, not at import

    engine = hunspell.Hunspell(LANGUAGE, hunspell_data_dir=directory)
    supplement = Path(directory, SUPPLEMENT)
    if supplement.is_file():
        engine.add_dic(str(supplement))
    checker: Engine = engine
    return checker


_load_lock = threading.Lock()


def load_dictionary(directory: Path = DICTIONARY_DIR) -> Engine:
    """The Hunspell engine for ``directory``, parsed once per process (about a second).

    The lock makes two windows opened at once share one load instead of both
    parsing 8 MB.
    """
    with _load_lock:
        return _load(str(directory))


class SpellChecker:
    """Answers "is this word right?" for the editor, and "what did you mean?".

    ``extra_words`` (the user's personal and the office dictionary) are kept
    here rather than added into Hunspell: the loaded dictionary is shared by
    the whole process and stays exactly as shipped. An extra word written in
    lower case is accepted capitalised and in capitals too ("деокупаційний",
    "Деокупаційний"); one written with a capital keeps it ("Малашко",
    "МАЛАШКО", but not "малашко").

    Thread-safety: the GUI thread calls :meth:`is_correct` while a worker
    thread runs :meth:`suggestions`. Every call into Hunspell holds one lock
    (the C++ object keeps scratch buffers and is not re-entrant); the answer
    cache is a dict, whose single operations are atomic.
    """

    def __init__(self, engine: Engine, extra_words: Iterable[str] = ()) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._cache: dict[str, bool] = {}
        self._exact: set[str] = set()
        self._any_case: set[str] = set()
        self._upper: set[str] = set()
        self._ignored: set[str] = set()
        self.add_words(extra_words)

    def add_words(self, words: Iterable[str]) -> None:
        """Accept these words from now on (personal or office dictionary)."""
        for raw in words:
            word = normalize_word(raw.strip())
            if not word:
                continue
            if word == word.lower():
                self._any_case.add(word)
            else:
                self._exact.add(word)
                self._upper.add(word.upper())
        self._cache.clear()

    def ignore(self, word: str) -> None:
        """Accept this exact word until the checker goes away ("Пропустити")."""
        self._ignored.add(normalize_word(word))
        self._cache.clear()

    def _is_extra(self, word: str) -> bool:
        if word in self._exact or word in self._upper or word in self._ignored:
            return True
        lower = word.lower()
        return lower in self._any_case and word in (lower, lower.capitalize(), word.upper())

    def is_correct(self, word: str) -> bool:
        """True for a correct word and for tokens that are not checked (:func:`is_checked`)."""
        known = self._cache.get(word)
        if known is not None:
            return known
        normal = normalize_word(word)
        if not is_checked(normal) or self._is_extra(normal):
            correct = True
        else:
            with self._lock:
                correct = bool(self._engine.spell(normal))
        self._cache[word] = correct
        return correct

    def suggestions(self, word: str, limit: int = 5) -> list[str]:
        """Up to ``limit`` replacements, best first, spelled with ’ (slow: ~0.1–1 s)."""
        normal = normalize_word(word)
        with self._lock:
            found = self._engine.suggest(normal)
        result: list[str] = []
        for candidate in found:
            fixed = normalize_word(candidate)
            if fixed != normal and fixed not in result:
                result.append(fixed)
            if len(result) >= limit:
                break
        return result

    def misspelled(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of every wrong word in ``text``, skipping addresses and code."""
        skipped = [m.span() for m in _SKIP_RE.finditer(text)]
        wrong: list[tuple[int, int]] = []
        for start, end in word_spans(text):
            if skipped and any(s <= start < e for s, e in skipped):
                continue
            if not self.is_correct(text[start:end]):
                wrong.append((start, end))
        return wrong


def word_at(text: str, position: int) -> tuple[int, int] | None:
    """The span of the word that ``position`` is in or touches, as the tokenizer cuts it."""
    for start, end in word_spans(text):
        if start <= position <= end:
            return start, end
        if start > position:
            break
    return None


def strip_punctuation(word: str) -> str:
    """A word as typed into the "add word" field, without the dot or quote around it."""
    return word.strip().strip(_TRAILING_PUNCTUATION + "«(\"")

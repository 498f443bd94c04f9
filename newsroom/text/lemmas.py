"""Ukrainian words reduced to their dictionary form, for the search index.

"волонтерських організацій", "волонтерські організації" and "волонтерська
організація" all become ``["волонтерський", "організація"]``, so a search finds
an article whatever case or number its words were written in. The lemmatizer is
simplemma's Ukrainian dictionary (MIT); a word it does not know is kept as it
is, lowercased, and numbers are kept too.

Index terms carry no apostrophes ("сім’ї" → "сімя"): SQLite's FTS5 tokenizer
splits words at ’ and ', and the term must stay one word there and in
PostgreSQL's ``simple`` configuration alike.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from newsroom.text.words import APOSTROPHES, normalize_apostrophes, tokenize_words

_LANG = "uk"
# Stress marks and other combining marks left after NFC (й and ї compose, so
# they are untouched): FTS5's unicode61 would split a word at them.
_MARKS = re.compile(r"[\u0300-\u036f]")
HYPHENS = re.compile(r"[-\u2010\u2011]")
_NO_APOSTROPHES = str.maketrans("", "", APOSTROPHES)


def words(text: str) -> list[str]:
    """The words of ``text`` as the index compares them: NFC, no stress marks,
    lowercase, one apostrophe form."""
    text = normalize_apostrophes(unicodedata.normalize("NFC", text))
    return [_MARKS.sub("", word.lower()) for word in tokenize_words(text)]


@functools.lru_cache(maxsize=200_000)
def lemma_of(word: str) -> str:
    """The index term of one word (already passed through :func:`words`)."""
    if word.isdigit():
        return word
    import simplemma  # here, not at the top: it costs the app's start ~90 ms

    try:
        lemma = simplemma.lemmatize(word, lang=_LANG)
    except (ValueError, TypeError):  # pragma: no cover - simplemma refuses odd input
        lemma = word
    return lemma.lower().translate(_NO_APOSTROPHES)


def lemmas(text: str) -> list[str]:
    """Every word of ``text`` as its lemma, in order (repeats kept).

    A hyphenated lemma ("будь-який", "covid-19") gives one term per part, as
    both FTS5 and PostgreSQL would split it anyway.
    """
    return [part for word in words(text) for part in HYPHENS.split(lemma_of(word)) if part]

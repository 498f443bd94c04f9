"""Web addresses for articles, made from their Ukrainian titles.

The site's existing addresses follow the national transliteration (Cabinet of
Ministers resolution No. 55 of 27 January 2010), the same one used in passports
and on road signs, so a reader can guess the address and old links keep their
shape. translitua implements that table; this module only prepares the text
for it and tidies the result into an address.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import translitua

from newsroom.text.words import APOSTROPHES

DEFAULT_MAX_LENGTH = 80
FALLBACK_SLUG = "article"

_APOSTROPHE_TABLE = str.maketrans("", "", APOSTROPHES)
_NOT_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def _cut_at_word_boundary(slug: str, max_length: int) -> str:
    """Shorten a slug without leaving half a word at the end.

    Half words ("...-orhanizat") look like typos in a shared link; only a single
    word longer than the limit is cut mid-word, since there is no boundary.
    """
    if len(slug) <= max_length:
        return slug
    head = slug[:max_length]
    if slug[max_length] == "-":
        return head.rstrip("-")
    boundary = head.rfind("-")
    if boundary <= 0:
        return head.rstrip("-")
    return head[:boundary].rstrip("-")


def _fold_to_ascii(text: str) -> str:
    """Drop accents left after transliteration ("café" → "cafe").

    Runs after translitua, never before: decomposing first would turn "й" into
    "и" plus a breve and "ї" into "і" plus a diaeresis, and the table would then
    spell them wrongly.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slugify(title: str, max_length: int = DEFAULT_MAX_LENGTH) -> str:
    """Turn a title into a lowercase ASCII address part, at most ``max_length`` long.

    The title is composed (NFC) so a "й" typed as two code points is still one
    letter, and lowercased before transliteration because translitua handles
    the "зг" → "zgh" rule only for "зг", "Зг" and "ЗГ", not "зГ". Apostrophes are
    removed first because the national system writes nothing for them; left in,
    they would split "Знам’янка" into two words.
    """
    if max_length < 1:
        raise ValueError(f"max_length must be positive, got {max_length}")
    text = unicodedata.normalize("NFC", title).lower().translate(_APOSTROPHE_TABLE)
    latin = _fold_to_ascii(translitua.translit(text, translitua.UkrainianKMU))
    slug = _NOT_SLUG_CHARS.sub("-", latin.lower()).strip("-")
    slug = _cut_at_word_boundary(slug, max_length)
    return slug or FALLBACK_SLUG


def unique_slug(
    base: str,
    taken: Callable[[str], bool],
    max_length: int = DEFAULT_MAX_LENGTH,
) -> str:
    """Return ``base``, or ``base-2``, ``base-3``… whichever is free first.

    The base is shortened to make room for the number rather than letting the
    address grow past ``max_length``, since the limit is what the site stores.
    """
    if max_length < 1:
        raise ValueError(f"max_length must be positive, got {max_length}")
    base = _cut_at_word_boundary(base or FALLBACK_SLUG, max_length)
    if not taken(base):
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        room = max_length - len(suffix)
        stem = _cut_at_word_boundary(base, room) if room > 0 else ""
        if not stem:
            raise ValueError(f"max_length {max_length} leaves no room for a numbered slug")
        candidate = stem + suffix
        if not taken(candidate):
            return candidate
        number += 1

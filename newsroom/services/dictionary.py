"""The spelling dictionaries kept in the database: one per user, one for the office.

Kept in PostgreSQL (or the SQLite file) rather than on a PC so that a word added
on one office computer is known on every other one the user logs in to. Words
are stored as the checker looks them up (:func:`newsroom.text.spelling.normalize_word`:
the house apostrophe ’, no stress marks), so "сім'я" and "сім’я" are one entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from newsroom.domain.errors import ValidationError
from newsroom.domain.roles import Role
from newsroom.i18n import tr
from newsroom.services.users import load, require_role
from newsroom.storage.models import OfficeWord, PersonalWord
from newsroom.storage.uow import UnitOfWork
from newsroom.text.spelling import MAX_WORD_LENGTH, normalize_word


@dataclass(frozen=True)
class DictionaryWords:
    """What a user's checker accepts on top of Hunspell, kept apart for the UI."""

    personal: tuple[str, ...]
    office: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.personal + self.office


def clean_word(word: str) -> str:
    """The stored form of ``word``; ValidationError for what cannot be a dictionary word.

    A phrase ("Мотор Січ") is refused rather than split: the checker sees single
    words, so each half must be added on its own if it is unknown.
    """
    normal = normalize_word(word.strip())
    if (not normal or len(normal) > MAX_WORD_LENGTH or any(ch.isspace() for ch in normal)
            or normal.isdigit()):
        shown = word.strip()
        if len(shown) > 40:
            shown = shown[:40] + "…"
        raise ValidationError(tr(
            "«{word}» cannot go into a dictionary: a word is 1 to {max} letters, without spaces, "
            "and not only digits", word=shown, max=MAX_WORD_LENGTH))
    return normal


def words_for(uow: UnitOfWork, user_id: int) -> DictionaryWords:
    personal = uow.session.scalars(
        select(PersonalWord.word).where(PersonalWord.user_id == user_id)
        .order_by(PersonalWord.word))
    office = uow.session.scalars(select(OfficeWord.word).order_by(OfficeWord.word))
    return DictionaryWords(personal=tuple(personal), office=tuple(office))


def add_personal(uow: UnitOfWork, user_id: int, word: str) -> str:
    """Add to the user's own dictionary; the stored word (an existing one is left as is)."""
    normal = clean_word(word)
    load(uow, user_id)
    if uow.session.get(PersonalWord, (user_id, normal)) is None:
        uow.session.add(PersonalWord(user_id=user_id, word=normal))
        uow.flush()
    return normal


def add_office(uow: UnitOfWork, actor_id: int, word: str) -> str:
    """Add to the office dictionary, which everyone's checker accepts: editors only,
    because one wrong word there hides the same typo in every article."""
    normal = clean_word(word)
    require_role(uow, actor_id, Role.EDITOR,
                 tr("only an editor may add words to the office dictionary"))
    if uow.session.get(OfficeWord, normal) is None:
        uow.session.add(OfficeWord(word=normal, added_by=actor_id))
        uow.flush()
    return normal

"""The article list: filters, search and sorting, a page at a time.

Search (:func:`search_matches`) finds the query's words in any form in the
title, lead or body through the lemma index (:mod:`newsroom.services.search`),
or the typed text as a fragment of the title or lead (:func:`text_matches`: a
case-insensitive substring match that folds Cyrillic case and the three
apostrophes the same way on SQLite and PostgreSQL), so "волонтер" still finds
«Волонтерські» while typing. Callers only ever go through :func:`query_rows`,
:func:`count_rows` and :func:`search_matches`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, case, false, func, literal, or_, select

from newsroom.domain.statuses import Status
from newsroom.services import search as lemma_search
from newsroom.services.views import ArticleRow
from newsroom.storage.db import (
    CYRILLIC_LOWER,
    CYRILLIC_UPPER,
    SORT_ALPHABET,
    UKRAINIAN_ALPHABET,
    search_fold,
)
from newsroom.storage.models import Article, Section, User
from newsroom.storage.uow import UnitOfWork
from newsroom.text.words import APOSTROPHES, CANONICAL_APOSTROPHE

MAX_SEARCH = 5_000
"""Longer than any title or lead may be, so a longer query can match nothing.

It also keeps the LIKE pattern well under SQLite's 50,000-byte limit.
"""


class SortColumn(StrEnum):
    TITLE = "title"
    STATUS = "status"
    SECTION = "section"
    AUTHOR = "author"
    UPDATED = "updated"
    SCHEDULED = "scheduled"


@dataclass(frozen=True)
class ListQuery:
    """What the list shows: every field set narrows it further."""

    status: Status | None = None
    section: str | None = None
    author_id: int | None = None
    waiting_for_review_by: int | None = None
    """Articles in review that this user did not write: their review inbox."""
    search: str | None = None
    sort: SortColumn = SortColumn.UPDATED
    descending: bool = True
    include_trashed: bool = False


# The workflow's order, as the Status enum lists it, not the alphabet's.
STATUS_ORDER = {status: position for position, status in enumerate(Status)}

_FOLD_FROM = CYRILLIC_UPPER + APOSTROPHES
_FOLD_TO = CYRILLIC_LOWER + CANONICAL_APOSTROPHE * len(APOSTROPHES)


def _dialect(uow: UnitOfWork) -> str:
    return uow.session.get_bind().dialect.name


def fold(uow: UnitOfWork, expr: Any) -> ColumnElement[str]:
    """SQL for :func:`newsroom.storage.db.search_fold` on this backend.

    SQLite runs the Python function registered by the engine's connect hook;
    PostgreSQL lower()s (Unicode-aware under a UTF-8 locale) and also maps the
    Cyrillic capitals itself, so a database created with the plain "C" locale
    still finds «волонтерські» for «ВОЛОНТЕР».
    """
    if _dialect(uow) == "sqlite":
        return func.nr_fold(expr)
    return func.translate(func.lower(expr), _FOLD_FROM, _FOLD_TO)


def sort_key(uow: UnitOfWork, expr: Any) -> ColumnElement[str]:
    """SQL for :func:`newsroom.storage.db.sort_key`: Ukrainian alphabetical order."""
    if _dialect(uow) == "sqlite":
        return func.nr_sort_key(expr)
    return func.translate(fold(uow, expr), UKRAINIAN_ALPHABET + APOSTROPHES,
                          SORT_ALPHABET).collate("C")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text_matches(uow: UnitOfWork, text: str, *columns: Any) -> ColumnElement[bool]:
    """A condition: ``text`` occurs in one of ``columns`` (title and lead by default).

    User input is matched literally (``%``, ``_`` and ``\\`` included). Input
    that no stored text can contain — longer than :data:`MAX_SEARCH`, with a
    NUL, or not encodable (lone surrogates) — gives a condition that is simply
    false, never a database error.
    """
    text = text.strip()
    if not columns:
        columns = (Article.title, Article.lead)
    if len(text) > MAX_SEARCH or "\x00" in text:
        return false()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return false()
    # Folded in Python too, so the pattern's length is known (casefold can
    # lengthen text) and SQLite's 50,000-byte pattern limit is never reached.
    if len(search_fold(text).encode("utf-8")) > 8 * MAX_SEARCH:
        return false()
    pattern = fold(uow, literal(f"%{_escape_like(text)}%"))
    return or_(*(fold(uow, column).like(pattern, escape="\\") for column in columns))


def search_matches(uow: UnitOfWork, text: str) -> ColumnElement[bool]:
    """A condition: the words of ``text``, in any form, are all in the article
    (lemma index), or ``text`` itself is a fragment of its title or lead."""
    return or_(lemma_search.match_ids_clause(uow, text), text_matches(uow, text))


def _conditions(uow: UnitOfWork, query: ListQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.status is not None:
        conditions.append(Article.status == query.status)
    elif not query.include_trashed:
        conditions.append(Article.status != Status.TRASHED)
    if query.section is not None:
        conditions.append(Section.name == query.section)
    if query.author_id is not None:
        conditions.append(Article.author_id == query.author_id)
    if query.waiting_for_review_by is not None:
        conditions.append(Article.status == Status.IN_REVIEW)
        conditions.append(Article.author_id != query.waiting_for_review_by)
    if query.search is not None and query.search.strip():
        conditions.append(search_matches(uow, query.search))
    return conditions


def _order(uow: UnitOfWork, query: ListQuery) -> list[Any]:
    key: Any
    match query.sort:
        case SortColumn.TITLE:
            key = sort_key(uow, Article.title)
        case SortColumn.STATUS:
            key = case(STATUS_ORDER, value=Article.status, else_=len(STATUS_ORDER))
        case SortColumn.SECTION:
            key = sort_key(uow, Section.name)
        case SortColumn.AUTHOR:
            key = sort_key(uow, User.display_name)
        case SortColumn.UPDATED:
            key = Article.updated_at
        case SortColumn.SCHEDULED:
            key = Article.scheduled_at
    ordered = key.desc() if query.descending else key.asc()
    if query.sort in (SortColumn.SECTION, SortColumn.SCHEDULED):
        # Rows without a section or a schedule stay at the end either way. Only
        # here: on a NOT NULL column "NULLS LAST" would stop PostgreSQL from
        # reading the default order straight off ix_articles_updated_at_id.
        ordered = ordered.nulls_last()
    return [ordered, Article.id.desc() if query.descending else Article.id.asc()]


def query_rows(uow: UnitOfWork, query: ListQuery, offset: int = 0,
               limit: int = 200) -> list[ArticleRow]:
    """One page of the list; the id breaks every tie, so pages never overlap."""
    stmt = (select(Article.id, Article.title, Article.status, Section.name, User.display_name,
                   Article.updated_at, Article.scheduled_at, Article.published_at)
            .join(User, User.id == Article.author_id)
            .outerjoin(Section, Section.id == Article.section_id)
            .where(*_conditions(uow, query))
            .order_by(*_order(uow, query))
            .offset(max(offset, 0)).limit(max(limit, 0)))
    return [ArticleRow(id=r[0], title=r[1], status=r[2], section=r[3], author=r[4],
                       updated_at=r[5], scheduled_at=r[6], published_at=r[7])
            for r in uow.session.execute(stmt)]


def count_rows(uow: UnitOfWork, query: ListQuery) -> int:
    """How many rows :func:`query_rows` pages through for this query."""
    stmt = (select(func.count(Article.id)).select_from(Article)
            .join(User, User.id == Article.author_id)
            .outerjoin(Section, Section.id == Article.section_id)
            .where(*_conditions(uow, query)))
    return uow.session.scalar(stmt) or 0

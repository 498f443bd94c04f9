"""The article list: filters, search and sorting, a page at a time.

Search (:func:`search_matches`) finds the query's words in any form in the
title, lead or body through the lemma index
(:mod:`newsroom.services.search_query`), each typed word also as the start of
a longer one, so «волонтер» finds «Волонтерські» while the user types. (An
earlier substring match on the title and lead folded every row in Python: 1.7 s
per count at 100,000 articles.) Callers only ever go through :func:`query_rows`,
:func:`count_rows` and :func:`search_matches`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, select

from newsroom.domain.statuses import Status
from newsroom.services import search_query
from newsroom.services.views import ArticleRow
from newsroom.storage.db import (
    CYRILLIC_LOWER,
    CYRILLIC_UPPER,
    SORT_ALPHABET,
    UKRAINIAN_ALPHABET,
)
from newsroom.storage.db import sort_key as sort_key_of
from newsroom.storage.models import Article, Section, User
from newsroom.storage.uow import UnitOfWork
from newsroom.text.words import APOSTROPHES, CANONICAL_APOSTROPHE


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


def search_matches(uow: UnitOfWork, text: str) -> ColumnElement[bool]:
    """A condition: every word of ``text`` is in the article in some form, or
    starts one of its words (the lemma index, prefixes on)."""
    return search_query.match_ids_clause(uow, text, prefixes=True)


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


def _rank_by_name(uow: UnitOfWork, column: Any, id_column: Any,
                  name_column: Any) -> ColumnElement[Any]:
    """The position of each row's section (or author) in Ukrainian alphabetical
    order, as a CASE over their ids: there are dozens of them, so sorting their
    names once here beats folding a name for each of 100,000 articles in SQL."""
    names = uow.session.execute(select(id_column, name_column)).all()
    ordered = sorted(names, key=lambda row: (sort_key_of(row[1]), row[0]))
    if not ordered:
        return literal(0)
    return case({row[0]: position for position, row in enumerate(ordered)}, value=column,
                else_=None)


def _order(uow: UnitOfWork, query: ListQuery) -> list[Any]:
    key: Any
    match query.sort:
        case SortColumn.TITLE:
            key = sort_key(uow, Article.title)
        case SortColumn.STATUS:
            key = case(STATUS_ORDER, value=Article.status, else_=len(STATUS_ORDER))
        case SortColumn.SECTION:
            key = _rank_by_name(uow, Article.section_id, Section.id, Section.name)
        case SortColumn.AUTHOR:
            key = _rank_by_name(uow, Article.author_id, User.id, User.display_name)
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
    """How many rows :func:`query_rows` pages through for this query.

    Joined only to what a condition needs: every article has its author (a
    NOT NULL foreign key), so joining users cannot change the count, and the
    join alone made SQLite read all 100,000 rows instead of an index.
    """
    stmt = select(func.count()).select_from(Article).where(*_conditions(uow, query))
    if query.section is not None:
        stmt = stmt.join(Section, Section.id == Article.section_id)
    return uow.session.scalar(stmt) or 0

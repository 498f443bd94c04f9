"""Lemma search: the one API for indexing articles and finding them by words.

Every text change of an article goes through :func:`index_article` (one) or
:func:`index_many` / :func:`index_documents` (bulk); the ``article_search`` row
it writes holds the words as lemmas (:mod:`newsroom.text.lemmas`), which an
FTS5 table (SQLite) or a generated tsvector (PostgreSQL) indexes — see
migration 0003. A query is lemmatized the same way, so «волонтерських
організацій» finds «волонтерська організація».

User text never reaches the database as query syntax: the query is split into
words here, and only those lemmas, quoted (FTS5) or through
``plainto_tsquery`` (PostgreSQL), are matched, all of them (AND). A query with
no words matches nothing; no query raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    column,
    delete,
    false,
    func,
    insert,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnClause

from newsroom.domain.statuses import Status
from newsroom.storage.models import Article, ArticleSearch
from newsroom.storage.uow import UnitOfWork
from newsroom.text.lemmas import lemmas
from newsroom.text.words import word_spans

MAX_TERMS = 16
"""Query words beyond this are ignored: a pasted page must not become a huge query."""

MAX_QUERY = 10_000
"""Only this much of a query is read for words."""

MAX_WORD = 200
"""Longer query words match nothing (PostgreSQL indexes words up to 2,047 bytes)."""

SNIPPET_CHARS = 160
_BATCH = 500
_TITLE_WEIGHT = 10.0  # bm25 column weights on SQLite: title, then lead and body

_FTS = table("article_search_fts", column("rowid"))
_FTS_NAME: ColumnClause[Any] = literal_column("article_search_fts")
_PG = table("article_search", column("article_id"), column("search_vector"))
_SIMPLE: ColumnClause[Any] = literal_column("'simple'::regconfig")

Executor = Session | Connection


@dataclass(frozen=True)
class Snippet:
    """A short plain-text piece of the article and where the matched words are in it."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def marked(self, before: str = "«", after: str = "»") -> str:
        """The text with every matched word wrapped, e.g. for a terminal."""
        out, pos = [], 0
        for start, end in self.spans:
            out += [self.text[pos:start], before, self.text[start:end], after]
            pos = end
        out.append(self.text[pos:])
        return "".join(out)


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    rank: float
    """Higher is better: -bm25 on SQLite, ts_rank on PostgreSQL."""
    snippet: Snippet


# ------------------------------------------------------------------ indexing


def _row(article_id: int, title: str, lead: str, body: str) -> dict[str, Any]:
    return {"article_id": article_id, "title_lemmas": " ".join(lemmas(title)),
            "lemmas": " ".join(lemmas(f"{lead}\n{body}"))}


def index_documents(executor: Executor,
                    docs: Iterable[tuple[int, str, str, str]]) -> None:
    """(Re)index articles given as ``(id, title, lead, body)``, a few statements
    per 500: for callers that already hold the text (the pull, the corpus loader,
    which works on a bare Connection)."""
    batch: list[dict[str, Any]] = []
    for doc in docs:
        batch.append(_row(*doc))
        if len(batch) >= _BATCH:
            _write(executor, batch)
            batch = []
    if batch:
        _write(executor, batch)


def _write(executor: Executor, rows: list[dict[str, Any]]) -> None:
    ids = [r["article_id"] for r in rows]
    executor.execute(delete(ArticleSearch).where(ArticleSearch.article_id.in_(ids))
                     .execution_options(synchronize_session=False))
    executor.execute(insert(ArticleSearch), rows)


def index_many(uow: UnitOfWork, ids: Sequence[int]) -> None:
    """(Re)index these articles from their stored text (flushes pending changes)."""
    unique = sorted(set(ids))
    for start in range(0, len(unique), _BATCH):
        chunk = unique[start:start + _BATCH]
        rows = uow.session.execute(select(Article.id, Article.title, Article.lead, Article.body)
                                   .where(Article.id.in_(chunk))).all()
        index_documents(uow.session, [(r[0], r[1], r[2], r[3]) for r in rows])


def index_article(uow: UnitOfWork, article_id: int) -> None:
    index_many(uow, [article_id])


# ------------------------------------------------------------------ queries


def query_terms(text: str) -> list[str]:
    """The distinct lemmas of a query, at most :data:`MAX_TERMS`; never raises.

    Only the first :data:`MAX_QUERY` characters are read (a word cut there is
    dropped). A word longer than :data:`MAX_WORD` leaves no terms at all: no
    index holds such a word (PostgreSQL skips them), so the query can match
    nothing, the same on both backends.
    """
    if len(text) > MAX_QUERY:
        cut = text[:MAX_QUERY]
        text = cut if text[MAX_QUERY].isspace() else cut[:len(cut.rstrip().rsplit(None, 1)[0])]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "ignore").decode("utf-8")
    terms: list[str] = []
    for term in lemmas(text.replace("\x00", " ")):
        if len(term) > MAX_WORD:
            return []
        if term not in terms:
            terms.append(term)
            if len(terms) == MAX_TERMS:
                break
    return terms


def _dialect(uow: UnitOfWork) -> str:
    return uow.session.get_bind().dialect.name


def _fts_expression(terms: list[str]) -> str:
    # Each term a quoted string: FTS5 reads no operator, column filter or
    # prefix star inside quotes; all terms must occur (implicit AND).
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _matches(uow: UnitOfWork, terms: list[str]) -> Select[Any]:
    """``(article_id, rank)`` of every indexed article matching all terms."""
    if _dialect(uow) == "sqlite":
        return (select(_FTS.c.rowid.label("article_id"),
                       (-func.bm25(_FTS_NAME, _TITLE_WEIGHT, 1.0)).label("rank"))
                .select_from(_FTS)
                .where(_FTS_NAME.op("MATCH")(_fts_expression(terms))))
    query = func.plainto_tsquery(_SIMPLE, " ".join(terms))
    return (select(_PG.c.article_id.label("article_id"),
                   func.ts_rank(_PG.c.search_vector, query).label("rank"))
            .where(_PG.c.search_vector.op("@@")(query)))


def match_ids_clause(uow: UnitOfWork, text: str) -> ColumnElement[bool]:
    """A condition on :class:`Article`: its words contain every word of ``text``
    in any form. A query without words gives a condition that is simply false."""
    terms = query_terms(text)
    if not terms:
        return false()
    ids = _matches(uow, terms).subquery()
    return Article.id.in_(select(ids.c.article_id))


def search(uow: UnitOfWork, text: str, limit: int = 50, offset: int = 0,
           include_trashed: bool = False) -> list[SearchHit]:
    """The best matches first (a title match above a mention in the body)."""
    terms = query_terms(text)
    if not terms or limit <= 0:
        return []
    found = _matches(uow, terms).subquery()
    stmt = (select(Article.id, found.c.rank, Article.title, Article.lead, Article.body)
            .join(found, found.c.article_id == Article.id)
            .order_by(found.c.rank.desc(), Article.id.desc())
            .offset(max(offset, 0)).limit(limit))
    if not include_trashed:
        stmt = stmt.where(Article.status != Status.TRASHED)
    wanted = set(terms)
    return [SearchHit(article_id=r[0], rank=float(r[1] or 0.0),
                      snippet=make_snippet(wanted, r[2], r[3], r[4]))
            for r in uow.session.execute(stmt)]


def snippets(uow: UnitOfWork, ids: Sequence[int], text: str) -> dict[int, Snippet]:
    """A snippet for each of these articles, for a list already filtered by ``text``."""
    wanted = set(query_terms(text))
    if not ids:
        return {}
    rows = uow.session.execute(select(Article.id, Article.title, Article.lead, Article.body)
                               .where(Article.id.in_(list(ids)))).all()
    return {r[0]: make_snippet(wanted, r[1], r[2], r[3]) for r in rows}


# ------------------------------------------------------------------ snippets

_SPACES = re.compile(r"\s+")


def _hits(wanted: set[str], text: str) -> list[tuple[int, int]]:
    spans = []
    for start, end in word_spans(text):
        if any(term in wanted for term in lemmas(text[start:end])):
            spans.append((start, end))
    return spans


def make_snippet(wanted: set[str], title: str, lead: str, body: str,
                 size: int = SNIPPET_CHARS) -> Snippet:
    """Up to ``size`` characters around the first matched word of the lead or
    body (else the title), whitespace collapsed, matched words as spans.

    A word matches when its lemma is one of ``wanted``; without any, the
    snippet is the start of the lead (or body, or title).
    """
    fields = [_SPACES.sub(" ", f).strip() for f in (lead, body, title)]
    for field in fields:
        spans = _hits(wanted, field) if wanted else []
        if spans:
            break
    else:
        field = next((f for f in fields if f), "")
        spans = []
    start = 0
    if spans and spans[0][0] > size // 3:
        start = field.rfind(" ", 0, spans[0][0] - size // 3) + 1
    end = min(len(field), start + size)
    if end < len(field):
        cut = field.rfind(" ", start, end)
        end = cut if cut > start else end
    piece = field[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(field) else ""
    shift = len(prefix) - start
    inside = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
    return Snippet(prefix + piece + suffix, inside)

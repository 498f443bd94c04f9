"""Finding articles by words: the query side of the lemma index.

:mod:`newsroom.services.search` writes the index (lemmas in ``article_search``,
indexed by FTS5 on SQLite and a tsvector on PostgreSQL); this module reads it.
A query is lemmatized like the articles, so «волонтерських організацій» finds
«волонтерська організація». Typed into a list, each word also matches as the
start of a longer word (``prefixes=True``), so «волонт» finds «волонтерські»
while the user is still typing.

User text never reaches the database as query syntax: the query is split into
words here, and only those lemmas (letters and digits), quoted for FTS5 or for
``to_tsquery``, are matched, all of them (AND). A query with no words matches
nothing; no query raises.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, column, false, func, literal_column, select, table
from sqlalchemy.sql.expression import ColumnClause

from newsroom.domain.statuses import Status
from newsroom.storage.models import Article
from newsroom.storage.uow import UnitOfWork
from newsroom.text.lemmas import HYPHENS, lemma_of, lemmas, words
from newsroom.text.words import APOSTROPHES, word_spans

MAX_TERMS = 16
"""Query words beyond this are ignored: a pasted page must not become a huge query."""

MAX_QUERY = 10_000
"""Only this much of a query is read for words."""

MAX_WORD = 200
"""Longer query words match nothing (PostgreSQL indexes words up to 2,047 bytes)."""

MIN_PREFIX = 4
"""A typed word this long also matches longer words starting with it; a shorter
one would match half the vocabulary («по…») and only slow the list down."""

SNIPPET_CHARS = 160
RANKED_MARGIN = 50
"""Ranked search takes this many more index hits than it shows, for the trashed
articles the join drops; if that still leaves too few it asks again, unlimited."""

_TITLE_WEIGHT = 10.0  # bm25 column weights on SQLite: title, then lead and body

_FTS = table("article_search_fts", column("rowid"))
_FTS_NAME: ColumnClause[Any] = literal_column("article_search_fts")
_PG = table("article_search", column("article_id"), column("search_vector"))
_SIMPLE: ColumnClause[Any] = literal_column("'simple'::regconfig")
_NO_APOSTROPHES = str.maketrans("", "", APOSTROPHES)


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


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query: its lemma, and the word as typed for a prefix match
    (None when too short, or when it cannot be told apart from its lemma's parts)."""

    lemma: str
    prefix: str | None = None


# ------------------------------------------------------------------ the query


def _bounded(text: str) -> str:
    """The first :data:`MAX_QUERY` characters (a word cut there is dropped), valid UTF-8."""
    if len(text) > MAX_QUERY:
        cut = text[:MAX_QUERY]
        text = cut if text[MAX_QUERY].isspace() else cut[:len(cut.rstrip().rsplit(None, 1)[0])]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "ignore").decode("utf-8")
    return text.replace("\x00", " ")


def query_words(text: str, prefixes: bool = False) -> list[QueryTerm]:
    """The distinct terms of a query, at most :data:`MAX_TERMS`; never raises.

    A word longer than :data:`MAX_WORD` leaves no terms at all: no index holds
    such a word (PostgreSQL skips them), so the query matches nothing, the same
    on both backends.
    """
    terms: list[QueryTerm] = []
    seen: set[str] = set()
    for word in words(_bounded(text)):
        lemma_parts = [p for p in HYPHENS.split(lemma_of(word)) if p]
        typed_parts = [p for p in HYPHENS.split(word.translate(_NO_APOSTROPHES)) if p]
        paired = prefixes and len(typed_parts) == len(lemma_parts)
        for i, part in enumerate(lemma_parts):
            if len(part) > MAX_WORD:
                return []
            typed = typed_parts[i] if paired else ""
            term = QueryTerm(part, typed if len(typed) >= MIN_PREFIX else None)
            key = f"{term.lemma}\x00{term.prefix or ''}"
            if key in seen:
                continue
            seen.add(key)
            terms.append(term)
            if len(terms) == MAX_TERMS:
                return terms
    return terms


def query_terms(text: str) -> list[str]:
    """The distinct lemmas of a query (see :func:`query_words`)."""
    return list(dict.fromkeys(term.lemma for term in query_words(text)))


def _dialect(uow: UnitOfWork) -> str:
    return uow.session.get_bind().dialect.name


Part = Literal["all", "title", "rest"]
"""Which matches: all of them, those with every word in the title, or the others."""


def _fts_expression(terms: list[QueryTerm], part: Part = "all") -> str:
    """Each term a quoted string (FTS5 reads no operator, column filter or star
    inside quotes), ``OR`` its typed form as a prefix; all terms must occur."""
    def quoted(word: str) -> str:
        return '"' + word.replace('"', '""') + '"'

    query = " AND ".join(
        f"({quoted(t.lemma)} OR {quoted(t.prefix)}*)" if t.prefix else quoted(t.lemma)
        for t in terms)
    if part == "all":
        return query
    in_title = f"{{title_lemmas}} : ({query})"
    return in_title if part == "title" else f"({query}) NOT {in_title}"


def _tsquery(terms: list[QueryTerm], part: Part = "all") -> str:
    """The same for ``to_tsquery``: lexemes single-quoted, prefixes ``:*``, the
    title being the tsvector's weight A."""
    def quoted(word: str, flags: str) -> str:
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + flags

    def query(a: str) -> str:
        return " & ".join(
            f"({quoted(t.lemma, a and ':' + a)} | {quoted(t.prefix, ':*' + a)})" if t.prefix
            else quoted(t.lemma, a and ":" + a) for t in terms)

    if part == "all":
        return query("")
    return query("A") if part == "title" else f"({query('')}) & !({query('A')})"


def _matches(uow: UnitOfWork, terms: list[QueryTerm], part: Part = "all") -> Select[Any]:
    """``(article_id, rank)`` of every indexed article matching all terms."""
    if _dialect(uow) == "sqlite":
        return (select(_FTS.c.rowid.label("article_id"),
                       (-func.bm25(_FTS_NAME, _TITLE_WEIGHT, 1.0)).label("rank"))
                .select_from(_FTS)
                .where(_FTS_NAME.op("MATCH")(_fts_expression(terms, part))))
    query = func.to_tsquery(_SIMPLE, _tsquery(terms, part))
    return (select(_PG.c.article_id.label("article_id"),
                   func.ts_rank(_PG.c.search_vector, query).label("rank"))
            .where(_PG.c.search_vector.op("@@")(query)))


def match_ids_clause(uow: UnitOfWork, text: str, prefixes: bool = True) -> ColumnElement[bool]:
    """A condition on :class:`Article`: its words contain every word of ``text``
    in any form (or, with ``prefixes``, a word starting with it). A query
    without words gives a condition that is simply false."""
    terms = query_words(text, prefixes)
    if not terms:
        return false()
    ids = _matches(uow, terms).subquery()
    return Article.id.in_(select(ids.c.article_id))


def search(uow: UnitOfWork, text: str, limit: int = 50, offset: int = 0,
           include_trashed: bool = False, prefixes: bool = False) -> list[SearchHit]:
    """The best matches first: articles with every word in the title, then the
    others, each by rank (bm25 / ts_rank, the title weighing more).

    Title matches are ranked on their own because ranking costs per match: a
    common word («область») is in the text of tens of thousands of articles
    (60 ms to rank them all) but in the titles of a few thousand, and a first
    page of those rarely needs the rest at all.
    """
    terms = query_words(text, prefixes)
    if not terms or limit <= 0:
        return []
    offset = max(offset, 0)
    title = _ranked(uow, terms, "title", 0, offset + limit, include_trashed)
    page = title[offset:]
    if len(title) < offset + limit:  # every title match is in: the others follow
        seen = len(title)
        page += _ranked(uow, terms, "rest", max(offset - seen, 0),
                        limit - max(seen - offset, 0), include_trashed)
    lemmas_wanted = {t.lemma for t in terms}
    prefixes_wanted = tuple(t.prefix for t in terms if t.prefix)
    return [SearchHit(article_id=r[0], rank=float(r[1] or 0.0),
                      snippet=make_snippet(lemmas_wanted, r[2], r[3], r[4],
                                           prefixes=prefixes_wanted))
            for r in page]


def _ranked(uow: UnitOfWork, terms: list[QueryTerm], part: Part, offset: int, limit: int,
            include_trashed: bool) -> list[Any]:
    """Rows ``offset`` to ``offset + limit`` of ``part``'s matches, best first.

    The index ranks and cuts first (with :data:`RANKED_MARGIN` spare rows for
    trashed articles), and only then are the hits joined to the articles; if
    the trash took too many, it asks again without the cut.
    """
    if limit <= 0:
        return []
    for cut in (offset + limit + (0 if include_trashed else RANKED_MARGIN), None):
        matches = _matches(uow, terms, part)
        if cut is not None:
            matches = matches.order_by(literal_column("rank").desc(),
                                       literal_column("article_id").desc()).limit(cut)
        found = matches.subquery()
        stmt = (select(Article.id, found.c.rank, Article.title, Article.lead, Article.body)
                .join(found, found.c.article_id == Article.id)
                .order_by(found.c.rank.desc(), Article.id.desc())
                .offset(offset).limit(limit))
        if not include_trashed:
            stmt = stmt.where(Article.status != Status.TRASHED)
        rows = list(uow.session.execute(stmt))
        if len(rows) == limit or include_trashed:
            return rows
    return rows


def snippets(uow: UnitOfWork, ids: Sequence[int], text: str,
             prefixes: bool = True) -> dict[int, Snippet]:
    """A snippet for each of these articles, for a list already filtered by ``text``."""
    terms = query_words(text, prefixes)
    if not ids:
        return {}
    rows = uow.session.execute(select(Article.id, Article.title, Article.lead, Article.body)
                               .where(Article.id.in_(list(ids)))).all()
    wanted = {t.lemma for t in terms}
    typed = tuple(t.prefix for t in terms if t.prefix)
    return {r[0]: make_snippet(wanted, r[1], r[2], r[3], prefixes=typed) for r in rows}


# ------------------------------------------------------------------ snippets

_SPACES = re.compile(r"\s+")


def _is_hit(word: str, wanted: set[str], prefixes: tuple[str, ...]) -> bool:
    if any(term in wanted for term in lemmas(word)):
        return True
    if prefixes:
        folded = "".join(words(word)).translate(_NO_APOSTROPHES)
        return any(part.startswith(prefixes) for part in HYPHENS.split(folded))
    return False


def _first_hit(spans: list[tuple[int, int]], text: str, wanted: set[str],
               prefixes: tuple[str, ...]) -> int | None:
    for i, (start, end) in enumerate(spans):
        if _is_hit(text[start:end], wanted, prefixes):
            return i
    return None


def make_snippet(wanted: set[str], title: str, lead: str, body: str,
                 size: int = SNIPPET_CHARS, prefixes: tuple[str, ...] = ()) -> Snippet:
    """Up to ``size`` characters around the first matched word of the lead or
    body (else the title), whitespace collapsed, matched words as spans.

    A word matches when its lemma is one of ``wanted`` (or it starts with one
    of ``prefixes``); without any, the snippet is the start of the lead (or
    body, or title). Only the words up to the first match and those inside the
    snippet are looked at: a long body costs no more than a short one.
    """
    fields = [_SPACES.sub(" ", f).strip() for f in (lead, body, title)]
    field, spans, first = next((f for f in fields if f), ""), [], None
    if wanted or prefixes:
        for candidate in fields:
            candidate_spans = word_spans(candidate)
            first = _first_hit(candidate_spans, candidate, wanted, prefixes)
            if first is not None:
                field, spans = candidate, candidate_spans
                break
    start = 0
    if first is not None and spans[first][0] > size // 3:
        start = field.rfind(" ", 0, spans[first][0] - size // 3) + 1
    end = min(len(field), start + size)
    if end < len(field):
        cut = field.rfind(" ", start, end)
        end = cut if cut > start else end
    hits: list[tuple[int, int]] = []
    for a, b in ([] if first is None else spans[first:]):
        if b > end:
            break
        if a >= start and _is_hit(field[a:b], wanted, prefixes):
            hits.append((a, b))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(field) else ""
    shift = len(prefix) - start
    return Snippet(prefix + field[start:end] + suffix,
                   tuple((a + shift, b + shift) for a, b in hits))

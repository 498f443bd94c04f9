"""The lemma index: every article's words as lemmas, kept current on every write.

Every text change of an article goes through :func:`index_article` (one) or
:func:`index_many` / :func:`index_documents` (bulk); the ``article_search`` row
it writes holds the words as lemmas (:mod:`newsroom.text.lemmas`), which an
FTS5 table (SQLite) or a generated tsvector (PostgreSQL) indexes — see
migration 0003. A query is lemmatized the same way, so «волонтерських
організацій» finds «волонтерська організація».

Queries are :mod:`newsroom.services.search_query`.

The same write keeps the related-article terms current (migration 0004):
``search_terms`` holds each lemma's document frequency (updated by the
difference between an article's old and new lemma sets, summed per batch),
``article_terms`` each article's :func:`term_vector`, what
:mod:`newsroom.services.related_suggest` compares. A vector's idf is the one
known when the article was (re)indexed; after a bulk load,
:func:`rebuild_terms` recomputes every vector with the final frequencies.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Table,
    delete,
    insert,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from newsroom.storage.models import Article, ArticleSearch, ArticleTerm, SearchTerm
from newsroom.storage.uow import UnitOfWork
from newsroom.text.lemmas import lemmas

_BATCH = 500

Executor = Session | Connection


# ------------------------------------------------------------------ indexing


_ADDRESSES = re.compile(
    r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"  # a Markdown link or picture target
    r"|(?:https?|ftp)://[^\s<>()]+|www\.[^\s<>()]+"  # a bare address
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # an e-mail (only from a run's start:
    # without the look-behind a long word is rescanned from each of its letters)
    re.IGNORECASE)


def readable(text: str) -> str:
    """The words a reader sees: link targets and addresses out («https», «www»,
    «gov» are in every third article and would pass for shared topics)."""
    return _ADDRESSES.sub(lambda m: "]" if m.group().startswith("]") else " ", text)


def _row(article_id: int, title: str, lead: str, body: str) -> dict[str, Any]:
    return {"article_id": article_id, "title_lemmas": " ".join(lemmas(readable(title))),
            "lemmas": " ".join(lemmas(readable(f"{lead}\n{body}")))}


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
    delta: Counter[str] = Counter()
    for old in executor.execute(select(ArticleSearch.title_lemmas, ArticleSearch.lemmas)
                                .where(ArticleSearch.article_id.in_(ids))):
        delta.subtract(term_counts(old[0], old[1]).keys())
        delta[DOCUMENTS] -= 1
    counts = {r["article_id"]: term_counts(r["title_lemmas"], r["lemmas"]) for r in rows}
    for found in counts.values():
        delta.update(found.keys())
    delta[DOCUMENTS] += len(counts)
    executor.execute(delete(ArticleSearch).where(ArticleSearch.article_id.in_(ids))
                     .execution_options(synchronize_session=False))
    executor.execute(insert(ArticleSearch), rows)
    _apply_df(executor, delta)
    df = _df(executor, {DOCUMENTS} | {term for found in counts.values() for term in found})
    n = df.get(DOCUMENTS, len(counts))
    _write_vectors(executor, ids, [(article_id, term_vector(found, df, n))
                                   for article_id, found in counts.items()])


def forget(executor: Executor, ids: Sequence[int]) -> None:
    """Take these articles out of the index, their terms out of the frequencies.

    For a hard delete: the database cascade would drop the rows but leave
    ``search_terms`` counting them (the app itself only ever trashes articles,
    and a trashed article stays indexed).
    """
    unique = sorted(set(ids))
    for start in range(0, len(unique), _BATCH):
        chunk = unique[start:start + _BATCH]
        delta: Counter[str] = Counter()
        for old in executor.execute(select(ArticleSearch.title_lemmas, ArticleSearch.lemmas)
                                    .where(ArticleSearch.article_id.in_(chunk))):
            delta.subtract(term_counts(old[0], old[1]).keys())
            delta[DOCUMENTS] -= 1
        executor.execute(delete(ArticleSearch).where(ArticleSearch.article_id.in_(chunk))
                         .execution_options(synchronize_session=False))
        _apply_df(executor, delta)
        _write_vectors(executor, chunk, [])


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


# ------------------------------------------------------------------ term vectors

TITLE_WEIGHT = 3.0
"""A title occurrence counts as this many in the text: the title says what it is about."""

VECTOR_TERMS = 40
"""Terms kept per article: enough to describe it, few enough to scan postings fast."""

_STOP_TEXT = """
    або адже аж але багато без би біля більш більше близько бо бути вам вас ваш
    весь вже ви від він вона вони воно все всі де для до додати досі дуже же за
    зазначити заявити зі зокрема із його йтися казати кожен кожний коли котрий
    крім лише мати ми між мов могти може можна навіть над наголосити наш не
    небудь нині ні ніж ну об один однак окрім от отже перед по повідомити
    повідомляти під поки понад попри після при про проти проте рік розповісти
    разом саме свій себе серед сказати скільки так також там тепер то тобто тоді
    той тому тут ти тільки увесь уже усе хоч хоча це цей через чи чий чому що
    щоб щодо ще як який якщо інший їхній її їх"""
STOP_LEMMAS = frozenset(_STOP_TEXT.split())
"""Function words and the reporting verbs every news item uses, as lemmas: they
would make any two news items look alike. (A frozen copy is in migration 0004.)"""

_MAX_TERM = 200  # the column's length
DOCUMENTS = ""
"""The ``search_terms`` row whose ``df`` counts the indexed articles (no lemma is empty)."""
_TERMS = cast(Table, SearchTerm.__table__)
_VECTORS = cast(Table, ArticleTerm.__table__)
_LOOKUP = 900  # terms per IN (...) list


def keeps(term: str) -> bool:
    """A lemma that can make two articles related: letters only (no numbers),
    three or more of them (two-letter lemmas are prepositions and particles
    «на», «та», «ці»…), not a stop word."""
    return 3 <= len(term) <= _MAX_TERM and term.isalpha() and term not in STOP_LEMMAS


def term_counts(title_lemmas: str, lemmas: str) -> dict[str, float]:
    """Kept lemmas of an ``article_search`` row, a title occurrence counting
    :data:`TITLE_WEIGHT`."""
    counts: dict[str, float] = {}
    for term in title_lemmas.split():
        if keeps(term):
            counts[term] = counts.get(term, 0.0) + TITLE_WEIGHT
    for term in lemmas.split():
        if keeps(term):
            counts[term] = counts.get(term, 0.0) + 1.0
    return counts


def idf(df: int, n: int) -> float:
    """BM25's idf: near zero for a lemma in every article, never negative."""
    df = max(df, 1)
    n = max(n, df)
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def term_vector(counts: Mapping[str, float], df: Mapping[str, int],
                n: int) -> list[tuple[str, float]]:
    """The :data:`VECTOR_TERMS` strongest terms, ``(1 + ln tf) * idf``, L2-normalised,
    strongest first. ``df`` misses a term only for text not indexed yet (df 1)."""
    raw = {t: (1.0 + math.log(c)) * idf(df.get(t, 1), n) for t, c in counts.items()}
    top = sorted(raw.items(), key=lambda kv: (-kv[1], kv[0]))[:VECTOR_TERMS]
    norm = math.sqrt(sum(w * w for _, w in top))
    if norm <= 0.0:
        return []
    return [(t, w / norm) for t, w in top]


def _dialect_name(executor: Executor) -> str:
    if isinstance(executor, Connection):
        return executor.dialect.name
    return executor.get_bind().dialect.name


def _apply_df(executor: Executor, delta: Counter[str]) -> None:
    """Add the changes to ``search_terms``, in term order (two writers on
    PostgreSQL lock rows in the same order, so they cannot deadlock)."""
    changes = sorted((term, d) for term, d in delta.items() if d != 0)
    if not changes:
        return
    ins = (sqlite_insert(_TERMS) if _dialect_name(executor) == "sqlite"
           else pg_insert(_TERMS))
    upsert = ins.on_conflict_do_update(index_elements=[_TERMS.c.term],
                                       set_={"df": _TERMS.c.df + ins.excluded.df})
    for start in range(0, len(changes), _BATCH * 4):
        executor.execute(upsert, [{"term": t, "df": d}
                                  for t, d in changes[start:start + _BATCH * 4]])
    gone = [t for t, d in changes if d < 0]
    for start in range(0, len(gone), _LOOKUP):
        executor.execute(delete(_TERMS).where(_TERMS.c.term.in_(gone[start:start + _LOOKUP]),
                                              _TERMS.c.df <= 0))


def _df(executor: Executor, terms: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(terms))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), _LOOKUP):
        found.update((r[0], r[1]) for r in executor.execute(
            select(_TERMS.c.term, _TERMS.c.df)
            .where(_TERMS.c.term.in_(wanted[start:start + _LOOKUP]))))
    return found


def _write_vectors(executor: Executor, ids: Sequence[int],
                   vectors: Sequence[tuple[int, list[tuple[str, float]]]]) -> None:
    executor.execute(delete(_VECTORS).where(_VECTORS.c.article_id.in_(list(ids))))
    rows = [{"article_id": article_id, "term": t, "weight": w}
            for article_id, vector in vectors for t, w in vector]
    for start in range(0, len(rows), _BATCH * 10):
        executor.execute(insert(_VECTORS), rows[start:start + _BATCH * 10])


def _indexed(executor: Executor) -> Iterator[list[tuple[int, dict[str, float]]]]:
    last = 0
    while True:
        rows = executor.execute(
            select(ArticleSearch.article_id, ArticleSearch.title_lemmas, ArticleSearch.lemmas)
            .where(ArticleSearch.article_id > last)
            .order_by(ArticleSearch.article_id).limit(_BATCH)).all()
        if not rows:
            return
        yield [(r[0], term_counts(r[1], r[2])) for r in rows]
        last = rows[-1][0]


def rebuild_terms(executor: Executor) -> int:
    """Recount every frequency and reweigh every vector from ``article_search``
    (what migration 0004 does): after a bulk load, whose first batches were
    weighed with the frequencies of a small archive. Returns the articles seen."""
    df: Counter[str] = Counter()
    n = 0
    for batch in _indexed(executor):
        for _, counts in batch:
            df.update(counts.keys())
        n += len(batch)
    executor.execute(delete(_VECTORS))
    executor.execute(delete(_TERMS))
    ordered = sorted([*df.items(), (DOCUMENTS, n)])
    for start in range(0, len(ordered), _BATCH * 4):
        executor.execute(insert(_TERMS), [{"term": t, "df": c}
                                          for t, c in ordered[start:start + _BATCH * 4]])
    for batch in _indexed(executor):
        rows = [{"article_id": article_id, "term": t, "weight": w}
                for article_id, counts in batch for t, w in term_vector(counts, df, n)]
        if rows:
            executor.execute(insert(_VECTORS), rows)
    return n


def reindex(uow: UnitOfWork, relemmatize: bool = True) -> int:
    """Lemmatize every article again (unless ``relemmatize`` is false), then
    :func:`rebuild_terms`: after a bulk load or a big first pull, whose first
    batches were weighed against a small archive, or a new lemmatizer. Returns
    the articles indexed."""
    if relemmatize:
        index_many(uow, list(uow.session.scalars(select(Article.id))))
    return rebuild_terms(uow.session)


def current_vector(executor: Executor, article_id: int) -> list[tuple[str, float]] | None:
    """An indexed article's vector weighed with today's frequencies, strongest
    first; None if the article is not indexed.

    Not the stored one: that was weighed when the article was last saved, maybe
    against a much smaller archive, and the query side is cheap to redo.
    """
    row = executor.execute(select(ArticleSearch.title_lemmas, ArticleSearch.lemmas)
                           .where(ArticleSearch.article_id == article_id)).first()
    if row is None:
        return None
    counts = term_counts(row[0], row[1])
    df = _df(executor, [DOCUMENTS, *counts])
    return term_vector(counts, df, df.get(DOCUMENTS, 1))


def text_vector(executor: Executor, title: str, lead: str,
                body: str) -> list[tuple[str, float]]:
    """The vector text would get if indexed now, against the current frequencies."""
    row = _row(0, title, lead, body)
    counts = term_counts(row["title_lemmas"], row["lemmas"])
    df = {t: d + 1 for t, d in _df(executor, [DOCUMENTS, *counts]).items()}
    return term_vector(counts, df, df.get(DOCUMENTS, 1))

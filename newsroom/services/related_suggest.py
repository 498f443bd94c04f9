"""Suggestions for "Читайте також": published articles that look related.

Each article has a lemma tf-idf vector (``article_terms``, kept by
:mod:`newsroom.services.search` on every index write): its
:data:`~newsroom.services.search.VECTOR_TERMS` strongest lemmas of title (counted
:data:`~newsroom.services.search.TITLE_WEIGHT` times), lead and body, weighed
``(1 + ln tf) * idf``, L2-normalised. So «волонтерських організацій» meets
«волонтерська організація», and a rare shared lemma outweighs «область».

A suggestion's score is

    cosine of the two vectors, over the article's :data:`QUERY_TERMS` strongest terms
    + :data:`SECTION_BONUS` for the same section
    + :data:`TAG_BONUS` per shared tag (at most :data:`MAX_TAGS_COUNTED`)
    + a recency term of at most :data:`RECENCY_WEIGHT`, halving every
      :data:`RECENCY_HALF_LIFE_DAYS` days before the newest candidate.

The cosine is summed in SQL from the postings of those terms (the
``(term, weight, article_id)`` index), and only the best :data:`CANDIDATES` are
looked at further, with the newest few articles carrying each of its tags: the
cost depends on how common the article's terms are, not on the size of the
archive. Never the
article itself, one already linked from it, or anything not published; an
article sharing neither a term nor a tag is never suggested, however new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func, literal, select, union_all

from newsroom.domain.statuses import Status
from newsroom.services import articles, search
from newsroom.services.views import RelatedView
from newsroom.storage.models import Article, ArticleTag, ArticleTerm, RelatedLink
from newsroom.storage.uow import UnitOfWork

QUERY_TERMS = 24
POSTINGS_PER_TERM = 1_000
CANDIDATES = 300
TAG_CANDIDATES = 50
SECTION_BONUS = 0.02
TAG_BONUS = 0.05
MAX_TAGS_COUNTED = 3
RECENCY_WEIGHT = 0.01
RECENCY_HALF_LIFE_DAYS = 30.0
SHARED_TERMS_SHOWN = 5


@dataclass(frozen=True)
class Suggestion:
    article: RelatedView
    score: float
    shared_terms: tuple[str, ...]


def query_vector(uow: UnitOfWork, article: Article) -> list[tuple[str, float]]:
    """The article's strongest terms, weighed with today's frequencies (from its
    index row, or from its text if it is not indexed)."""
    vector = search.current_vector(uow.session, article.id)
    if vector is None:
        vector = search.text_vector(uow.session, article.title, article.lead, article.body)
    return vector[:QUERY_TERMS]


def _term_scores(article_id: int, query: dict[str, float]) -> Select[Any]:
    """``(article_id, dot)``: the dot product with the query, of the best CANDIDATES.

    Each term contributes only its :data:`POSTINGS_PER_TERM` strongest postings
    (read off the ``(term, weight, article_id)`` index in weight order): a
    term common in a big archive costs no more than a rare one, and an article
    cut off there weighs the term too little to be among the best anyway.
    """
    arms = [select(ArticleTerm.article_id, (ArticleTerm.weight * weight).label("part"))
            .where(ArticleTerm.term == term)
            .order_by(ArticleTerm.weight.desc()).limit(POSTINGS_PER_TERM)
            for term, weight in sorted(query.items())]
    parts = union_all(*[select(arm.subquery()) for arm in arms]).subquery()
    dot = func.sum(parts.c.part)
    return (select(parts.c.article_id.label("article_id"), dot.label("dot"))
            .where(parts.c.article_id != article_id)
            .group_by(parts.c.article_id)
            .order_by(dot.desc(), parts.c.article_id.desc())
            .limit(CANDIDATES))


def _tagged(article_id: int, tag_ids: list[int]) -> Select[Any]:
    """``(article_id)``: the :data:`TAG_CANDIDATES` newest articles with each of
    these tags (newest by id, off the ``(tag_id, article_id)`` index): a tag
    such as a town may be on thousands of articles."""
    arms = [select(ArticleTag.article_id).where(ArticleTag.tag_id == tag_id,
                                                ArticleTag.article_id != article_id)
            .order_by(ArticleTag.article_id.desc()).limit(TAG_CANDIDATES)
            for tag_id in sorted(tag_ids)]
    return select(union_all(*[select(arm.subquery()) for arm in arms]).subquery())


def _candidates(uow: UnitOfWork, article: Article, query: dict[str, float]) -> list[Row[Any]]:
    """Published, unlinked candidates with their dot product and shared tags,
    in one statement (no id lists travel back and forth)."""
    tag_ids = list(uow.session.scalars(select(ArticleTag.tag_id)
                                       .where(ArticleTag.article_id == article.id)))
    if not query and not tag_ids:
        return []
    sources: list[Select[Any]] = []
    if query:
        scores = _term_scores(article.id, query).subquery()
        sources.append(select(scores.c.article_id, scores.c.dot))
    if tag_ids:
        tagged = _tagged(article.id, tag_ids).subquery()
        sources.append(select(tagged.c[0].label("article_id"), literal(0.0).label("dot")))
    both = union_all(*sources).subquery()
    found = (select(both.c.article_id, func.max(both.c.dot).label("dot"))
             .group_by(both.c.article_id).subquery())
    if tag_ids:
        shared_tags: Any = (select(func.count()).select_from(ArticleTag)
                            .where(ArticleTag.article_id == Article.id,
                                   ArticleTag.tag_id.in_(tag_ids))
                            .scalar_subquery())
    else:
        shared_tags = literal(0)
    linked = select(RelatedLink.related_id).where(RelatedLink.article_id == article.id)
    stmt = (select(Article.id, Article.title, Article.slug, Article.status, Article.remote_url,
                   Article.published_at, Article.section_id, found.c.dot,
                   shared_tags.label("tags"))
            .join(found, found.c.article_id == Article.id)
            .where(Article.status == Status.PUBLISHED, Article.id != article.id,
                   Article.id.not_in(linked)))
    return list(uow.session.execute(stmt))


def _recency(published: datetime | None, newest: datetime | None) -> float:
    if published is None or newest is None:
        return 0.0
    age_days = max((newest - published).total_seconds(), 0.0) / 86_400
    return float(RECENCY_WEIGHT * 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS))


def _shared_terms(uow: UnitOfWork, ids: list[int],
                  query: dict[str, float]) -> dict[int, tuple[str, ...]]:
    """The query terms each article has, the ones that added most first."""
    found: dict[int, list[tuple[float, str]]] = {}
    if ids and query:
        for r in uow.session.execute(
                select(ArticleTerm.article_id, ArticleTerm.term, ArticleTerm.weight)
                .where(ArticleTerm.article_id.in_(ids), ArticleTerm.term.in_(sorted(query)))):
            found.setdefault(r[0], []).append((-float(r[2]) * query[r[1]], r[1]))
    return {i: tuple(t for _, t in sorted(terms)[:SHARED_TERMS_SHOWN])
            for i, terms in found.items()}


def suggest(uow: UnitOfWork, article_id: int, limit: int = 10) -> list[Suggestion]:
    """The best ``limit`` published articles to link from ``article_id``, best first.

    Raises :class:`~newsroom.domain.errors.NotFound` for an unknown article.
    """
    article = articles.load(uow, article_id)
    if limit <= 0:
        return []
    query = dict(query_vector(uow, article))
    rows = _candidates(uow, article, query)
    newest = max((r.published_at for r in rows if r.published_at is not None), default=None)
    ranked: list[tuple[float, float, int, RelatedView]] = []
    for r in rows:
        same_section = article.section_id is not None and r.section_id == article.section_id
        score = (float(r.dot or 0.0)
                 + TAG_BONUS * min(int(r.tags or 0), MAX_TAGS_COUNTED)
                 + (SECTION_BONUS if same_section else 0.0)
                 + _recency(r.published_at, newest))
        when = r.published_at.timestamp() if r.published_at else 0.0
        ranked.append((round(score, 6), when, r.id, RelatedView(
            id=r.id, title=r.title, slug=r.slug, status=r.status, url=r.remote_url,
            published_at=r.published_at)))
    ranked.sort(key=lambda item: (-item[0], -item[1], -item[2]))
    best = ranked[:limit]
    shared = _shared_terms(uow, [item[2] for item in best], query)
    return [Suggestion(article=view, score=score, shared_terms=shared.get(view.id, ()))
            for score, _, _, view in best]

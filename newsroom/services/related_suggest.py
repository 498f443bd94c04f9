"""Suggestions for "Читайте також": published articles that look related.

A simple, explainable ranking until a Ukrainian-aware TF-IDF replaces it:

* the significant words of title and lead (case folded, apostrophes unified,
  four letters or more, minus a short list of Ukrainian function words) are
  cut to a rough stem, so «волонтерські» and «волонтерів» meet;
* each stem the two articles share scores by its rarity among the candidates
  (``log((1 + N) / df)``), so «волонтер» outweighs «област» in a regional feed;
* the same section adds :data:`SECTION_BONUS`, each shared tag :data:`TAG_BONUS`;
* a recency term of at most :data:`RECENCY_WEIGHT`, halving every
  :data:`RECENCY_HALF_LIFE_DAYS` days, orders otherwise equal candidates.

An article with nothing in common (no shared word, tag or section) is never
suggested, however new. Only the newest :data:`MAX_CANDIDATES` published
articles are considered, so a big archive stays fast.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select

from newsroom.domain.statuses import Status
from newsroom.services import articles
from newsroom.services.views import RelatedView
from newsroom.storage.db import search_fold
from newsroom.storage.models import Article, ArticleTag, RelatedLink
from newsroom.storage.uow import UnitOfWork
from newsroom.text.words import tokenize_words

MAX_CANDIDATES = 2_000
MIN_LETTERS = 4
SECTION_BONUS = 1.0
TAG_BONUS = 1.5
RECENCY_WEIGHT = 0.3
RECENCY_HALF_LIFE_DAYS = 30.0
SHARED_TERMS_SHOWN = 5

# Function words of four letters or more, plus the reporting verbs every news
# item uses; shorter words are dropped by length anyway. Folded forms.
_STOPWORDS_TEXT = """
    адже або більш більше буде будуть була були було бути вам вас весь вже від
    вона вони воно всіх всього всі все дуже його досі зазначив зазначила зокрема
    інша інше інших інші їхні їхній яка яке який яких які якого якому якщо
    коли кожен кожна лише може можна можуть навіть нашого наших наші нині отже
    перед після поки понад проте саме своє свого своїй своїх свої свою собі
    також тобто того тоді тому тільки цей цього цьому цих цієї через щоб щодо
    ними нього неї якими разом серед тепер уже усі усіх цим цими щоденно
    повідомили повідомляє повідомила повідомив розповів розповіла сказав сказала
    заявив заявила наголосив наголосила додав додала йдеться року році роки
    років рік нашої наша наше наш"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

# Endings cut to reach a rough stem, longest first; the stem keeps at least
# MIN_LETTERS letters. Crude, but it joins the forms a news text uses.
_ENDINGS_TEXT = """
    ськими ського ському ських ською ська ське ські ський ськім
    іями іях ією ії ія ій ію ями ами ого ому ими іми ові еві
    ої ою ею ий их іх ах ях ам ям ом ем ів їв ей ує ють ать ять ити ати
    ала али ало ла ли ло ти а я о е и і ї у ю ь й"""
_ENDINGS = frozenset(_ENDINGS_TEXT.split())
_ENDING_LENGTHS = sorted({len(ending) for ending in _ENDINGS}, reverse=True)


@dataclass(frozen=True)
class Suggestion:
    article: RelatedView
    score: float
    shared_terms: tuple[str, ...]


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def _stem(word: str) -> str:
    """Cut the longest known ending that leaves at least MIN_LETTERS letters."""
    for length in _ENDING_LENGTHS:
        if (len(word) > length and word[-length:] in _ENDINGS
                and _letters(word[:-length]) >= MIN_LETTERS):
            return word[:-length]
    return word


@lru_cache(maxsize=200_000)
def _term(token: str) -> tuple[str, str] | None:
    """(stem, folded word) of a significant token, None for a short or stop word.

    Cached: a newsroom's vocabulary is small next to 2,000 leads' worth of tokens.
    """
    word = search_fold(token)
    if _letters(word) < MIN_LETTERS or word in STOPWORDS:
        return None
    return _stem(word), word


def terms(text: str) -> dict[str, str]:
    """Significant stems of ``text``, each with the first word (folded) that gave it."""
    found: dict[str, str] = {}
    for token in tokenize_words(text):
        term = _term(token)
        if term is not None:
            found.setdefault(*term)
    return found


@dataclass
class _Candidate:
    view: RelatedView
    section_id: int | None
    terms: frozenset[str]


def _candidates(uow: UnitOfWork, article: Article) -> list[_Candidate]:
    linked = select(RelatedLink.related_id).where(RelatedLink.article_id == article.id)
    stmt = (select(Article.id, Article.title, Article.slug, Article.status, Article.remote_url,
                   Article.published_at, Article.lead, Article.section_id)
            .where(Article.status == Status.PUBLISHED, Article.id != article.id,
                   Article.id.not_in(linked))
            .order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
            .limit(MAX_CANDIDATES))
    return [_Candidate(view=RelatedView(id=r.id, title=r.title, slug=r.slug, status=r.status,
                                        url=r.remote_url, published_at=r.published_at),
                       section_id=r.section_id,
                       terms=frozenset(terms(f"{r.title}\n{r.lead}")))
            for r in uow.session.execute(stmt)]


def _shared_tags(uow: UnitOfWork, article_id: int) -> Counter[int]:
    """Article id -> how many tags it shares with ``article_id``."""
    mine = select(ArticleTag.tag_id).where(ArticleTag.article_id == article_id)
    stmt = (select(ArticleTag.article_id)
            .where(ArticleTag.tag_id.in_(mine), ArticleTag.article_id != article_id))
    return Counter(uow.session.scalars(stmt))


def _recency(published: datetime | None, newest: datetime | None) -> float:
    if published is None or newest is None:
        return 0.0
    age_days = max((newest - published).total_seconds(), 0.0) / 86_400
    return float(RECENCY_WEIGHT * 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS))


def suggest(uow: UnitOfWork, article_id: int, limit: int = 10) -> list[Suggestion]:
    """The best ``limit`` published articles to link from ``article_id``, best first."""
    article = articles.load(uow, article_id)
    mine = terms(f"{article.title}\n{article.lead}")
    candidates = _candidates(uow, article)
    tags = _shared_tags(uow, article.id)
    n = len(candidates)
    df: Counter[str] = Counter()
    for cand in candidates:
        df.update(cand.terms & mine.keys())
    idf = {term: math.log((1 + n) / count) for term, count in df.items()}
    newest = max((c.view.published_at for c in candidates if c.view.published_at),
                 default=None)
    ranked: list[tuple[float, float, int, Suggestion]] = []
    for cand in candidates:
        shared = sorted(cand.terms & mine.keys(), key=lambda t: (-idf[t], mine[t]))
        same_section = article.section_id is not None and cand.section_id == article.section_id
        if not shared and not tags[cand.view.id] and not same_section:
            continue
        score = (sum(idf[t] for t in shared) + TAG_BONUS * tags[cand.view.id]
                 + (SECTION_BONUS if same_section else 0.0)
                 + _recency(cand.view.published_at, newest))
        when = cand.view.published_at.timestamp() if cand.view.published_at else 0.0
        ranked.append((score, when, cand.view.id, Suggestion(
            article=cand.view, score=round(score, 6),
            shared_terms=tuple(mine[t] for t in shared[:SHARED_TERMS_SHOWN]))))
    ranked.sort(key=lambda item: (-item[0], -item[1], -item[2]))
    return [item[3] for item in ranked[: max(limit, 0)]]

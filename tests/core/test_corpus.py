"""The benchmark corpus (bench/corpus.py): deterministic, Ukrainian, clustered, loadable.

Later search and related-article benchmarks take its topic labels and
inflected key phrases as ground truth, so those properties are pinned here.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC

from sqlalchemy import func, select

from bench import corpus
from newsroom.domain.statuses import Status
from newsroom.services import article_list, taxonomy
from newsroom.storage.db import Database
from newsroom.storage.models import Article, ArticleTag, Revision
from newsroom.text.lemmas import HYPHENS, words

STRAIGHT_IN_WORD = re.compile(r"[^\W\d_]['ʼ`][^\W\d_]")


def _text(a: corpus.CorpusArticle) -> str:
    return "\n".join((a.title, a.lead, a.body))


def test_same_seed_same_articles() -> None:
    assert list(corpus.generate(200, seed=7)) == list(corpus.generate(200, seed=7))


def test_different_seeds_differ() -> None:
    one, two = list(corpus.generate(50, seed=1)), list(corpus.generate(50, seed=2))
    assert sum(a != b for a, b in zip(one, two, strict=True)) >= 45


def test_filler_is_real_ukrainian_text_from_ua_gec() -> None:
    pool, source = corpus.filler_sentences()
    assert source == "ua_gec"
    assert len(pool) > 5_000
    body = "\n".join(a.body for a in corpus.generate(5, seed=3))
    assert sum(sentence in body for sentence in pool) >= 10


def test_every_article_is_ukrainian_with_typographic_apostrophes() -> None:
    for a in corpus.generate(600, seed=5):
        text = _text(a)
        assert "’" in text, a.title
        assert re.search("[іїєґ]", text), a.title
        assert not STRAIGHT_IN_WORD.search(text), STRAIGHT_IN_WORD.search(text)
        assert "'" not in text
        assert 3 <= len(a.body.split("\n\n")) <= 8
        assert a.published_at.tzinfo is not None
        assert a.published_at.utcoffset() == UTC.utcoffset(None)


def test_topics_are_labelled_and_balanced() -> None:
    articles = list(corpus.generate(900, seed=11))
    counts = Counter(a.topic for a in articles)
    assert set(counts) == {t.label for t in corpus.TOPICS}
    assert len(counts) >= 28
    assert max(counts.values()) - min(counts.values()) <= 1
    by_label = {t.label: t for t in corpus.TOPICS}
    for a in articles:
        topic = by_label[a.topic]
        assert a.section == topic.section
        assert a.key_terms == topic.key_terms
        text = _text(a)
        assert any(form in text for p in topic.phrases for form in p.all_forms), a.title
    years = {a.published_at.year for a in articles}
    assert len(years) >= 8


def test_volunteer_cluster_uses_several_case_forms() -> None:
    topic = next(t for t in corpus.TOPICS if t.label == "соціальний захист і волонтери")
    phrase = next(p for p in topic.phrases if p.lemma == "волонтерська організація")
    assert "волонтерських організацій" in phrase.all_forms
    assert "волонтерські організації" in phrase.all_forms
    found: set[str] = set()
    for a in corpus.generate(3000, seed=1):
        if a.topic == topic.label:
            text = _text(a)
            found.update(form for form in phrase.all_forms if form in text)
    assert len(found) >= 3, found


def test_load_database(db: Database) -> None:
    articles = list(corpus.generate(300, seed=4))
    assert corpus.load_database(db, articles, batch=128) == 300
    with db.uow() as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(Article)
                        .where(Article.status == Status.PUBLISHED)) == 300
        assert s.scalar(select(func.count(func.distinct(Article.slug)))) == 300
        assert s.scalar(select(func.count()).select_from(Revision)
                        .where(Revision.number == 1)) == 300
        assert s.scalar(select(func.count()).select_from(Article)
                        .where(Article.section_id.is_(None))) == 0
        assert s.scalar(select(func.count(func.distinct(ArticleTag.article_id)))) == 300
        assert set(taxonomy.list_sections(uow)) == {a.section for a in articles}
        query = article_list.ListQuery(status=Status.PUBLISHED)
        assert article_list.count_rows(uow, query) == 300
        rows = article_list.query_rows(uow, query, limit=500)
        assert len(rows) == 300
        assert {r.title for r in rows} == {a.title for a in articles}
        first = s.scalar(select(Article).where(Article.title == articles[0].title)
                         .order_by(Article.id).limit(1))
        assert first is not None
        assert first.published_at == articles[0].published_at
        assert taxonomy.tags_of(uow, first.id) == tuple(dict.fromkeys(articles[0].tags))
        # The list's search: a typed word also matches as the start of a word.
        expected = sum(any(part.startswith("волонтерськ")
                           for word in words(f"{a.title}\n{a.lead}\n{a.body}")
                           for part in HYPHENS.split(word)) for a in articles)
        assert expected > 0
        assert article_list.count_rows(uow, article_list.ListQuery(
            search="ВОЛОНТЕРСЬК")) == expected


def test_loading_again_keeps_slugs_unique(db: Database) -> None:
    articles = list(corpus.generate(40, seed=9))
    corpus.load_database(db, articles, batch=16)
    corpus.load_database(db, articles, batch=16)
    with db.uow() as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(Article)) == 80
        assert s.scalar(select(func.count(func.distinct(Article.slug)))) == 80


def test_twenty_thousand_articles_generate() -> None:
    topics = Counter(a.topic for a in corpus.generate(20_000, seed=2))
    assert sum(topics.values()) == 20_000

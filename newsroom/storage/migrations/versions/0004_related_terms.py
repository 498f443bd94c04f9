"""related-article terms: search_terms (document frequency), article_terms (tf-idf vectors)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 10:45:00

``search_terms`` counts, for each lemma, how many indexed articles contain it
(the row with the empty term counts the indexed articles); ``article_terms``
keeps each article's strongest lemmas with their tf-idf weight (vector
L2-normalised), which "Читайте також" suggestions compare. The
index ``(term, weight, article_id)`` lets a suggestion read a term's postings
from the index alone on both backends; ``(tag_id, article_id)`` on
``article_tags`` finds the newest articles with a tag.

The backfill weighs terms here with a frozen copy of
``newsroom.services.search.term_vector`` (migrations import no app code); it
works from the lemmas already in ``article_search``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_BATCH = 500
_TITLE_WEIGHT = 3.0
_VECTOR_TERMS = 40
_MAX_TERM = 200
_DOCUMENTS = ""  # the search_terms row counting the indexed articles
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
_STOP = frozenset(_STOP_TEXT.split())


def _keep(term: str) -> bool:
    return 3 <= len(term) <= _MAX_TERM and term.isalpha() and term not in _STOP


def _counts(title_lemmas: str, lemmas: str) -> dict[str, float]:
    counts: dict[str, float] = {}
    for term in title_lemmas.split():
        if _keep(term):
            counts[term] = counts.get(term, 0.0) + _TITLE_WEIGHT
    for term in lemmas.split():
        if _keep(term):
            counts[term] = counts.get(term, 0.0) + 1.0
    return counts


def _idf(df: int, n: int) -> float:
    df = max(df, 1)
    n = max(n, df)
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def _vector(counts: dict[str, float], df: dict[str, int], n: int) -> list[tuple[str, float]]:
    raw = {t: (1.0 + math.log(c)) * _idf(df.get(t, 1), n) for t, c in counts.items()}
    top = sorted(raw.items(), key=lambda kv: (-kv[1], kv[0]))[:_VECTOR_TERMS]
    norm = math.sqrt(sum(w * w for _, w in top))
    if norm <= 0.0:
        return []
    return [(t, w / norm) for t, w in top]


def _indexed(bind: sa.Connection,
             search: sa.TableClause) -> Iterator[list[tuple[int, str, str]]]:
    """article_search in id order, a batch at a time (read twice: df, then vectors)."""
    last = 0
    while True:
        rows = bind.execute(sa.select(search.c.article_id, search.c.title_lemmas,
                                      search.c.lemmas).where(search.c.article_id > last)
                            .order_by(search.c.article_id).limit(_BATCH)).all()
        if not rows:
            return
        yield [(r[0], r[1] or "", r[2] or "") for r in rows]
        last = rows[-1][0]


def upgrade() -> None:
    op.create_table('search_terms',
    sa.Column('term', sa.String(length=200), nullable=False),
    sa.Column('df', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('term', name=op.f('pk_search_terms'))
    )
    op.create_table('article_terms',
    sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('term', sa.String(length=200), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_terms_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'term', name=op.f('pk_article_terms'))
    )
    op.create_index('ix_article_terms_term_weight', 'article_terms',
                    ['term', 'weight', 'article_id'], unique=False)
    op.create_index('ix_article_tags_tag_id_article_id', 'article_tags',
                    ['tag_id', 'article_id'], unique=False)

    bind = op.get_bind()
    search = sa.table('article_search', sa.column('article_id', sa.Integer()),
                      sa.column('title_lemmas', sa.Text()), sa.column('lemmas', sa.Text()))
    terms = sa.table('search_terms', sa.column('term', sa.String()), sa.column('df', sa.Integer()))
    vectors = sa.table('article_terms', sa.column('article_id', sa.Integer()),
                       sa.column('term', sa.String()), sa.column('weight', sa.Float()))
    df: Counter[str] = Counter()
    n = 0
    for batch in _indexed(bind, search):
        for _, title, body in batch:
            df.update(_counts(title, body).keys())
            n += 1
    ordered = sorted([*df.items(), (_DOCUMENTS, n)])
    for start in range(0, len(ordered), _BATCH):
        bind.execute(sa.insert(terms), [{"term": t, "df": c}
                                        for t, c in ordered[start:start + _BATCH]])
    for batch in _indexed(bind, search):
        rows = [{"article_id": article_id, "term": t, "weight": w}
                for article_id, title, body in batch
                for t, w in _vector(_counts(title, body), df, n)]
        if rows:
            bind.execute(sa.insert(vectors), rows)


def downgrade() -> None:
    op.drop_index('ix_article_tags_tag_id_article_id', table_name='article_tags')
    op.drop_index('ix_article_terms_term_weight', table_name='article_terms')
    op.drop_table('article_terms')
    op.drop_table('search_terms')

"""lemma search index: article_search, FTS5 on SQLite, tsvector on PostgreSQL

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 09:30:00

``article_search`` holds each article's words as lemmas (apostrophes removed,
hyphenated lemmas split), title apart from lead and body so a title match
ranks higher. SQLite indexes it with an external-content FTS5 table kept in
step by triggers (``unicode61 remove_diacritics 0``: й and ї stay distinct);
PostgreSQL with a generated tsvector (config ``simple``: the lemmas are already
normalised) and a GIN index.

The backfill lemmatizes here, with a frozen copy of
``newsroom.text.lemmas`` (migrations import no app code).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_APOSTROPHES = "’ʼ'"
_LETTER_OR_MARK = r"(?:[^\W\d_]|[\u0300-\u036f])"
_LETTER = r"[^\W\d_]"
_ALNUM = r"[^\W_]"
_MARK = r"[\u0300-\u036f]"
_RUN = rf"{_ALNUM}(?:{_ALNUM}|{_MARK})*"
_JOINER = rf"(?:(?<={_LETTER_OR_MARK})[{_APOSTROPHES}](?={_LETTER})|[-\u2010\u2011])"
_WORD_RE = re.compile(rf"{_RUN}(?:{_JOINER}{_RUN})*")
_MARKS = re.compile(r"[\u0300-\u036f]")
_HYPHENS = re.compile(r"[-\u2010\u2011]")
_NO_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)

_BATCH = 500

_SQLITE = [
    "CREATE VIRTUAL TABLE article_search_fts USING fts5(title_lemmas, lemmas, "
    "content='article_search', content_rowid='article_id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER article_search_ai AFTER INSERT ON article_search BEGIN "
    "INSERT INTO article_search_fts(rowid, title_lemmas, lemmas) "
    "VALUES (new.article_id, new.title_lemmas, new.lemmas); END",
    "CREATE TRIGGER article_search_ad AFTER DELETE ON article_search BEGIN "
    "INSERT INTO article_search_fts(article_search_fts, rowid, title_lemmas, lemmas) "
    "VALUES ('delete', old.article_id, old.title_lemmas, old.lemmas); END",
    "CREATE TRIGGER article_search_au AFTER UPDATE ON article_search BEGIN "
    "INSERT INTO article_search_fts(article_search_fts, rowid, title_lemmas, lemmas) "
    "VALUES ('delete', old.article_id, old.title_lemmas, old.lemmas); "
    "INSERT INTO article_search_fts(rowid, title_lemmas, lemmas) "
    "VALUES (new.article_id, new.title_lemmas, new.lemmas); END",
]

_POSTGRESQL = [
    "ALTER TABLE article_search ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title_lemmas), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, lemmas), 'B')) STORED",
    "CREATE INDEX ix_article_search_search_vector ON article_search USING gin (search_vector)",
]


@functools.lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    import simplemma

    if word.isdigit():
        return word
    return simplemma.lemmatize(word, lang="uk").lower().translate(_NO_APOSTROPHES)


def _terms(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("ʼ", "’")
    text = re.sub(rf"(?<={_LETTER_OR_MARK})'(?={_LETTER})", "’", text)
    out: list[str] = []
    for word in _WORD_RE.findall(text):
        out.extend(p for p in _HYPHENS.split(_lemma(_MARKS.sub("", word.lower()))) if p)
    return " ".join(out)


def upgrade() -> None:
    op.create_table('article_search',
    sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title_lemmas', sa.Text(), nullable=False),
    sa.Column('lemmas', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_search_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_article_search'))
    )
    bind = op.get_bind()
    for statement in _SQLITE if bind.dialect.name == "sqlite" else _POSTGRESQL:
        op.execute(statement)
    articles = sa.table('articles', sa.column('id', sa.Integer()), sa.column('title', sa.Text()),
                        sa.column('lead', sa.Text()), sa.column('body', sa.Text()))
    search = sa.table('article_search', sa.column('article_id', sa.Integer()),
                      sa.column('title_lemmas', sa.Text()), sa.column('lemmas', sa.Text()))
    last = 0
    while True:
        rows = bind.execute(sa.select(articles.c.id, articles.c.title, articles.c.lead,
                                      articles.c.body).where(articles.c.id > last)
                            .order_by(articles.c.id).limit(_BATCH)).all()
        if not rows:
            break
        bind.execute(sa.insert(search), [
            {"article_id": r[0], "title_lemmas": _terms(r[1] or ""),
             "lemmas": _terms(f"{r[2] or ''}\n{r[3] or ''}")} for r in rows])
        last = rows[-1][0]


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("article_search_ai", "article_search_ad", "article_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS article_search_fts")
    op.drop_table('article_search')

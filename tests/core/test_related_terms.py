"""The related-article term index: document frequencies kept exact on every write,
tf-idf vectors, migration 0004's backfill, and ``related suggest`` on the CLI."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import delete, func, insert, select

from newsroom.domain.statuses import Status
from newsroom.locale_uk import MESSAGES_UK
from newsroom.services import articles, search
from newsroom.services.articles import Draft
from newsroom.storage import migrate
from newsroom.storage.db import Database
from newsroom.storage.models import Article, ArticleSearch, ArticleTerm, SearchTerm
from newsroom.text.lemmas import lemmas
from tests.conftest import People

ROOT = Path(__file__).resolve().parents[2]

TEXTS = [
    ("Волонтерські організації отримали гранти",
     "Гранти отримали громадські організації.", "Кошти підуть на генератори для лікарень."),
    ("Пасічники зібрали мед", "У 2024 році мед вродив.", "Пасічники повідомили про рекорд."),
    ("Ремонт мосту завершено", "Міст через річку відкрили.", "Ремонт тривав два роки."),
    ("Гранти для пасічників", "Волонтерська організація допомогла пасічникам.", ""),
]


def _create(db: Database, people: People, title: str, lead: str, body: str,
            status: Status = Status.PUBLISHED) -> int:
    with db.uow() as uow:
        view = articles.create(uow, people.editor, Draft(title=title, lead=lead, body=body),
                               status=status)
        uow.commit()
    return view.id


def _expected_df(db: Database) -> dict[str, int]:
    """Recounted from the articles' own text, not from the index."""
    df: Counter[str] = Counter()
    with db.uow() as uow:
        for title, lead, body in uow.session.execute(
                select(Article.title, Article.lead, Article.body)):
            df.update({t for t in lemmas(title) + lemmas(f"{lead}\n{body}") if search.keeps(t)})
    return dict(df)


def _df(db: Database) -> dict[str, int]:
    """The frequencies of the index; the article count checked on the way."""
    with db.uow() as uow:
        df = {r[0]: r[1] for r in uow.session.execute(select(SearchTerm.term, SearchTerm.df))}
        indexed = uow.session.scalar(select(func.count()).select_from(ArticleSearch))
    assert df.pop(search.DOCUMENTS) == indexed
    return df


def _vectors(db: Database) -> dict[int, dict[str, float]]:
    found: dict[int, dict[str, float]] = {}
    with db.uow() as uow:
        for article_id, term, weight in uow.session.execute(
                select(ArticleTerm.article_id, ArticleTerm.term, ArticleTerm.weight)):
            found.setdefault(article_id, {})[term] = weight
    return found


def test_frequencies_follow_every_create_edit_and_delete(db: Database, people: People) -> None:
    ids = [_create(db, people, *t, status=Status.DRAFT) for t in TEXTS]
    df = _df(db)
    assert df == _expected_df(db)
    assert df["грант"] == 2 and df["пасічник"] == 2 and df["волонтерський"] == 2
    assert not {"2024", "рік", "повідомити", "на", "про", "для"} & df.keys()

    with db.uow() as uow:  # an edit: «грант» leaves, «міст» comes
        art = articles.load(uow, ids[3])
        articles.save(uow, people.editor, ids[3], art.version,
                      Draft(title="Новий міст для пасічників", lead="", body=""))
        uow.commit()
    df = _df(db)
    assert df == _expected_df(db)
    assert df["грант"] == 1 and df["міст"] == 2 and "волонтерський" in df

    with db.uow() as uow:  # indexing the same text again changes nothing
        search.index_many(uow, ids)
        uow.commit()
    assert _df(db) == df

    with db.uow() as uow:  # a hard delete goes through forget first
        search.forget(uow.session, [ids[0]])
        uow.session.execute(delete(Article).where(Article.id == ids[0]))
        uow.commit()
    df = _df(db)
    assert df == _expected_df(db)
    assert "грант" not in df and "генератор" not in df
    assert ids[0] not in _vectors(db)


def test_vectors_are_normalised_bounded_and_favour_the_title(db: Database,
                                                             people: People) -> None:
    words = " ".join(f"тест{chr(0x430 + i)}{chr(0x430 + j)}" for i in range(8) for j in range(8))
    long_id = _create(db, people, "Пасічники", "Мед і віск.", f"{words} {words} бджоли бджоли")
    for title, lead, body in TEXTS:
        _create(db, people, title, lead, body)
    vector = _vectors(db)[long_id]
    assert len(vector) == search.VECTOR_TERMS
    assert math.isclose(sum(w * w for w in vector.values()), 1.0, rel_tol=1e-9)
    # «пасічник» is in two articles, the filler words in one, but it is the title.
    assert max(vector, key=lambda t: vector[t]) == "пасічник"


def test_a_rebuild_and_one_batch_indexing_agree(db: Database, people: People) -> None:
    ids = [_create(db, people, *t) for t in TEXTS]
    with db.engine.begin() as conn:  # one batch, as the corpus loader and the pull do
        search.index_documents(conn, [(i, *t) for i, t in zip(ids, TEXTS, strict=True)])
    once = _vectors(db)
    with db.engine.begin() as conn:
        assert search.rebuild_terms(conn) == len(TEXTS)
    rebuilt = _vectors(db)
    assert rebuilt.keys() == once.keys() == set(ids)
    for article_id in ids:
        assert rebuilt[article_id] == pytest.approx(once[article_id], abs=1e-12)
    assert _df(db) == _expected_df(db)


def test_migration_0004_backfills_what_indexing_writes(db: Database, people: People) -> None:
    for title, lead, body in TEXTS:
        _create(db, people, title, lead, body)
    _create(db, people, "Чернетка про мед", "", "", status=Status.DRAFT)
    with db.engine.begin() as conn:
        search.rebuild_terms(conn)
    fresh_df, fresh = _df(db), _vectors(db)
    assert len(fresh) == len(TEXTS) + 1

    migrate.downgrade(db, "0003")
    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()
    assert _df(db) == fresh_df
    backfilled = _vectors(db)
    assert backfilled.keys() == fresh.keys()
    for article_id, vector in fresh.items():
        assert backfilled[article_id] == pytest.approx(vector, abs=1e-12)


# ------------------------------------------------------------------ CLI


def _cli(db: Database, *argv: str) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, the way an admin runs it."""
    env = {**os.environ, "NEWSROOM_LANG": "uk"}
    return subprocess.run([sys.executable, "-m", "newsroom", "--db", db.url, "--lang", "uk",
                           *argv], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120, check=False)


def test_cli_suggest_prints_text_and_json(db: Database, people: People) -> None:
    own = _create(db, people, "Пасічники зібрали мед", "", "", status=Status.DRAFT)
    honey = _create(db, people, "Мед від пасічників громади", "", "")
    _create(db, people, "Ремонт мосту завершено", "", "")
    lonely = _create(db, people, "Щось зовсім інше", "", "", status=Status.DRAFT)

    run = _cli(db, "related", "suggest", str(own))
    assert (run.returncode, run.stderr) == (0, "")
    out = run.stdout.splitlines()
    assert out[0].split()[:2] == ["1.", str(honey)]
    assert out[0].endswith("Мед від пасічників громади")
    assert set(out[1].strip().split(", ")) == {"пасічник", "мед"}
    assert len(out) == 2

    run = _cli(db, "related", "suggest", str(own), "--json", "--limit", "1")
    assert (run.returncode, run.stderr) == (0, "")
    data = json.loads(run.stdout)
    assert [d["id"] for d in data] == [honey]
    assert data[0]["title"] == "Мед від пасічників громади"
    assert data[0]["url"] is None
    assert set(data[0]["shared_terms"]) == {"пасічник", "мед"}
    assert data[0]["score"] > 0

    run = _cli(db, "related", "suggest", str(lonely))
    assert (run.returncode, run.stdout.strip()) == (0, "пов’язаних статей немає")


def test_cli_suggest_for_an_unknown_article_fails_with_one_line(db: Database) -> None:
    run = _cli(db, "related", "suggest", "424242")
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1 and "424242" in run.stderr
    assert "Traceback" not in run.stderr
    assert _cli(db, "related", "suggest", "abc").returncode == 2


def test_cli_search_reindex_reweighs_vectors_made_against_a_small_archive(
        db: Database, people: People) -> None:
    ids = [_create(db, people, *t) for t in TEXTS]  # one at a time: idf of 1, 2, 3 articles
    stale = _vectors(db)
    with db.engine.begin() as conn:
        search.rebuild_terms(conn)
    rebuilt = _vectors(db)
    assert stale[ids[0]] != pytest.approx(rebuilt[ids[0]], abs=1e-9)
    with db.engine.begin() as conn:  # back to the stale state, to see the command fix it
        conn.execute(delete(ArticleTerm))
        conn.execute(insert(ArticleTerm), [{"article_id": a, "term": t, "weight": w}
                                           for a, v in stale.items() for t, w in v.items()])

    run = _cli(db, "search", "reindex")
    assert (run.returncode, run.stderr) == (0, "")
    message = "search index rebuilt: {n} articles"  # Ukrainian once locale_uk merges it
    assert run.stdout.strip() == MESSAGES_UK.get(message, message).format(n=len(TEXTS))
    again = _vectors(db)
    assert again.keys() == rebuilt.keys()
    for article_id, vector in rebuilt.items():
        assert again[article_id] == pytest.approx(vector, abs=1e-12)
    assert _df(db) == _expected_df(db)
    assert _cli(db, "search", "reindex", "--terms-only").returncode == 0

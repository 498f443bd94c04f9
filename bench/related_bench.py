"""Related-article suggestions: latency at scale and recall on a split-half test.

``python -m bench.related_bench [--n 100000] [--seed 1] [--samples 200] [--skip-latency]``

(a) Latency: the generated corpus (``bench.corpus.generate``) bulk-loaded into a
temporary SQLite file (and a scratch PostgreSQL database when
NEWSROOM_BENCH_PG_URL or NEWSROOM_TEST_PG_URL names a server), frequencies and
vectors rebuilt once after the load, then ``related_suggest.suggest`` for
``--samples`` random published articles, each in its own unit of work like the
picker. The baseline, timed the same way in the same run, is what the public
site shows today: the 10 newest published articles. The corpus knows each
article's topic, so the share of suggestions on the same topic is printed too.

(b) Recall@5 on UA-GEC: each of the 1,872 texts cut in two at half its words,
second halves published, first halves drafts, one date, no section, no tags; a
first half should find its own second half among the five suggestions. Ours
goes through the real service on a SQLite file; the baseline, computed in the
same run, is TF-IDF cosine on raw lowercased word forms (no lemmas, no stop
words; words of three letters or more, no numbers) with the same weighting and
term budget.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, text, update

from bench import corpus
from bench.scratch import scratch_pg
from newsroom.domain.statuses import Status
from newsroom.services import related_suggest, search
from newsroom.storage import migrate
from newsroom.storage.db import Database
from newsroom.storage.models import Article
from newsroom.text.lemmas import words

RECALL_AT = 5
DATE = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    backend: str
    what: str
    ours: str
    baseline: str
    ratio: str


def _ms(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ---------------------------------------------------------------- latency


def _load_corpus(db: Database, n: int, seed: int) -> tuple[float, float]:
    """Seconds to bulk-load (incremental index upkeep included) and to rebuild terms."""
    migrate.upgrade(db)
    t0 = time.perf_counter()
    corpus.load_database(db, corpus.generate(n, seed))
    t1 = time.perf_counter()
    with db.engine.begin() as conn:
        search.rebuild_terms(conn)
    rebuilt = time.perf_counter() - t1
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does soon after a bulk load anyway: statistics, and the
        # visibility map that lets the postings be read from the index alone.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return t1 - t0, rebuilt


def _latency(db: Database, backend: str, n: int, seed: int, samples: int) -> list[Row]:
    load_s, rebuild_s = _load_corpus(db, n, seed)
    with db.uow() as uow:
        ids = list(uow.session.scalars(select(Article.id)
                                       .where(Article.status == Status.PUBLISHED)))
    topics = {i: a.topic for i, a in zip(sorted(ids), corpus.generate(n, seed), strict=False)}
    picked = random.Random(seed).sample(ids, min(samples, len(ids)))
    ours, base = [], []
    same_topic = base_topic = total = 0
    for article_id in picked:
        t0 = time.perf_counter()
        with db.uow() as uow:
            found = related_suggest.suggest(uow, article_id, limit=10)
        ours.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        with db.uow() as uow:
            latest = list(uow.session.scalars(
                select(Article.id).where(Article.status == Status.PUBLISHED)
                .order_by(Article.published_at.desc()).limit(10)))
        base.append((time.perf_counter() - t0) * 1000)
        top = [s.article.id for s in found[:RECALL_AT]]
        same_topic += sum(topics.get(i) == topics.get(article_id) for i in top)
        base_topic += sum(topics.get(i) == topics.get(article_id)
                          for i in latest[:RECALL_AT] if i != article_id)
        total += RECALL_AT
    rows = [Row(backend, f"suggest at {n:,}, p{q}", f"{_ms(ours, q / 100):.1f} ms",
                f"{_ms(base, q / 100):.2f} ms", f"{_ms(ours, q / 100) / _ms(base, q / 100):.1f}x")
            for q in (50, 95)]
    rows.append(Row(backend, "same topic in top 5 (corpus labels)",
                    f"{same_topic / total:.2f}", f"{base_topic / total:.2f}",
                    f"{same_topic / max(base_topic, 1):.1f}x"))
    rows.append(Row(backend, f"load {n:,} / rebuild terms", f"{load_s:.0f} s",
                    f"{rebuild_s:.0f} s", ""))
    return rows


# ---------------------------------------------------------------- recall


def ua_gec_texts() -> list[str]:
    """The corrected text of each UA-GEC document (first annotator), by id."""
    import ua_gec  # type: ignore[import-untyped]

    found: dict[str, str] = {}
    for doc in ua_gec.Corpus(partition="all"):
        found.setdefault(doc.doc_id, doc.target)
    return [found[k] for k in sorted(found)]


def split_half(text_: str) -> tuple[str, str]:
    parts = text_.split()
    cut = len(parts) // 2
    return " ".join(parts[:cut]), " ".join(parts[cut:])


def _raw_vector(counts: Counter[str], df: Counter[str], n: int) -> dict[str, float]:
    vector = search.term_vector(counts, df, n)
    return dict(vector)


def raw_keyword_recall(pairs: list[tuple[str, str]]) -> float:
    """TF-IDF cosine on raw word forms, the same weighting and term budget."""
    def counts(t: str) -> Counter[str]:
        return Counter(w for w in words(t) if len(w) >= 3 and w.isalpha())

    firsts = [counts(a) for a, _ in pairs]
    seconds = [counts(b) for _, b in pairs]
    df: Counter[str] = Counter()
    for c in firsts + seconds:
        df.update(c.keys())
    n = len(firsts) + len(seconds)
    targets = [_raw_vector(c, df, n) for c in seconds]
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, vec in enumerate(targets):
        for term, w in vec.items():
            postings.setdefault(term, []).append((i, w))
    hits = 0
    for i, c in enumerate(firsts):
        query = sorted(_raw_vector(c, df, n).items(), key=lambda kv: -kv[1])
        scores: dict[int, float] = {}
        for term, qw in query[:related_suggest.QUERY_TERMS]:
            for j, w in postings.get(term, ()):
                scores[j] = scores.get(j, 0.0) + qw * w
        best = sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))[:RECALL_AT]
        hits += any(j == i for j, _ in best)
    return hits / len(pairs)


def service_recall(db: Database, pairs: list[tuple[str, str]]) -> float:
    """Both halves loaded as articles, the first halves made drafts; the real service."""
    migrate.upgrade(db)
    docs = [corpus.CorpusArticle(title=f"№ {i}", lead="", body=half, section="Тексти", tags=(),
                                 topic=str(i), published_at=DATE, key_terms=())
            for i, pair in enumerate(pairs) for half in pair]
    corpus.load_database(db, docs)
    with db.engine.begin() as conn:
        ids = list(conn.scalars(select(Article.id).order_by(Article.id)))
        firsts, seconds = ids[0::2], ids[1::2]
        conn.execute(update(Article).where(Article.id.in_(firsts))
                     .values(status=Status.DRAFT, published_at=None))
        conn.execute(update(Article).values(section_id=None))
        search.rebuild_terms(conn)
    hits = 0
    for first, second in zip(firsts, seconds, strict=True):
        with db.uow() as uow:
            found = related_suggest.suggest(uow, first, limit=RECALL_AT)
        hits += second in [s.article.id for s in found]
    return hits / len(pairs)


def _recall_rows(tmp: str) -> list[Row]:
    pairs = [split_half(t) for t in ua_gec_texts()]
    db = Database(f"sqlite:///{Path(tmp, 'recall.sqlite3').as_posix()}")
    try:
        ours = service_recall(db, pairs)
    finally:
        db.dispose()
    base = raw_keyword_recall(pairs)
    return [Row("SQLite", f"recall@{RECALL_AT}, UA-GEC split-half ({len(pairs):,} texts)",
                f"{ours:.3f}", f"{base:.3f}", f"{ours / base:.2f}x")]


# ---------------------------------------------------------------- main


def print_table(rows: list[Row]) -> None:
    print(f"{'backend':<11} {'measure':<48} {'ours':>10} {'baseline':>10} {'ratio':>7}")
    for r in rows:
        print(f"{r.backend:<11} {r.what:<48} {r.ours:>10} {r.baseline:>10} {r.ratio:>7}")
    print("latency baseline: the 10 newest published (what the site shows), same run;")
    print("recall baseline: TF-IDF on raw word forms, same weighting and budget, same run")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.related_bench")
    p.add_argument("--n", type=int, default=100_000, help="articles for the latency test")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--samples", type=int, default=200, help="articles timed")
    p.add_argument("--skip-latency", action="store_true")
    p.add_argument("--skip-recall", action="store_true")
    args = p.parse_args(argv)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_recall:
            rows += _recall_rows(tmp)
        if not args.skip_latency:
            db = Database(f"sqlite:///{Path(tmp, 'latency.sqlite3').as_posix()}")
            try:
                rows += _latency(db, "SQLite", args.n, args.seed, args.samples)
            finally:
                db.dispose()
            pg = os.environ.get("NEWSROOM_BENCH_PG_URL") or os.environ.get("NEWSROOM_TEST_PG_URL")
            if pg:
                with scratch_pg(pg) as pg_db:
                    rows += _latency(pg_db, "PostgreSQL", args.n, args.seed, args.samples)
    print_table(rows)


if __name__ == "__main__":
    main()

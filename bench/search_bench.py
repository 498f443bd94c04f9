"""``python -m bench.search_bench``: search at 100,000 articles against what others do.

The question a press officer asks is "does it find «волонтерських організацій»
at once in ten years of news?", so ours is timed as the app calls it —
:func:`newsroom.services.search_query.search` with a limit of 50 and snippets —
against two baselines measured in the same run on the same articles:

- **LIKE:** what a naive app does, ``title/lead/body LIKE '%word%'`` for every
  word of the query (AND), newest first, ``LIMIT 50``, on the same SQLite file
  (and the same PostgreSQL database when ``NEWSROOM_BENCH_PG_URL`` is set). It
  finds only the literal form typed, so it also answers less.
- **WordPress:** ``GET /wp/v2/posts?search=…&per_page=50`` on a WordPress peer of
  the bench's own (port 8091) holding the same articles, because that is the
  search the office's website offers today.

The WordPress posts are written straight into its MariaDB through the peer's
unix socket (multi-row INSERTs into ``wp_posts``): WordPress creates about 45
posts a second through REST, so 100,000 would take 40 minutes. One REST count
(``X-WP-Total``) checks that WordPress sees them all. Posts get no categories or
tags: WordPress's search reads only title, excerpt and content.

Queries are drawn from the corpus's own topic phrases (``bench.corpus.TOPICS``)
and places, in a grammatical case chosen at random: the articles use all six
cases, so a query usually differs in form from most of the text it should find.
A few carry quotes or brackets, as pasted text does.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import IO, Any

import httpx
from sqlalchemy import text

from bench.corpus import (
    CASES,
    PLACES,
    TOPICS,
    CorpusArticle,
    _batches,
    corpus_author,
    generate,
    load_database,
)
from bench.scratch import scratch_pg
from newsroom.services import search_query
from newsroom.storage import migrate
from newsroom.storage.db import Database
from newsroom.text.slugs import slugify

PEER = Path(__file__).resolve().parents[2] / "shared" / "wordpress" / "peer.sh"
DEFAULT_PORT = 8091
LIMIT = 50
WP_ID_BASE = 1000
"""First post ID given to the corpus in WordPress: ids are set explicitly so the
GUID (``?p=ID``) can be written in the same INSERT."""
WP_ROWS_PER_INSERT = 200
MARKER = "newsroom-search-bench"
"""File in the peer's folder saying which corpus it holds (``n seed``), so a peer
kept with ``--keep-peer`` is reused instead of loaded again."""


# ------------------------------------------------------------------ queries


def make_queries(count: int, seed: int) -> list[str]:
    """``count`` realistic queries, the same for the same seed.

    One to three words of a topic phrase in one case (the first words, the
    last words or the whole phrase), sometimes with a place; about one in
    twelve wrapped in quotes or brackets or followed by a place in brackets.
    """
    rng = random.Random(f"search-bench-{seed}")
    queries: list[str] = []
    while len(queries) < count:
        topic = rng.choice(TOPICS)
        phrase = rng.choice(topic.phrases)
        words = phrase.forms[rng.choice(CASES)].split()
        take = rng.randint(1, min(3, len(words)))
        words = words[:take] if rng.random() < 0.5 else words[-take:]
        query = " ".join(words)
        roll = rng.random()
        if roll < 0.04:
            query = f"«{query}»" if rng.random() < 0.5 else f'"{query}"'
        elif roll < 0.08:
            query = f"{query} ({rng.choice(PLACES)[1]})"
        elif roll < 0.12:
            query = f"[{query}]"
        elif roll < 0.25 and take < 3:
            query = f"{query} {rng.choice(PLACES)[0]}"
        if query not in queries:
            queries.append(query)
    return queries


def like_words(query: str) -> list[str]:
    """The words a naive LIKE search looks for: split on spaces, punctuation
    around them dropped (otherwise «[ремонт» would match nothing at all)."""
    words = [w.strip("\"'«»()[]{},.;:!?") for w in query.split()]
    return [w for w in words if w]


# ------------------------------------------------------------------ timing


@dataclass
class Timing:
    samples_ms: list[float] = field(default_factory=list)
    hits: list[int] = field(default_factory=list)

    def add(self, ms: float, found: int) -> None:
        self.samples_ms.append(ms)
        self.hits.append(found)

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def mean_hits(self) -> float:
        return statistics.fmean(self.hits) if self.hits else 0.0


def _time_all(queries: Sequence[str], run: Callable[[str], int], repeat: int,
              warm: int | None = None) -> Timing:
    """One untimed pass over the first ``warm`` queries (all by default), then
    ``repeat`` timed passes; each sample is one query."""
    for q in queries[:warm]:
        run(q)
    timing = Timing()
    for _ in range(repeat):
        for q in queries:
            t0 = time.perf_counter()
            found = run(q)
            timing.add((time.perf_counter() - t0) * 1000, found)
    return timing


def ours(db: Database) -> Callable[[str], int]:
    def run(q: str) -> int:
        with db.uow() as uow:
            return len(search_query.search(uow, q, limit=LIMIT))
    return run


def naive_like(db: Database) -> Callable[[str], int]:
    """Each word in title, lead or body, all words, newest first, 50 rows."""
    def run(q: str) -> int:
        words = like_words(q)
        if not words:
            return 0
        where = " AND ".join(f"(title LIKE :w{i} OR lead LIKE :w{i} OR body LIKE :w{i})"
                             for i in range(len(words)))
        sql = (f"SELECT id, title, lead FROM articles WHERE status <> 'trashed' AND {where} "
               f"ORDER BY updated_at DESC, id DESC LIMIT {LIMIT}")
        with db.engine.connect() as conn:
            return len(conn.execute(text(sql), {f"w{i}": f"%{w}%"
                                                for i, w in enumerate(words)}).all())
    return run


def wordpress_search(client: httpx.Client) -> Callable[[str], int]:
    """WordPress's own search as its REST API serves it; only id and title come
    back (``_fields``), so rendering 50 posts' content is not counted against it."""
    def run(q: str) -> int:
        r = client.get("/", params={"rest_route": "/wp/v2/posts", "search": q,
                                    "per_page": LIMIT, "_fields": "id,title"})
        r.raise_for_status()
        return len(r.json())
    return run


# ------------------------------------------------------------------ WordPress


def _sql(value: str) -> str:
    """A MariaDB string literal (the client reads the statements from a pipe)."""
    out = (value.replace("\\", "\\\\").replace("'", "\\'").replace("\x00", "\\0")
           .replace("\n", "\\n").replace("\r", "\\r").replace("\x1a", "\\Z"))
    return f"'{out}'"


def wordpress_html(body: str) -> str:
    """The corpus body (plain paragraphs) as the HTML WordPress stores; what
    ``markdown_to_html`` makes of it, without its 1.2 ms an article."""
    return "".join(f"<p>{html.escape(p.strip(), quote=False)}</p>\n"
                   for p in body.split("\n\n") if p.strip())


def wp_rows_sql(chunk: Sequence[CorpusArticle], first_id: int, author: int, url: str) -> str:
    values = []
    for offset, a in enumerate(chunk):
        post_id = first_id + offset
        when = a.published_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        slug = f"{slugify(a.title, 180)}-{post_id}"
        values.append(
            f"({post_id},{author},'{when}','{when}',{_sql(wordpress_html(a.body))},"
            f"{_sql(a.title)},{_sql(a.lead)},'publish','open','open','',{_sql(slug)},'','',"
            f"'{when}','{when}','',0,{_sql(f'{url}/?p={post_id}')},0,'post','',0)")
    return ("INSERT INTO wp_posts (ID,post_author,post_date,post_date_gmt,post_content,"
            "post_title,post_excerpt,post_status,comment_status,ping_status,post_password,"
            "post_name,to_ping,pinged,post_modified,post_modified_gmt,post_content_filtered,"
            "post_parent,guid,menu_order,post_type,post_mime_type,comment_count) VALUES\n"
            + ",\n".join(values) + ";\n")


class WordPressLoader:
    """Streams INSERTs into the peer's MariaDB through the ``mariadb`` client."""

    def __init__(self, peer: dict[str, Any]) -> None:
        self.url: str = peer["url"]
        self.author = int(peer["users"]["admin"]["id"])
        self.next_id = WP_ID_BASE
        self.proc = subprocess.Popen(
            ["mariadb", f"--defaults-file={peer['dir']}/client.cnf",
             "--default-character-set=utf8mb4", "wordpress"],
            stdin=subprocess.PIPE, text=True, encoding="utf-8")
        assert self.proc.stdin is not None
        self.stdin: IO[str] = self.proc.stdin
        self.stdin.write("SET autocommit=0; SET unique_checks=0;\n")

    def add(self, chunk: Sequence[CorpusArticle]) -> None:
        for start in range(0, len(chunk), WP_ROWS_PER_INSERT):
            part = chunk[start:start + WP_ROWS_PER_INSERT]
            self.stdin.write(wp_rows_sql(part, self.next_id, self.author, self.url))
            self.next_id += len(part)
        self.stdin.write("COMMIT;\n")

    def finish(self) -> None:
        self.stdin.write("COMMIT;\n")
        self.stdin.close()
        if self.proc.wait() != 0:
            raise RuntimeError(f"mariadb client exited with {self.proc.returncode}")


def _peer(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(PEER), *args], capture_output=True, text=True,
                          check=False, timeout=900)


def _stop_peer(port: int) -> None:
    _peer("down", "--port", str(port), "--purge")


def wp_total(client: httpx.Client) -> int:
    r = client.get("/", params={"rest_route": "/wp/v2/posts", "per_page": 1,
                                "_fields": "id"})
    r.raise_for_status()
    return int(r.headers["X-WP-Total"])


def start_peer(port: int, n: int, seed: int) -> tuple[dict[str, Any], bool]:
    """The peer's JSON, and whether it already holds this corpus (kept from an
    earlier run with ``--keep-peer``); otherwise a fresh empty site."""
    status = _peer("status", "--port", str(port))
    if status.returncode == 0:
        peer = json.loads(status.stdout.strip().splitlines()[-1])
        marker = Path(peer["dir"], MARKER)
        if marker.is_file() and marker.read_text("utf-8").strip() == f"{n} {seed}":
            return peer, True
        _peer("down", "--port", str(port), "--purge")
    up = _peer("up", "--port", str(port))
    if up.returncode != 0:
        raise RuntimeError(f"peer.sh up failed:\n{up.stderr[-2000:]}")
    return json.loads(up.stdout.strip().splitlines()[-1]), False


# ------------------------------------------------------------------ the run


@dataclass(frozen=True)
class Result:
    backend: str
    what: str
    timing: Timing


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_all(n: int, seed: int, dbs: Sequence[Database],
             wp: WordPressLoader | None) -> None:
    """Generate the corpus once and feed each chunk to every target."""
    authors = [corpus_author(db) for db in dbs]
    started = time.perf_counter()
    done = 0
    for chunk in _batches(generate(n, seed), 1000):
        for db, author in zip(dbs, authors, strict=True):
            load_database(db, chunk, author_id=author)
        if wp is not None:
            wp.add(chunk)
        done += len(chunk)
        if done % 10_000 == 0 or done == n:
            _progress(f"  loaded {done:,}/{n:,} ({time.perf_counter() - started:.0f} s)")
    if wp is not None:
        wp.finish()


def run(n: int, seed: int, query_count: int, repeat: int, wordpress: bool, port: int,
        keep_peer: bool, pg_url: str | None,
        sqlite_file: Path | None = None) -> tuple[list[Result], list[str]]:
    """Load (unless given a loaded ``sqlite_file`` and a kept peer) and time."""
    queries = make_queries(query_count, seed)
    results: list[Result] = []
    cleanups: list[Callable[[], None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = Database(f"sqlite:///{(sqlite_file or Path(tmp, 'search.sqlite3')).as_posix()}")
        cleanups.append(sqlite.dispose)
        try:
            targets = [("SQLite", sqlite)]
            if pg_url:
                scratch = ExitStack()
                cleanups.append(scratch.close)
                pg = scratch.enter_context(scratch_pg(pg_url))
                targets.append(("PostgreSQL", pg))
            to_load = [db for name, db in targets if name != "SQLite" or sqlite_file is None]
            for db in to_load:
                migrate.upgrade(db)
            peer: dict[str, Any] | None = None
            loader: WordPressLoader | None = None
            if wordpress:
                _progress(f"WordPress peer on port {port}…")
                peer, ready = start_peer(port, n, seed)
                if not keep_peer:
                    cleanups.append(lambda: _stop_peer(port))
                if not ready:
                    loader = WordPressLoader(peer)
            if to_load or loader is not None:
                _progress(f"generating and loading {n:,} articles into "
                          f"{', '.join(name for name, db in targets if db in to_load)}"
                          f"{' and WordPress (SQL)' if loader else ''}…")
                load_all(n, seed, to_load, loader)
            for name, db in targets:
                _progress(f"timing {name}…")
                results.append(Result(name, "ours: lemma search + snippets",
                                      _time_all(queries, ours(db), repeat)))
                results.append(Result(name, "baseline: LIKE '%word%' title/lead/body",
                                      _time_all(queries, naive_like(db), repeat)))
            if peer is not None:
                with httpx.Client(base_url=peer["url"], timeout=300) as client:
                    total = wp_total(client)
                    if total != n:
                        raise RuntimeError(f"WordPress sees {total:,} posts, expected {n:,}")
                    Path(peer["dir"], MARKER).write_text(f"{n} {seed}\n", "utf-8")
                    _progress(f"WordPress sees {total:,} posts (X-WP-Total); timing its search…")
                    results.append(Result("WordPress", "baseline: ?search= (REST)",
                                          _time_all(queries, wordpress_search(client), 1,
                                                    warm=5)))
        finally:
            for cleanup in reversed(cleanups):
                cleanup()
    return results, queries


def print_table(results: Sequence[Result], n: int, queries: Sequence[str], repeat: int) -> None:
    ours_p95 = {r.backend: r.timing.p95 for r in results if r.what.startswith("ours")}
    sqlite_p95 = ours_p95.get("SQLite")
    print(f"search at {n:,} articles, {len(queries)} queries, limit {LIMIT} "
          f"(ours and LIKE: {repeat} timed passes after a warm-up; WordPress: 1)")
    print(f"{'backend':<11} {'search':<42} {'p50':>10} {'p95':>10} {'hits':>6} "
          f"{'p95 / ours':>11}")
    for r in results:
        base = ours_p95.get(r.backend, sqlite_p95)
        ratio = r.timing.p95 / base if base else float("nan")
        print(f"{r.backend:<11} {r.what:<42} {r.timing.p50:>8.2f}ms {r.timing.p95:>8.2f}ms "
              f"{r.timing.mean_hits:>6.1f} {ratio:>10.1f}x")
    print("hits: mean rows returned per query (at most 50). p95 / ours: against our p95 on "
          "the same backend (WordPress: against SQLite).")
    if sqlite_p95 is not None:
        print(f"goal: ours p95 under 30 ms — SQLite {sqlite_p95:.2f} ms"
              + "".join(f", {b} {v:.2f} ms" for b, v in ours_p95.items() if b != "SQLite"))
        wp = next((r for r in results if r.backend == "WordPress"), None)
        if wp is not None:
            ours_sqlite = next(r for r in results if r.backend == "SQLite"
                               and r.what.startswith("ours"))
            print(f"goal: WordPress p95 / ours p95 at least 100x — "
                  f"{wp.timing.p95 / sqlite_p95:.0f}x (p50 / p50: "
                  f"{wp.timing.p50 / ours_sqlite.timing.p50:.0f}x)")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.search_bench", description=__doc__
                                .split("\n", 1)[0])
    p.add_argument("--n", type=int, default=100_000, help="articles (default 100,000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--queries", type=int, default=50)
    p.add_argument("--repeat", type=int, default=3,
                   help="timed passes over the queries for ours and LIKE")
    p.add_argument("--no-wordpress", action="store_true", help="skip the WordPress baseline")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help="the bench's own WordPress peer (wiped and refilled)")
    p.add_argument("--db", type=Path,
                   help="an SQLite file already holding this --n/--seed corpus (e.g. from "
                        "bench.app_bench --keep-db): time it instead of loading a new one")
    p.add_argument("--keep-peer", action="store_true",
                   help="leave the peer running; a later run with the same --n and --seed "
                        "reuses it without loading again")
    args = p.parse_args(argv)
    pg = os.environ.get("NEWSROOM_BENCH_PG_URL")
    results, queries = run(args.n, args.seed, args.queries, args.repeat,
                           not args.no_wordpress, args.port, args.keep_peer, pg, args.db)
    print_table(results, args.n, queries, args.repeat)


if __name__ == "__main__":
    main()

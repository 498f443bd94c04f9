"""``python -m bench [--articles N] [--repeat R]``: run the benchmarks, print a table.

``python -m bench sync [--posts N] [--publish M]``: the website sync against the
real WordPress peer (see ``bench/sync.py``).

``python -m bench corpus --n N [--seed S] [--db URL] [--wordpress-json FILE]``:
generate Ukrainian press-office articles and load them (see ``bench/corpus.py``).

``python -m bench search|related|app|typing [options]``: one of the 100,000-article
figures of search, suggestions, the desktop app and typing with spelling on
(``bench/<name>_bench.py``; ``--help`` lists the options). ``python -m bench
ukrainian`` runs the four in turn with their defaults.

PostgreSQL rows appear when NEWSROOM_BENCH_PG_URL (or NEWSROOM_TEST_PG_URL) names
a server; a scratch database is created there and dropped afterwards.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
from pathlib import Path

from bench import core
from bench.scratch import scratch_pg
from newsroom.storage.db import Database


def _pg(admin_url: str, n: int, repeat: int) -> list[core.Row]:
    with scratch_pg(admin_url) as db:
        return core.run(db, "PostgreSQL", n, repeat)


def sync_main(argv: list[str]) -> None:
    from bench import sync

    p = argparse.ArgumentParser(prog="python -m bench sync")
    p.add_argument("--posts", type=int, default=10_000)
    p.add_argument("--publish", type=int, default=200)
    p.add_argument("--port", type=int, default=8090, help="the bench's own WordPress peer")
    p.add_argument("--wp-json", help="use a running peer's JSON file instead")
    args = p.parse_args(argv)
    sync.print_table(sync.run(args.posts, args.publish, args.port, args.wp_json))


def corpus_main(argv: list[str]) -> None:
    from bench import corpus

    p = argparse.ArgumentParser(prog="python -m bench corpus")
    p.add_argument("--n", type=int, default=1000, help="how many articles")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--db", help="database URL to load them into (migrated first)")
    p.add_argument("--wordpress-json", help="a running peer's JSON file: post them there too")
    args = p.parse_args(argv)
    corpus.main(args.n, args.seed, args.db, args.wordpress_json)


_LANGUAGE_BENCHES = ("search", "related", "app", "typing")


def language_main(name: str, argv: list[str]) -> None:
    module = importlib.import_module(f"bench.{name}_bench")
    module.main(argv)


def main() -> None:
    if sys.argv[1:2] == ["ukrainian"]:
        for name in _LANGUAGE_BENCHES:
            print(f"\n== python -m bench {name}", flush=True)
            language_main(name, [])
        return
    if sys.argv[1:2] and sys.argv[1] in _LANGUAGE_BENCHES:
        language_main(sys.argv[1], sys.argv[2:])
        return
    if sys.argv[1:2] == ["sync"]:
        sync_main(sys.argv[2:])
        return
    if sys.argv[1:2] == ["corpus"]:
        corpus_main(sys.argv[2:])
        return
    p = argparse.ArgumentParser(prog="python -m bench")
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=30)
    args = p.parse_args()
    rows: list[core.Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp, 'bench.sqlite3').as_posix()}")
        rows += core.run(db, "SQLite", args.articles, args.repeat)
        db.dispose()
    pg = os.environ.get("NEWSROOM_BENCH_PG_URL") or os.environ.get("NEWSROOM_TEST_PG_URL")
    if pg:
        rows += _pg(pg, args.articles, args.repeat)
    print(f"{'backend':<11} {'operation':<46} {'ours p50':>10} {'baseline':>10} {'ratio':>7}")
    for r in rows:
        print(f"{r.backend:<11} {r.what:<46} {r.ours_ms:>8.2f}ms {r.baseline_ms:>8.2f}ms "
              f"{r.ratio:>6.1f}x")
    print("baseline: the bare SQL for the same result on the same database, same run")


if __name__ == "__main__":
    main()

"""Core storage benchmark: service costs as ratios against plain SQL in the same run.

What a press officer feels is the list appearing and a save finishing; what we
can control is the overhead our services add (revision, audit, locking checks)
over the bare database work. So each figure is timed against a baseline doing
the minimum SQL for the same result on the same database, in the same process.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import insert, text

from newsroom.domain.roles import Role
from newsroom.services import articles, users
from newsroom.services.articles import Draft
from newsroom.storage import migrate
from newsroom.storage.db import Database
from newsroom.storage.models import Article

WORDS = [
    "волонтерські", "організації", "соціальний", "захист", "громади", "області", "засідання",
    "круглого", "столу", "департамент", "підтримка", "учасників", "родин", "програми",
]


@dataclass(frozen=True)
class Row:
    backend: str
    what: str
    ours_ms: float
    baseline_ms: float

    @property
    def ratio(self) -> float:
        return self.ours_ms / self.baseline_ms if self.baseline_ms else float("nan")


def _p50(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def _fill(db: Database, n: int) -> tuple[int, int]:
    """Bulk-load n articles with plain inserts (loading is not what we measure)."""
    with db.uow() as uow:
        writer = users.add_user(uow, "bench", Role.WRITER, "Bench").id
        editor = users.add_user(uow, "bench-ed", Role.EDITOR, "Bench Editor").id
        uow.commit()
    rows = [
        {"uuid": f"00000000-0000-4000-8000-{i:012d}", "title": f"Новина {i}: "
         + " ".join(WORDS[(i + k) % len(WORDS)] for k in range(8)),
         "slug": f"novyna-{i}", "lead": "", "body": " ".join(WORDS) * 20, "signature": "",
         "author_id": writer, "status": "draft", "revision": 1, "version": 1}
        for i in range(n)
    ]
    with db.engine.begin() as conn:
        conn.execute(insert(Article).values(
            created_at=text("CURRENT_TIMESTAMP"), updated_at=text("CURRENT_TIMESTAMP")), rows)
    return writer, editor


def run(db: Database, backend: str, n: int, repeat: int) -> list[Row]:
    migrate.upgrade(db)
    writer, _ = _fill(db, n)
    out: list[Row] = []

    def list_page() -> None:
        with db.uow() as uow:
            articles.list_rows(uow, limit=200)

    def raw_page() -> None:
        with db.engine.connect() as conn:
            conn.execute(text(
                "SELECT a.id, a.title, a.status, s.name, u.display_name, a.updated_at, "
                "a.scheduled_at, a.published_at FROM articles a JOIN users u ON u.id=a.author_id "
                "LEFT JOIN sections s ON s.id=a.section_id WHERE a.status <> 'trashed' "
                "ORDER BY a.updated_at DESC, a.id DESC LIMIT 200")).all()

    out.append(Row(backend, f"list first page of 200 ({n:,} articles)",
                   _p50(list_page, repeat), _p50(raw_page, repeat)))

    target = {"id": 0, "version": 1}

    def create_new() -> None:
        with db.uow() as uow:
            a = articles.create(uow, writer, Draft(title="Нова стаття", body="Текст " * 300))
            uow.commit()
        target["id"], target["version"] = a.id, a.version

    def raw_insert() -> None:
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO articles (uuid, title, slug, lead, body, signature, author_id, "
                "status, created_at, updated_at, revision, version) VALUES (:u, 't', :s, '', "
                ":b, '', :a, 'draft', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, 1)"),
                {"u": str(time.perf_counter_ns()), "s": f"raw-{time.perf_counter_ns()}",
                 "b": "Текст " * 300, "a": writer})

    out.append(Row(backend, "create article (+revision, audit, slug)",
                   _p50(create_new, repeat), _p50(raw_insert, repeat)))

    counter = {"i": 0}

    def save() -> None:
        counter["i"] += 1
        with db.uow() as uow:
            a = articles.save(uow, writer, target["id"], target["version"],
                              Draft(title="Нова стаття", body="Текст " * 300 + str(counter["i"])))
            uow.commit()
        target["version"] = a.version

    def raw_update() -> None:
        counter["i"] += 1
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE articles SET body=:b, version=version+1 WHERE id=:i"),
                         {"b": "Текст " * 300 + str(counter["i"]), "i": target["id"]})

    out.append(Row(backend, "save (+revision, conflict check, audit)",
                   _p50(save, repeat), _p50(raw_update, repeat)))
    return out

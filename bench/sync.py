"""``python -m bench sync``: the website sync against the real WordPress peer.

Two figures, each a ratio against a baseline measured in the same run on the
same site:

* pull: our archive pull of N posts into a fresh SQLite database, against a raw
  paginated download of the same posts (the same REST pages, JSON parsed, nothing
  stored). Goal: at most 1.3x the raw time.
* publish: our queue sending M approved articles (a worker run: claim, build,
  send, record), against WordPress's own create rate (the same M posts POSTed
  one after another with one HTTP client). Goal: at least 0.9x the raw rate.

The site is a peer of its own (port 8090 by default, started with
``../shared/wordpress/peer.sh up``), seeded once with N posts in a category of
their own, so the test suite's site is never touched.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import keyring
from keyring.backend import KeyringBackend

from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, sites, users, workflow
from newsroom.services.articles import Draft
from newsroom.storage import migrate
from newsroom.storage.db import Database
from newsroom.sync import pull as pull_mod
from newsroom.sync import registry
from newsroom.sync.worker import Worker

ROOT = Path(__file__).resolve().parents[1]
CATEGORY = "Бенчмарк архіву"
BATCH = 25  # WordPress's /batch/v1 limit


class _MemoryKeyring(KeyringBackend):
    """The OS keyring cannot run on a headless machine; the bench keeps the
    peer's password in memory instead."""

    priority = 1

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@dataclass(frozen=True)
class Peer:
    url: str
    login: str
    password: str


def _peer_script() -> Path:
    for candidate in (ROOT.parent / "shared/wordpress/peer.sh",
                      Path("/work/shared/wordpress/peer.sh")):
        if candidate.exists():
            return candidate
    raise SystemExit("bench sync: ../shared/wordpress/peer.sh not found")


def start_peer(port: int, wp_json: str | None) -> Peer:
    if wp_json:
        info = json.loads(Path(wp_json).read_text("utf-8"))
    else:
        out = subprocess.run([str(_peer_script()), "up", "--port", str(port)], check=True,
                             capture_output=True, text=True).stdout
        info = json.loads(out.strip().splitlines()[-1])
    admin = info["users"]["admin"]
    return Peer(info["url"].rstrip("/"), admin["login"], admin["app_password"])


def _client(peer: Peer) -> httpx.Client:
    return httpx.Client(base_url=f"{peer.url}/wp-json", auth=(peer.login, peer.password),
                        timeout=120)


def _category(client: httpx.Client) -> int:
    found = client.get("/wp/v2/categories", params={"search": CATEGORY}).json()
    for term in found:
        if term["name"] == CATEGORY:
            return int(term["id"])
    return int(client.post("/wp/v2/categories", json={"name": CATEGORY}).json()["id"])


def _count(client: httpx.Client, category: int) -> int:
    r = client.get("/wp/v2/posts", params={"categories": category, "per_page": 1})
    return int(r.headers.get("X-WP-Total", 0))


def _post_body(n: int) -> dict[str, Any]:
    return {"title": f"Новина архіву №{n}: засідання з питань громади",
            "content": f"<p>Учасники засідання обговорили п’ять питань (№{n}).</p>"
                       "<p>Рішення ухвалено «одноголосно».</p>",
            "excerpt": f"Засідання №{n}.", "status": "publish"}


def seed(peer: Peer, posts: int) -> int:
    """Make sure the bench category holds ``posts`` posts; returns the category id."""
    with _client(peer) as client:
        category = _category(client)
        have = _count(client, category)
        while have < posts:
            chunk = min(BATCH, posts - have)
            requests = [{"method": "POST", "path": "/wp/v2/posts",
                         "body": {**_post_body(have + i), "categories": [category]}}
                        for i in range(chunk)]
            r = client.post("/batch/v1", json={"requests": requests})
            r.raise_for_status()
            have += chunk
        return category


def raw_download(peer: Peer) -> tuple[float, int]:
    """The baseline: every published post's page, parsed, nothing kept."""
    start = time.perf_counter()
    seen = 0
    with _client(peer) as client:
        page = 1
        while True:
            r = client.get("/wp/v2/posts", params={
                "per_page": 100, "page": page, "orderby": "id", "order": "asc",
                "status": "publish", "context": "edit"})
            if r.status_code == 400:
                break
            batch = r.json()
            seen += len(batch)
            if page >= int(r.headers.get("X-WP-TotalPages", page)):
                break
            page += 1
    return time.perf_counter() - start, seen


@contextmanager
def _database() -> Iterator[Database]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp, 'bench.sqlite3').as_posix()}")
        migrate.upgrade(db)
        try:
            yield db
        finally:
            db.dispose()


def _people(db: Database) -> tuple[int, int, int]:
    with db.uow() as uow:
        admin = users.add_user(uow, "admin", Role.ADMIN, "Адміністратор").id
        writer = users.add_user(uow, "olena", Role.WRITER, "Олена").id
        editor = users.add_user(uow, "nadiia", Role.EDITOR, "Надія").id
        uow.commit()
    return admin, writer, editor


def our_pull(peer: Peer) -> tuple[float, int]:
    with _database() as db:
        admin, _writer, _editor = _people(db)
        with db.uow() as uow:
            site = sites.add_wordpress(uow, admin, "bench", peer.url, peer.login,
                                       peer.password)
            uow.commit()
        connector = registry.connector_for(db, site)
        start = time.perf_counter()
        try:
            report = pull_mod.pull(db, site.id, admin, connector)
        finally:
            connector.close()
        return time.perf_counter() - start, report.total


def raw_create(peer: Peer, n: int) -> float:
    with _client(peer) as client:
        start = time.perf_counter()
        for i in range(n):
            client.post("/wp/v2/posts", json=_post_body(900_000 + i)).raise_for_status()
        return time.perf_counter() - start


def our_publish(peer: Peer, n: int) -> tuple[float, int]:
    with _database() as db:
        admin, writer, editor = _people(db)
        with db.uow() as uow:
            sites.add_wordpress(uow, admin, "bench", peer.url, peer.login, peer.password)
            for i in range(n):
                body = _post_body(800_000 + i)
                a = articles.create(uow, writer, Draft(
                    title=body["title"], lead=body["excerpt"],
                    body="Учасники засідання обговорили п’ять питань.\n\n"
                         "Рішення ухвалено «одноголосно»."), status=Status.APPROVED)
                workflow.transition(uow, editor, a.id, Action.QUEUE)
            uow.commit()
        start = time.perf_counter()
        report = Worker(db, concurrency=2).run_due()
        return time.perf_counter() - start, report.sent


def run(posts: int, publish: int, port: int, wp_json: str | None) -> list[tuple[str, ...]]:
    keyring.set_keyring(_MemoryKeyring())
    peer = start_peer(port, wp_json)
    seed(peer, posts)
    rows: list[tuple[str, ...]] = []
    raw_s, raw_n = raw_download(peer)
    ours_s, ours_n = our_pull(peer)
    rows.append((f"pull {ours_n:,} posts (raw: {raw_n:,})", f"{ours_s:.1f} s", f"{raw_s:.1f} s",
                 f"{ours_s / raw_s:.2f}x time", "<= 1.3x"))
    raw_c = raw_create(peer, publish)
    ours_c, sent = our_publish(peer, publish)
    rows.append((f"publish {sent} posts", f"{sent / ours_c:.1f}/s", f"{publish / raw_c:.1f}/s",
                 f"{(sent / ours_c) / (publish / raw_c):.2f}x rate", ">= 0.9x"))
    return rows


def print_table(rows: list[tuple[str, ...]]) -> None:
    print(f"{'operation':<36} {'ours':>10} {'baseline':>10} {'ratio':>13} {'goal':>9}")
    for r in rows:
        print(f"{r[0]:<36} {r[1]:>10} {r[2]:>10} {r[3]:>13} {r[4]:>9}")
    print("baseline: raw REST calls to the same WordPress in the same run")

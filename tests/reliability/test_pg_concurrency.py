"""Two office PCs on one PostgreSQL: the same article saved at once, two cron workers at once.

Each side is its own engine (its own connection pool), as two PCs are, and the two
start together behind a barrier so their statements really interleave. SQLite runs
the save race too: it is how one PC with two windows open behaves.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from newsroom.domain.errors import ConflictError
from newsroom.domain.roles import Role
from newsroom.domain.statuses import Status
from newsroom.domain.workflow import Action
from newsroom.services import articles, sites, users, workflow
from newsroom.services.articles import Draft
from newsroom.services.publish_queue import JobState
from newsroom.storage import migrate
from newsroom.storage.db import Database
from newsroom.storage.models import PublishJob, Revision
from newsroom.storage.uow import UnitOfWork
from tests.integration.conftest import WpPeer
from tests.integration.fault_proxy import FaultProxy
from tests.reliability.conftest import Figures, scale
from tests.support.audit_chain import chain_breaks

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class _Outcome:
    saved: bool = False
    conflict: ConflictError | None = None
    error: BaseException | None = None


def _save(db: Database, actor: int, article_id: int, version: int, body: str,
          barrier: threading.Barrier, outcome: _Outcome) -> None:
    """One person pressing Save on the version their editor opened."""
    try:
        with db.uow() as uow:
            barrier.wait(timeout=30)
            articles.save(uow, actor, article_id, version,
                          Draft(title="Нарада щодо опалювального сезону", body=body))
            uow.commit()
        outcome.saved = True
    except ConflictError as exc:
        outcome.conflict = exc
    except BaseException as exc:  # noqa: BLE001 - reported by the test, never swallowed
        outcome.error = exc


def test_two_clients_saving_one_article(db_url: str, figures: Figures) -> None:
    """Concurrent saves of one article (two clients)."""
    setup = Database(db_url)
    migrate.upgrade(setup)
    with setup.uow() as uow:
        olena = users.add_user(uow, "olena", Role.WRITER, "Олена Петренко").id
        nadiia = users.add_user(uow, "nadiia", Role.EDITOR, "Надія Шевчук").id
        article_id = articles.create(uow, olena, Draft(
            title="Нарада щодо опалювального сезону", body="Початковий текст.")).id
        uow.commit()
    setup.dispose()
    pcs = [Database(db_url), Database(db_url)]  # two PCs, two connection pools
    rounds = scale(20, 200)
    both_saved = neither = overwritten = lost_text = errors = 0
    try:
        for number in range(rounds):
            with pcs[0].uow() as uow:
                version = articles.get(uow, article_id).version
                revisions_before = _revisions(uow, article_id)
            texts = [f"Раунд {number}: текст Олени «{uuid.uuid4().hex[:6]}».",
                     f"Раунд {number}: правка Надії «{uuid.uuid4().hex[:6]}»."]
            barrier = threading.Barrier(2)
            outcomes = [_Outcome(), _Outcome()]
            threads = [threading.Thread(target=_save, args=(pc, who, article_id, version, text,
                                                            barrier, outcome))
                       for pc, who, text, outcome in zip(pcs, (olena, nadiia), texts, outcomes,
                                                         strict=True)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            errors += sum(1 for o in outcomes if o.error is not None)
            winners = [i for i, o in enumerate(outcomes) if o.saved]
            if len(winners) == 2:
                both_saved += 1
            if not winners:
                neither += 1
                continue
            winner = winners[0]
            with pcs[1].uow() as uow:
                stored = articles.get(uow, article_id)
                revisions_after = _revisions(uow, article_id)
            if stored.body != texts[winner] or revisions_after != revisions_before + 1:
                overwritten += 1
            loser = outcomes[1 - winner]
            # The loser's words travel in the conflict, for the dialog to offer them back.
            if loser.conflict is None or loser.conflict.mine.body != texts[1 - winner] \
                    or loser.conflict.theirs.body != texts[winner]:
                lost_text += 1
    finally:
        for pc in pcs:
            pc.dispose()
    figures.info("save races", rounds)
    figures.zero("both saves went through", both_saved)
    figures.zero("neither save went through", neither)
    figures.zero("stored text not the winner's, or revisions off", overwritten)
    figures.zero("loser's text missing from the conflict", lost_text)
    figures.zero("errors other than the conflict", errors)
    assert (both_saved, neither, overwritten, lost_text, errors) == (0, 0, 0, 0, 0), [
        o.error for o in outcomes if o.error]


def test_two_clients_saving_different_articles(db_url: str, figures: Figures) -> None:
    """Concurrent saves of different articles (shared words)."""
    setup = Database(db_url)
    migrate.upgrade(setup)
    with setup.uow() as uow:
        people = [users.add_user(uow, login, Role.WRITER, login).id for login in ("olena", "taras")]
        ids = [articles.create(uow, person, Draft(title=f"Нарада {n}", body="Текст.")).id
               for n, person in enumerate(people)]
        uow.commit()
    setup.dispose()
    pcs = [Database(db_url), Database(db_url)]
    rounds = scale(20, 200)
    words = ("громада", "опалення", "котельня", "сезон", "бюджет", "школа", "лікарня",
             "дорога", "вода", "світло", "укриття", "волонтер")
    failed: list[BaseException] = []
    saved = 0
    try:
        for number in range(rounds):
            barrier = threading.Barrier(2)
            outcomes = [_Outcome(), _Outcome()]
            threads = []
            for side in (0, 1):
                with pcs[side].uow() as uow:
                    version = articles.get(uow, ids[side]).version
                # The same lemmas in both, in opposite orders: their index rows overlap.
                chosen = words[number % 5:] if side == 0 else tuple(reversed(words))[:7 + side]
                body = " ".join(f"{w} {number}" for w in chosen)
                threads.append(threading.Thread(target=_save, args=(
                    pcs[side], people[side], ids[side], version, body, barrier, outcomes[side])))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            saved += sum(1 for o in outcomes if o.saved)
            failed += [o.error or o.conflict for o in outcomes if not o.saved
                       and (o.error or o.conflict) is not None]
    finally:
        for pc in pcs:
            pc.dispose()
    figures.info("saves", 2 * rounds)
    figures.zero("saves that failed (deadlock, lock timeout, conflict)", len(failed))
    assert failed == [] and saved == 2 * rounds


def _revisions(uow: UnitOfWork, article_id: int) -> int:
    return int(uow.session.scalar(select(func.count()).select_from(Revision)
                              .where(Revision.article_id == article_id)))


# --- two publish-due workers -----------------------------------------------------


def _publish_due(url: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "newsroom", "--db", url, "publish-due",
                             "--jobs", "2"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_two_publish_due_workers_at_once(pg_database_url: str, wp_peer: WpPeer,
                                         figures: Figures) -> None:
    """Two publish-due workers at once (PostgreSQL)."""
    db = Database(pg_database_url)
    migrate.upgrade(db)
    key = uuid.uuid4().hex[:8]
    per_round, rounds = scale(15, 60), scale(2, 5)
    with db.uow() as uow:
        writer = users.add_user(uow, "olena", Role.WRITER, "Олена Петренко").id
        editor = users.add_user(uow, "nadiia", Role.EDITOR, "Надія Шевчук").id
        admin = users.add_user(uow, "admin", Role.ADMIN, "Адміністратор").id
        uow.commit()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    queued: list[tuple[int, str]] = []
    outputs: list[tuple[int, str]] = []
    with FaultProxy(wp_peer.url) as proxy:
        with db.uow() as uow:
            sites.add_wordpress(uow, admin, "Сайт ОДА", proxy.url, wp_peer.editor.login,
                                wp_peer.editor.app_password)
            uow.commit()
        for round_number in range(rounds):
            with db.uow() as uow:
                for n in range(per_round):
                    title = f"Засідання колегії {round_number}-{n} {key}"
                    article = articles.create(uow, writer, Draft(
                        title=title, body="Учасники обговорили «нагальні» питання.",
                        tags=["колегія", f"тег {key} {n % 3}"]), status=Status.APPROVED)
                    workflow.transition(uow, editor, article.id, Action.QUEUE)
                    queued.append((article.id, article.slug))
                uow.commit()
            workers = [_publish_due(pg_database_url, env), _publish_due(pg_database_url, env)]
            for worker in workers:
                out, err = worker.communicate(timeout=300)
                outputs.append((worker.returncode, out + err))
        creates = Counter(seen.target for seen in proxy.requests("POST")
                          if _is_post_create(seen.target))
        posts_made = sum(creates.values())
    with db.uow() as uow:
        jobs = list(uow.session.execute(
            select(PublishJob.article_id, PublishJob.attempts, PublishJob.state)))
        statuses = {a: articles.get(uow, a).status for a, _slug in queued}
        breaks = chain_breaks(uow)
    db.dispose()
    attempts = Counter(job.article_id for job in jobs for _ in range(job.attempts))
    sent_twice = sum(1 for count in attempts.values() if count > 1)
    not_done = sum(1 for job in jobs if job.state != JobState.SUCCESS)
    on_site = _posts_by_slug(wp_peer, [slug for _a, slug in queued])
    duplicates = sum(1 for posts in on_site.values() if len(posts) > 1)
    missing = sum(1 for _a, slug in queued if not on_site.get(slug))
    figures.info("jobs", len(jobs))
    # Whether the two really overlapped: rounds in which each worker sent something.
    sent = [int(m.group(1)) for _code, text in outputs
            for m in [re.search(r"sent (\d+),", text)] if m]
    figures.info("rounds both workers sent jobs in",
                 sum(1 for a, b in zip(sent[::2], sent[1::2], strict=True) if a and b))
    figures.zero("jobs claimed more than once", sent_twice)
    figures.add("posts created on the site", posts_made, str(len(queued)),
                posts_made == len(queued))
    figures.zero("duplicate posts", duplicates)
    figures.zero("missing posts", missing)
    figures.zero("jobs not succeeded", not_done)
    figures.zero("articles whose audit chain is broken", len(breaks))
    assert all(code == 0 for code, _text in outputs), outputs
    assert (sent_twice, duplicates, missing, not_done, breaks) == (0, 0, 0, 0, [])
    assert posts_made == len(queued)
    assert set(statuses.values()) == {Status.PUBLISHED}


def _is_post_create(target: str) -> bool:
    """``POST /wp/v2/posts`` makes a post; ``/posts/<id>`` only changes one."""
    route = target.split("rest_route=", 1)[-1].split("&", 1)[0]
    return route.rstrip("/").endswith("/wp/v2/posts")


def _posts_by_slug(peer: WpPeer, slugs: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    with httpx.Client(auth=(peer.admin.login, peer.admin.app_password), timeout=60) as client:
        for start in range(0, len(slugs), 50):
            batch = slugs[start:start + 50]
            r = client.get(f"{peer.url}/", params={
                "rest_route": "/wp/v2/posts", "slug": ",".join(batch), "per_page": 100,
                "status": "publish,future,draft,pending,private", "context": "edit"})
            r.raise_for_status()
            for post in r.json():
                found.setdefault(post["slug"], []).append(post["id"])
    return found

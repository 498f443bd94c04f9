"""Editing locks: who edits an article now, staleness, take-over and races."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from newsroom import i18n
from newsroom.domain.errors import Locked, NotFound, PermissionDenied
from newsroom.domain.statuses import Status
from newsroom.services import articles, audit, locks
from newsroom.services.articles import Draft
from newsroom.services.locks import LOCK_TIMEOUT, LockView
from newsroom.storage.db import Database
from tests.conftest import People

T0 = datetime(2024, 7, 1, 12, 4, tzinfo=UTC)  # 15:04 in Kyiv (summer time)


def _article(db: Database, author: int, title: str = "Графік прийому громадян") -> int:
    with db.uow() as uow:
        article_id = articles.create(uow, author, Draft(title=title)).id
        uow.commit()
    return article_id


def _acquire(db: Database, actor: int, article_id: int, now: datetime = T0) -> LockView:
    with db.uow() as uow:
        lock = locks.acquire(uow, actor, article_id, now=now)
        uow.commit()
    return lock


def _current(db: Database, article_id: int, now: datetime = T0) -> LockView | None:
    with db.uow() as uow:
        return locks.current(uow, article_id, now=now)


def _refused(db: Database, actor: int, article_id: int, now: datetime = T0) -> Locked:
    with db.uow() as uow, pytest.raises(Locked) as caught:
        locks.acquire(uow, actor, article_id, now=now)
    return caught.value


def test_a_free_article_is_locked_by_whoever_opens_it_first(db: Database,
                                                            people: People) -> None:
    article_id = _article(db, people.writer)
    assert _current(db, article_id) is None

    lock = _acquire(db, people.writer, article_id)
    assert lock == LockView(article_id=article_id, user_id=people.writer,
                            user_name="Олена Петренко", since=T0, heartbeat_at=T0, stale=False)
    assert _current(db, article_id) == lock

    refused = _refused(db, people.editor, article_id, T0 + timedelta(seconds=30))
    assert refused.lock.user_id == people.writer
    assert refused.lock.user_name == "Олена Петренко"
    assert refused.lock.since == T0
    assert refused.lock.article_id == article_id
    assert str(refused) == "editing: Олена Петренко since 15:04"
    # The holder is untouched by the refusal.
    assert _current(db, article_id, T0 + timedelta(seconds=30)) == lock


def test_the_locked_message_is_in_ukrainian_with_kyiv_time(db: Database,
                                                           people: People) -> None:
    article_id = _article(db, people.writer)
    winter = datetime(2024, 1, 15, 7, 30, tzinfo=UTC)  # 09:30 in Kyiv (winter time)
    _acquire(db, people.writer, article_id, winter)
    i18n.set_language("uk")
    refused = _refused(db, people.writer2, article_id, winter)
    assert str(refused) == "редагує Олена Петренко з 09:30"


def test_the_holder_refreshes_the_lock_and_keeps_its_start(db: Database,
                                                           people: People) -> None:
    article_id = _article(db, people.writer)
    _acquire(db, people.writer, article_id)
    later = T0 + timedelta(minutes=1)
    again = _acquire(db, people.writer, article_id, later)
    assert (again.since, again.heartbeat_at, again.stale) == (T0, later, False)

    with db.uow() as uow:
        beat = locks.heartbeat(uow, people.writer, article_id, now=later + timedelta(seconds=90))
        uow.commit()
    assert (beat.since, beat.heartbeat_at) == (T0, later + timedelta(seconds=90))
    # 90 s after the heartbeat the lock is alive, though 2.5 min after acquiring.
    _refused(db, people.writer2, article_id, later + timedelta(seconds=180))


def test_a_stale_lock_is_taken_by_the_next_person(db: Database, people: People) -> None:
    article_id = _article(db, people.writer)
    _acquire(db, people.writer, article_id)

    at_limit = T0 + LOCK_TIMEOUT
    assert _current(db, article_id, at_limit).stale is False  # type: ignore[union-attr]
    _refused(db, people.editor, article_id, at_limit)

    past = at_limit + timedelta(seconds=1)
    stale = _current(db, article_id, past)
    assert stale is not None and stale.stale and stale.user_id == people.writer
    taken = _acquire(db, people.editor, article_id, past)
    assert (taken.user_id, taken.user_name, taken.since, taken.stale) == (
        people.editor, "Надія Шевчук", past, False)

    # The writer's editor finds out at its next heartbeat.
    with db.uow() as uow, pytest.raises(Locked) as caught:
        locks.heartbeat(uow, people.writer, article_id, now=past + timedelta(seconds=5))
    assert caught.value.lock.user_id == people.editor
    assert _current(db, article_id, past) == taken


def test_the_clock_can_be_replaced_instead_of_passing_now(db: Database, people: People,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    article_id = _article(db, people.writer)
    now = [T0]
    monkeypatch.setattr(locks, "clock", lambda: now[0])
    with db.uow() as uow:
        assert locks.acquire(uow, people.writer, article_id).since == T0
        uow.commit()
    now[0] = T0 + LOCK_TIMEOUT + timedelta(seconds=1)
    with db.uow() as uow:
        current = locks.current(uow, article_id)
        assert current is not None and current.stale
        assert locks.acquire(uow, people.writer2, article_id).user_id == people.writer2
        uow.commit()


def test_a_heartbeat_after_the_lock_vanished_takes_it_again(db: Database,
                                                            people: People) -> None:
    article_id = _article(db, people.writer)
    with db.uow() as uow:
        beat = locks.heartbeat(uow, people.writer, article_id, now=T0)
        uow.commit()
    assert (beat.user_id, beat.since) == (people.writer, T0)


def test_release_drops_only_ones_own_lock(db: Database, people: People) -> None:
    article_id = _article(db, people.writer)
    other = _article(db, people.writer, "Інша стаття")
    with db.uow() as uow:
        locks.release(uow, people.writer, article_id)  # no lock: nothing to do, no error
        uow.commit()
    _acquire(db, people.writer, article_id)
    with db.uow() as uow:
        locks.release(uow, people.editor, article_id)  # not theirs
        uow.commit()
    assert _current(db, article_id) is not None
    _acquire(db, people.writer, other)
    with db.uow() as uow:
        locks.release(uow, people.writer, article_id)
        uow.commit()
    assert _current(db, article_id) is None
    assert _current(db, other) is not None  # only the named article
    assert _acquire(db, people.writer2, article_id).user_id == people.writer2


def test_only_editors_take_over_a_live_lock_and_it_is_audited(db: Database,
                                                              people: People) -> None:
    article_id = _article(db, people.writer)
    _acquire(db, people.writer, article_id)
    soon = T0 + timedelta(seconds=20)
    for actor in (people.writer2, people.reviewer):
        with db.uow() as uow, pytest.raises(PermissionDenied):
            locks.take_over(uow, actor, article_id, now=soon)
    assert _current(db, article_id, soon).user_id == people.writer  # type: ignore[union-attr]

    with db.uow() as uow:
        taken = locks.take_over(uow, people.editor, article_id, now=soon)
        uow.commit()
    assert (taken.user_id, taken.since, taken.heartbeat_at) == (people.editor, soon, soon)
    with db.uow() as uow:
        events = [e for e in audit.list_events(uow, article_id) if e.action == "lock_take_over"]
    assert len(events) == 1
    assert events[0].actor == "nadiia"
    assert events[0].detail["previous_user_id"] == people.writer
    assert events[0].detail["previous_user"] == "Олена Петренко"
    assert events[0].detail["previous_stale"] is False

    with db.uow() as uow, pytest.raises(Locked):
        locks.heartbeat(uow, people.writer, article_id, now=soon)

    with db.uow() as uow:
        assert locks.take_over(uow, people.admin, article_id, now=soon).user_id == people.admin
        uow.commit()
    free = _article(db, people.writer, "Вільна стаття")
    with db.uow() as uow:
        # Taking over one's own or a free lock has nobody to take it from: not audited.
        locks.take_over(uow, people.admin, article_id, now=soon)
        assert locks.take_over(uow, people.editor, free, now=soon).user_id == people.editor
        uow.commit()
        names = [e.detail["previous_user"] for e in audit.list_events(uow)
                 if e.action == "lock_take_over"]
    assert names == ["Олена Петренко", "Надія Шевчук"]


def test_unknown_articles_and_users_are_not_found(db: Database, people: People) -> None:
    with db.uow() as uow, pytest.raises(NotFound):
        locks.acquire(uow, people.writer, 999_999, now=T0)
    article_id = _article(db, people.writer)
    with db.uow() as uow, pytest.raises(NotFound):
        locks.acquire(uow, 999_999, article_id, now=T0)


def test_the_lock_goes_with_the_article(db: Database, people: People) -> None:
    article_id = _article(db, people.writer)
    _acquire(db, people.writer, article_id)
    with db.uow() as uow:
        uow.session.delete(articles.load(uow, article_id))
        uow.commit()
    assert _current(db, article_id) is None


def test_two_units_of_work_that_both_saw_a_free_lock_cannot_both_take_it(
        db: Database, people: People) -> None:
    article_id = _article(db, people.writer, "Спільна стаття")
    with db.uow() as first, db.uow() as second:
        assert locks.current(first, article_id, now=T0) is None
        assert locks.current(second, article_id, now=T0) is None
        locks.acquire(first, people.writer, article_id, now=T0)
        first.commit()
        with pytest.raises(Locked) as caught:
            locks.acquire(second, people.writer2, article_id, now=T0)
        assert caught.value.lock.user_id == people.writer
        second.commit()  # the refusal left the second transaction usable
    assert _current(db, article_id).user_id == people.writer  # type: ignore[union-attr]


def test_an_acquire_waits_for_an_uncommitted_one_and_then_is_refused(
        db: Database, people: People) -> None:
    article_id = _article(db, people.writer, "Спільна стаття")
    outcome: list[object] = []

    def second() -> None:
        try:
            with db.uow() as uow:
                outcome.append(locks.acquire(uow, people.writer2, article_id, now=T0))
                uow.commit()
        except Exception as exc:  # noqa: BLE001 - the test inspects whatever happened
            outcome.append(exc)

    with db.uow() as uow:
        locks.acquire(uow, people.writer, article_id, now=T0)
        uow.flush()
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.3)  # the second INSERT is now waiting for this transaction
        uow.commit()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], Locked), outcome
    assert _current(db, article_id).user_id == people.writer  # type: ignore[union-attr]


@pytest.mark.parametrize("stale_first", [False, True])
def test_simultaneous_acquirers_get_exactly_one_lock(db: Database, people: People,
                                                     stale_first: bool) -> None:
    contenders = [people.writer, people.writer2, people.reviewer, people.editor]
    now = T0 + LOCK_TIMEOUT * 3
    for round_ in range(3):
        article_id = _article(db, people.admin, f"Гаряча новина {round_}")
        if stale_first:
            _acquire(db, people.admin, article_id, T0)  # abandoned long ago
        barrier = threading.Barrier(len(contenders))
        results: dict[int, object] = {}

        def contend(actor: int, article_id: int = article_id,
                    barrier: threading.Barrier = barrier,
                    results: dict[int, object] = results) -> None:
            try:
                with db.uow() as uow:
                    barrier.wait(timeout=10)
                    results[actor] = locks.acquire(uow, actor, article_id, now=now)
                    uow.commit()
            except Exception as exc:  # noqa: BLE001 - the test inspects whatever happened
                results[actor] = exc

        threads = [threading.Thread(target=contend, args=(actor,)) for actor in contenders]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        winners = [actor for actor, r in results.items() if isinstance(r, LockView)]
        losers = [r for r in results.values() if not isinstance(r, LockView)]
        assert len(winners) == 1, results
        assert all(isinstance(r, Locked) and r.lock.user_id == winners[0] for r in losers), results
        assert _current(db, article_id, now).user_id == winners[0]  # type: ignore[union-attr]


def test_locks_do_not_care_about_the_article_status(db: Database, people: People) -> None:
    with db.uow() as uow:
        article_id = articles.create(uow, people.editor, Draft(title="Опубліковане"),
                                     status=Status.PUBLISHED).id
        uow.commit()
    assert _acquire(db, people.editor, article_id).user_id == people.editor

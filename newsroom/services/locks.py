"""Editing locks: who has an article open for editing right now.

A lock is a row per article (the primary key is the article id), kept alive by
the editor's heartbeat. A lock whose heartbeat is older than
:data:`LOCK_TIMEOUT` belongs to a closed laptop or a crashed app, and the next
person to open the article simply takes it; an editor may also take over a
live lock, which is audited.

Every write is a single statement that the database arbitrates, never a read
followed by a write: ``INSERT … ON CONFLICT DO NOTHING`` to take a free lock
and a conditional ``UPDATE`` to refresh one's own or take a stale one. Two
people opening the same article at the same moment therefore cannot both get
the lock on PostgreSQL (the second INSERT waits for the first transaction and
then does nothing; the second UPDATE re-checks its condition against the row
the first one wrote) nor on SQLite (writers are serialised). Neither path
raises IntegrityError, so the caller's transaction stays usable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from newsroom.domain.errors import Locked, LockInfo, PermissionDenied
from newsroom.domain.roles import Role
from newsroom.i18n import tr
from newsroom.services import articles, audit, users
from newsroom.storage.models import EditLock, User
from newsroom.storage.types import utcnow
from newsroom.storage.uow import UnitOfWork

LOCK_TIMEOUT = timedelta(minutes=2)
"""A lock whose last heartbeat is older than this is abandoned and may be taken."""


@dataclass(frozen=True)
class LockView:
    article_id: int
    user_id: int
    user_name: str
    since: datetime
    heartbeat_at: datetime
    stale: bool

    def info(self) -> LockInfo:
        return LockInfo(article_id=self.article_id, user_id=self.user_id,
                        user_name=self.user_name, since=self.since)


def clock() -> datetime:
    """The time locks are judged by; tests replace it instead of sleeping."""
    return utcnow()


def _rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


def _read(uow: UnitOfWork, article_id: int, now: datetime,
          for_update: bool = False) -> LockView | None:
    stmt = (select(EditLock, User.display_name).join(User, User.id == EditLock.user_id)
            .where(EditLock.article_id == article_id)
            # The row may have been written by a Core statement in this very
            # session; never trust a copy already in the identity map.
            .execution_options(populate_existing=True))
    if for_update:
        stmt = stmt.with_for_update(of=EditLock)
    row = uow.session.execute(stmt).first()
    if row is None:
        return None
    lock, name = row
    return LockView(article_id=lock.article_id, user_id=lock.user_id, user_name=name,
                    since=lock.since, heartbeat_at=lock.heartbeat_at,
                    stale=lock.heartbeat_at < now - LOCK_TIMEOUT)


def _insert_if_free(uow: UnitOfWork, actor_id: int, article_id: int, now: datetime) -> bool:
    """Insert a fresh lock unless a row exists; True if this call created it."""
    values = {"article_id": article_id, "user_id": actor_id, "since": now, "heartbeat_at": now}
    dialect = uow.session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(EditLock).values(**values).on_conflict_do_nothing(
            index_elements=[EditLock.article_id])
    elif dialect == "sqlite":
        stmt = sqlite.insert(EditLock).values(**values).on_conflict_do_nothing(
            index_elements=[EditLock.article_id])
    else:  # pragma: no cover - make_engine accepts only the two backends above
        raise RuntimeError(f"editing locks do not support {dialect}")
    return _rowcount(uow.session.execute(stmt)) == 1


def _current_or_raise(uow: UnitOfWork, article_id: int, now: datetime) -> LockView:
    lock = _read(uow, article_id, now)
    assert lock is not None, "a lock that refused the update must exist"
    return lock


def current(uow: UnitOfWork, article_id: int, now: datetime | None = None) -> LockView | None:
    """The article's lock, stale or not (``stale`` says which), or None."""
    return _read(uow, article_id, now or clock())


def acquire(uow: UnitOfWork, actor_id: int, article_id: int,
            now: datetime | None = None) -> LockView:
    """Take the article's lock for ``actor_id`` or refresh the one they hold.

    A free or stale lock is taken; a live lock of someone else raises
    :class:`Locked` naming them.
    """
    now = now or clock()
    users.load(uow, actor_id)
    articles.load(uow, article_id)
    if not _insert_if_free(uow, actor_id, article_id, now):
        stmt = (update(EditLock)
                .where(EditLock.article_id == article_id,
                       (EditLock.user_id == actor_id)
                       | (EditLock.heartbeat_at < now - LOCK_TIMEOUT))
                .values(since=case((EditLock.user_id == actor_id, EditLock.since), else_=now),
                        user_id=actor_id, heartbeat_at=now)
                .execution_options(synchronize_session=False))
        if _rowcount(uow.session.execute(stmt)) == 0:
            lock = _read(uow, article_id, now)
            if lock is None:  # released between the two statements: free again
                return acquire(uow, actor_id, article_id, now)
            raise Locked(lock.info())
    return _current_or_raise(uow, article_id, now)


def heartbeat(uow: UnitOfWork, actor_id: int, article_id: int,
              now: datetime | None = None) -> LockView:
    """Keep one's lock alive; :class:`Locked` if someone has taken it since.

    A lock that vanished (released by the other side, say) is taken again, so
    an editor who is still typing keeps the article.
    """
    now = now or clock()
    stmt = (update(EditLock)
            .where(EditLock.article_id == article_id, EditLock.user_id == actor_id)
            .values(heartbeat_at=now)
            .execution_options(synchronize_session=False))
    if _rowcount(uow.session.execute(stmt)) == 1:
        return _current_or_raise(uow, article_id, now)
    lock = _read(uow, article_id, now)
    if lock is not None:
        raise Locked(lock.info())
    return acquire(uow, actor_id, article_id, now)


def release(uow: UnitOfWork, actor_id: int, article_id: int) -> None:
    """Give up one's own lock; someone else's lock (or none) is left alone."""
    uow.session.execute(delete(EditLock)
                        .where(EditLock.article_id == article_id,
                               EditLock.user_id == actor_id)
                        .execution_options(synchronize_session=False))


def take_over(uow: UnitOfWork, actor_id: int, article_id: int,
              now: datetime | None = None) -> LockView:
    """An editor takes the lock from whoever holds it, live or not (audited)."""
    now = now or clock()
    actor = users.load(uow, actor_id)
    article = articles.load(uow, article_id)
    if not actor.role.at_least(Role.EDITOR):
        raise PermissionDenied(tr("only an editor may take over an article someone else is "
                                  "editing"))
    # FOR UPDATE on PostgreSQL: the holder named in the audit is the one replaced.
    previous = _read(uow, article_id, now, for_update=True)
    if previous is None:
        if _insert_if_free(uow, actor_id, article_id, now):
            return _current_or_raise(uow, article_id, now)  # nobody to take it from
        previous = _read(uow, article_id, now, for_update=True)  # someone was quicker
    if previous is None or previous.user_id == actor_id:
        return acquire(uow, actor_id, article_id, now)
    uow.session.execute(update(EditLock).where(EditLock.article_id == article_id)
                        .values(user_id=actor_id, since=now, heartbeat_at=now)
                        .execution_options(synchronize_session=False))
    audit.record(uow, actor, "lock_take_over", article, previous_user_id=previous.user_id,
                 previous_user=previous.user_name, previous_since=previous.since.isoformat(),
                 previous_stale=previous.stale)
    return _current_or_raise(uow, article_id, now)

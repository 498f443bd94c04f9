"""The unit of work: one transaction, kept only when committed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from newsroom.domain.roles import Role
from newsroom.services import users
from newsroom.storage.db import Database
from newsroom.storage.models import User


class Boom(Exception):
    pass


def _logins(db: Database) -> list[str]:
    with db.uow() as uow:
        return list(uow.session.scalars(select(User.login).order_by(User.login)))


def test_only_a_commit_keeps_what_a_unit_of_work_did(db: Database) -> None:
    with db.uow() as uow:
        users.add_user(uow, "olena", Role.WRITER)  # flushed: the row exists in the transaction
        assert uow.session.scalar(select(func.count(User.id))) == 1
    assert _logins(db) == []

    with pytest.raises(Boom), db.uow() as uow:
        users.add_user(uow, "taras", Role.WRITER)
        raise Boom

    with pytest.raises(Boom), db.uow() as uow:
        users.add_user(uow, "ivan", Role.REVIEWER)
        uow.flush()
        uow.commit()
        users.add_user(uow, "mariia", Role.REVIEWER)  # after the commit: a new transaction
        raise Boom
    assert _logins(db) == ["ivan"]

    with db.uow() as uow:
        users.add_user(uow, "nadiia", Role.EDITOR)
        uow.commit()
    assert _logins(db) == ["ivan", "nadiia"]


def test_a_unit_of_work_can_be_used_again_and_forgets_between_uses(db: Database) -> None:
    uow = db.uow()
    with uow:
        users.add_user(uow, "olena", Role.WRITER)
    with uow:
        assert uow.session.scalar(select(func.count(User.id))) == 0
        users.add_user(uow, "olena", Role.WRITER)
        uow.commit()
    assert _logins(db) == ["olena"]


def test_the_session_exists_only_inside_with(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{(tmp_path / 'n.sqlite3').as_posix()}")
    try:
        uow = db.uow()
        with pytest.raises(RuntimeError):
            _ = uow.session
        with pytest.raises(RuntimeError):
            uow.commit()
        with uow:
            assert uow.session is uow.session
        with pytest.raises(RuntimeError):
            _ = uow.session
        with pytest.raises(RuntimeError):
            uow.flush()
    finally:
        db.dispose()

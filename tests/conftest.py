"""Shared fixtures: real SQLite files, and real PostgreSQL when the CI provides it.

Every database test runs on both backends through the ``db`` fixture. PostgreSQL
cases are skipped, with the reason shown, only when NEWSROOM_TEST_PG_URL is
unset; .ci/run always sets it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from newsroom import i18n
from newsroom.domain.roles import Role
from newsroom.services import users
from newsroom.storage import migrate
from newsroom.storage.db import Database
from tests.support.file_keyring import FileKeyring

PG_ENV = "NEWSROOM_TEST_PG_URL"
PG_SKIP = f"{PG_ENV} is not set: PostgreSQL tests need a server (.ci/run starts one)"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test may read or write the real user's data folder or database."""
    path = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("NEWSROOM_DATA_DIR", str(path))
    monkeypatch.delenv("NEWSROOM_DB_URL", raising=False)
    monkeypatch.setenv("NEWSROOM_LANG", "en")
    # The OS keyring cannot run here: a file stands for it (tests/support).
    monkeypatch.setenv("NEWSROOM_TEST_KEYRING", str(path.parent / f"{path.name}-keyring.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.support.file_keyring.FileKeyring")
    keyring.set_keyring(FileKeyring())
    i18n.set_language("en")
    yield path
    i18n.set_language("en")


def _pg_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(PG_SKIP)
    return url


def _pg_driver(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


@pytest.fixture
def pg_database_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin_url = _pg_driver(_pg_url())
    name = f"newsroom_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL on each backend (the schema is not created yet)."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'newsroom.sqlite3').as_posix()}"
    return str(request.getfixturevalue("pg_database_url"))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated database on each backend."""
    database = Database(db_url)
    migrate.upgrade(database)
    yield database
    database.dispose()


@dataclass(frozen=True)
class People:
    """Ids of one user per role, plus a second writer and a second reviewer."""

    writer: int
    writer2: int
    reviewer: int
    reviewer2: int
    editor: int
    admin: int


@pytest.fixture
def people(db: Database) -> People:
    with db.uow() as uow:
        ids = {
            "writer": users.add_user(uow, "olena", Role.WRITER, "Олена Петренко",
                                     "Управління у справах преси та інформації").id,
            "writer2": users.add_user(uow, "taras", Role.WRITER, "Тарас Коваль").id,
            "reviewer": users.add_user(uow, "ivan", Role.REVIEWER, "Іван Мельник").id,
            "reviewer2": users.add_user(uow, "mariia", Role.REVIEWER, "Марія Бойко").id,
            "editor": users.add_user(uow, "nadiia", Role.EDITOR, "Надія Шевчук").id,
            "admin": users.add_user(uow, "admin", Role.ADMIN, "Адміністратор").id,
        }
        uow.commit()
    return People(**ids)

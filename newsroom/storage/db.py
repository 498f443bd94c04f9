"""The one place that builds engines and sessions.

Everything that touches the database — app, CLI, worker, tests — gets its
engine here, so SQLite always runs with WAL and foreign keys, and a bad URL is
reported the same way everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from newsroom.domain.errors import ValidationError
from newsroom.i18n import tr
from newsroom.storage.uow import UnitOfWork


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # NORMAL is crash-safe in WAL mode (a power cut may lose the last commit,
    # never corrupt the file) and several times faster than FULL for autosave.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str, echo: bool = False) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValidationError(tr("bad database URL '{url}': expected e.g. sqlite:///path/to/file "
                                 "or postgresql+psycopg://user@host/db", url=url)) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ValidationError(tr("unsupported database '{backend}': use SQLite or PostgreSQL",
                                 backend=backend))
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            raise ValidationError(tr("an in-memory SQLite database cannot be shared by the app's "
                                     "threads: give a file path"))
        folder = Path(database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValidationError(tr("cannot create the folder for {path}: {error}",
                                     path=database, error=exc.strerror or str(exc))) from None
    try:
        engine = create_engine(parsed, echo=echo, pool_pre_ping=backend == "postgresql")
    except (NoSuchModuleError, ImportError) as exc:
        raise ValidationError(tr("bad database URL '{url}': {error}", url=url,
                                 error=str(exc))) from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Database:
    """An engine with its session factory; hands out units of work."""

    def __init__(self, url: str, echo: bool = False) -> None:
        self.url = url
        self.engine = make_engine(url, echo=echo)
        self.sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)

    @staticmethod
    def sqlite_path(url: str) -> Path | None:
        """The file behind an SQLite URL (None for other backends or a bad URL)."""
        try:
            parsed = make_url(url)
        except ArgumentError:
            return None
        if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
            return None
        return Path(parsed.database).expanduser()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    def dispose(self) -> None:
        self.engine.dispose()

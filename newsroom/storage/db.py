"""The one place that builds engines and sessions.

Everything that touches the database — app, CLI, worker, tests — gets its
engine here, so SQLite always runs with WAL and foreign keys, and a bad URL is
reported the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from newsroom.domain.errors import ValidationError
from newsroom.i18n import tr
from newsroom.storage.uow import UnitOfWork
from newsroom.text.words import APOSTROPHES, CANONICAL_APOSTROPHE

# Cyrillic capitals and their small letters, for folding case in SQL where the
# database's own lower() may know only ASCII (a PostgreSQL database created
# with the plain "C" locale).
CYRILLIC_UPPER = "".join(chr(c) for c in range(0x0400, 0x0430)) + "Ґ"
CYRILLIC_LOWER = CYRILLIC_UPPER.lower()
UKRAINIAN_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
# Sort keys map the Ukrainian alphabet, in order, onto private-use characters:
# compared code point by code point (SQLite's BINARY, PostgreSQL's "C") they
# then sort «Ірпінь» before «Яготин» and «ґанок» after «гора», which neither
# backend does on its own for Cyrillic without a Ukrainian collation.
SORT_ALPHABET = "".join(chr(0xE000 + i) for i in range(len(UKRAINIAN_ALPHABET)))

_APOSTROPHES_TO_CANONICAL = str.maketrans({a: CANONICAL_APOSTROPHE for a in APOSTROPHES})
_SORT_TABLE = str.maketrans(UKRAINIAN_ALPHABET, SORT_ALPHABET, APOSTROPHES)


def search_fold(text: str) -> str:
    """Text as search compares it: case folded, every apostrophe written ’."""
    return text.casefold().translate(_APOSTROPHES_TO_CANONICAL)


def sort_key(text: str) -> str:
    """Text as lists sort it: case folded, Ukrainian alphabet order, no apostrophes."""
    return text.casefold().translate(_SORT_TABLE)


def _sqlite_text_function(fn: Callable[[str], str]) -> Callable[[object], str | None]:
    """A NULL-safe SQL wrapper: NULL in, NULL out; numbers as their text."""
    def wrapped(value: object) -> str | None:
        if value is None:
            return None
        return fn(value if isinstance(value, str) else str(value))
    return wrapped


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # SQLite's lower() and LIKE fold only ASCII: searching «ВОЛОНТЕР» must find
    # «волонтерські», so search and sorting use these deterministic functions.
    dbapi_conn.create_function("nr_fold", 1, _sqlite_text_function(search_fold),
                               deterministic=True)
    dbapi_conn.create_function("nr_sort_key", 1, _sqlite_text_function(sort_key),
                               deterministic=True)
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

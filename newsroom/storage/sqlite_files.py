"""What an SQLite file on disk is, found out without changing it.

Opening a file through the engine switches it to WAL and may create it; a
mistyped ``--db`` pointing at another program's database must be refused
before that, with the file left byte-for-byte as it was.
"""

from __future__ import annotations

import sqlite3
from enum import StrEnum
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"


class FileState(StrEnum):
    MISSING = "missing"
    EMPTY = "empty"            # a new or zero-length database: init may create our schema
    NEWSROOM = "newsroom"      # has our alembic_version table
    FOREIGN = "foreign"        # an SQLite database of some other program
    NOT_SQLITE = "not_sqlite"  # some other file altogether


def sqlite_file_state(path: Path) -> FileState:
    if not path.is_file():
        return FileState.MISSING
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_MAGIC))
    if not header:
        return FileState.EMPTY
    if header != SQLITE_MAGIC:
        return FileState.NOT_SQLITE
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return FileState.NOT_SQLITE
    if not tables:
        return FileState.EMPTY
    return FileState.NEWSROOM if "alembic_version" in tables else FileState.FOREIGN

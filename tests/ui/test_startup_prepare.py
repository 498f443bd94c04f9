"""Start-up's database half: Alembic only when the schema is behind, and then always."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.storage import migrate
from newsroom.storage.db import Database
from ui.startup import prepare


@pytest.mark.parametrize("start_at", [None, "0001", "0004"])
def test_a_database_behind_is_brought_to_the_head(tmp_path: Path, start_at: str | None) -> None:
    db = Database(f"sqlite:///{(tmp_path / 'x.sqlite3').as_posix()}")
    try:
        if start_at is not None:
            migrate.upgrade(db, start_at)
        assert migrate.current_revision(db) == start_at
        prepared = prepare(db, None)
        assert migrate.current_revision(db) == migrate.HEAD
        assert prepared.user is None and prepared.users == []
    finally:
        db.dispose()


def test_an_up_to_date_database_skips_alembic(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(f"sqlite:///{(tmp_path / 'x.sqlite3').as_posix()}")
    try:
        migrate.upgrade(db)
        calls: list[str] = []
        monkeypatch.setattr(migrate, "upgrade", lambda *_args: calls.append("upgrade"))
        prepare(db, None)
        prepare(db, None)
        assert calls == []
    finally:
        db.dispose()

"""Every row of every table of a SQLite file: "nothing changed" means this is equal."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def sqlite_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Rows in storage order, per table. The FTS5 search index and its shadow tables
    (one is WITHOUT ROWID) are left out: they are derived from article_search,
    which is compared."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'article\\_search\\_fts%' ESCAPE '\\' ORDER BY name")]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        con.close()

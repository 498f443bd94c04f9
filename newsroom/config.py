"""Where things live on this PC when nobody configured anything.

A fresh install must run with no set-up at all: the database is a SQLite file in
the user's data folder, created on first start. ``NEWSROOM_DB_URL`` or ``--db``
point an office at a shared PostgreSQL instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Newsroom"
APP_AUTHOR = "Newsroom"


def data_dir() -> Path:
    override = os.environ.get("NEWSROOM_DATA_DIR")
    path = Path(override) if override else Path(
        platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))
    return path


def default_db_url() -> str:
    return f"sqlite:///{(data_dir() / 'newsroom.sqlite3').as_posix()}"


def resolve_db_url(explicit: str | None = None) -> str:
    """``--db`` beats ``NEWSROOM_DB_URL`` beats the embedded default."""
    return explicit or os.environ.get("NEWSROOM_DB_URL") or default_db_url()


def resources_dir() -> Path:
    """The project's ``resources/`` folder (templates, translations).

    Run from a checkout or an editable install, as the README does; a frozen
    build sets ``NEWSROOM_RESOURCES`` to where it unpacked them.
    """
    override = os.environ.get("NEWSROOM_RESOURCES")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "resources"


def default_site_dir() -> Path:
    """The static site a fresh install publishes to, next to the database."""
    return data_dir() / "site"

"""Schema upgrades: Alembic owns the schema, this module drives it.

The app and ``init`` call :func:`upgrade` on every start, so a database made by
an older version is brought up to date in place, never recreated.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from newsroom.domain.errors import ValidationError
from newsroom.i18n import tr
from newsroom.storage.db import Database
from newsroom.storage.sqlite_files import FileState, sqlite_file_state

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration's id. Checked against Alembic's own answer by a test; kept
# here so a command on an up-to-date database never loads Alembic (cron start-up).
HEAD = "0006"


def _config(db: Database) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url)
    return cfg


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    cfg = _config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    cfg = _config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def head_revision() -> str | None:
    """Alembic's view of the newest migration (slow: parses every script)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def autogenerate(db: Database, message: str) -> None:
    """Write a new migration from the models (a developer tool, see docs/)."""
    from alembic import command

    cfg = _config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)


def check_target(url: str, create: bool) -> None:
    """Refuse, before anything connects, a file that is not a Newsroom database.

    Connecting would already change it (WAL mode) or create it; this only reads.
    """
    sqlite_path = Database.sqlite_path(url)
    if sqlite_path is not None:
        state = sqlite_file_state(sqlite_path)
        if state is FileState.NOT_SQLITE:
            raise ValidationError(tr("{path} is not an SQLite database", path=sqlite_path))
        if state is FileState.FOREIGN:
            raise ValidationError(tr("{path} is another program's SQLite database, not "
                                     "Newsroom's: it was left untouched", path=sqlite_path))
        if not create and state is FileState.MISSING:
            raise ValidationError(tr("no database file at {path}: check --db, or run init",
                                     path=sqlite_path))
        if not create and state is FileState.EMPTY:
            raise ValidationError(tr("the database at {url} is empty: run 'python -m newsroom "
                                     "--db {url} init' first", url=url))


def open_database(url: str, create: bool) -> Database:
    """Open a database for the app or a command, bringing its schema up to date.

    With ``create`` (the app, ``init``, the embedded default) an empty or missing
    database gets our schema; without it, only an existing Newsroom database is
    accepted. A file that belongs to another program is never touched.
    """
    check_target(url, create)
    db = Database(url)
    try:
        current = current_revision(db)
        if current is None and not create:
            raise ValidationError(tr("the database at {url} is empty: run 'python -m newsroom "
                                     "--db {url} init' first", url=url))
        if current != HEAD:
            upgrade(db)
    except BaseException:
        db.dispose()
        raise
    return db

"""A throw-away PostgreSQL database for one benchmark run.

Every benchmark with a PostgreSQL row takes the server from
NEWSROOM_BENCH_PG_URL (or NEWSROOM_TEST_PG_URL), makes a database of its own
there and drops it afterwards, even when the run fails.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from newsroom.storage.db import Database


@contextmanager
def scratch_pg(admin_url: str) -> Iterator[Database]:
    url = make_url(admin_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    name = f"newsroom_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database(url.set(database=name).render_as_string(hide_password=False))
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

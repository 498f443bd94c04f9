"""Alembic environment: always run through ``newsroom.storage.migrate``.

The connection comes from the caller (``config.attributes["connection"]``) so
migrations use the same engine set-up — pragmas included — as the app.
"""

from __future__ import annotations

from alembic import context

from newsroom.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through newsroom.storage.migrate, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

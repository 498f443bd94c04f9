"""list indexes: each filter of the article list reads its first page off an index

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 11:30:00

The list shows the newest changes first (``updated_at, id``). With a status,
section or author filter on 100,000 articles, a plain index on the filter
column made the database fetch every matching row and sort them (150 ms for
"published"); the filter column followed by the list's order hands over the
first page directly. The single-column status index is covered by the new one.
The newest published articles (what the public site's own "Читайте також"
shows) come off ``(status, published_at, id)`` the same way.
"""

from __future__ import annotations

from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_articles_status_updated_at_id": ["status", "updated_at", "id"],
    "ix_articles_section_updated_at_id": ["section_id", "updated_at", "id"],
    "ix_articles_author_updated_at_id": ["author_id", "updated_at", "id"],
    "ix_articles_status_published_at_id": ["status", "published_at", "id"],
}


def upgrade() -> None:
    op.drop_index("ix_articles_status", table_name="articles")
    for name, columns in _INDEXES.items():
        op.create_index(name, "articles", columns)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="articles")
    op.create_index("ix_articles_status", "articles", ["status"])

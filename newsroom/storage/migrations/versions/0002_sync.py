"""website sync: remote posts, uploaded media, term ids, pull cursors

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 08:10:00

Each site's post for an article moves from ``articles.remote_id`` and
``remote_modified`` (one site only) to ``remote_posts`` (one row per site).
The columns are dropped with SQLite's own ALTER TABLE DROP COLUMN, not a batch
table copy: copying ``articles`` would drop the old table, and with foreign
keys on, that deletes every revision, comment and link by cascade.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pull_cursors',
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('watermark', sa.String(length=40), nullable=True),
    sa.Column('run_after', sa.String(length=40), nullable=True),
    sa.Column('next_page', sa.Integer(), nullable=True),
    sa.Column('run_newest', sa.String(length=40), nullable=True),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_pull_cursors_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('site_id', name=op.f('pk_pull_cursors'))
    )
    op.create_table('remote_media',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('remote_id', sa.String(length=100), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_remote_media_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remote_media')),
    sa.UniqueConstraint('site_id', 'sha256', name=op.f('uq_remote_media_site_id'))
    )
    op.create_table('remote_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('taxonomy', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('remote_id', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_remote_terms_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remote_terms')),
    sa.UniqueConstraint('site_id', 'taxonomy', 'name', name=op.f('uq_remote_terms_site_id'))
    )
    op.create_table('remote_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('remote_id', sa.String(length=100), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('modified', sa.String(length=40), nullable=True),
    sa.Column('remote_status', sa.String(length=20), nullable=False),
    sa.Column('sent_revision', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_remote_posts_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_remote_posts_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remote_posts')),
    sa.UniqueConstraint('site_id', 'article_id', name=op.f('uq_remote_posts_site_id')),
    sa.UniqueConstraint('site_id', 'remote_id', name='uq_remote_posts_site_remote')
    )
    op.create_index(op.f('ix_remote_posts_article_id'), 'remote_posts', ['article_id'], unique=False)
    op.add_column('publish_jobs', sa.Column('overwrite', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.drop_column('articles', 'remote_id')
    op.drop_column('articles', 'remote_modified')


def downgrade() -> None:
    op.add_column('articles', sa.Column('remote_modified', sa.String(length=40), nullable=True))
    op.add_column('articles', sa.Column('remote_id', sa.String(length=100), nullable=True))
    op.drop_column('publish_jobs', 'overwrite')
    op.drop_index(op.f('ix_remote_posts_article_id'), table_name='remote_posts')
    op.drop_table('remote_posts')
    op.drop_table('remote_terms')
    op.drop_table('remote_media')
    op.drop_table('pull_cursors')

"""Alembic migrations against the models, and how the database is opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, MetaData, String, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import TypeDecorator

from newsroom.domain.errors import ValidationError
from newsroom.domain.roles import Role
from newsroom.services import articles, users
from newsroom.services.articles import Draft
from newsroom.storage import migrate
from newsroom.storage.db import Database
from newsroom.storage.models import NAMING, Article, Base, User
from newsroom.storage.types import UTCDateTime


def _compare_type(context: MigrationContext, inspected_column: Any, metadata_column: Column[Any],
                  inspected_type: Any, metadata_type: Any) -> bool | None:
    """Compare a TypeDecorator (UTCDateTime) by the type it stores, not by its class.

    Returning None lets Alembic's own comparison decide, which is what every
    other column gets.
    """
    if isinstance(metadata_type, TypeDecorator):
        impl = metadata_type.load_dialect_impl(context.dialect)
        return bool(context.impl.compare_type(
            inspected_column, Column(metadata_column.name, impl)))
    return None


# The search index's backend-specific parts, made by migration 0003 in raw SQL
# and deliberately not in the models: SQLite's FTS5 table with its shadow
# tables, PostgreSQL's generated tsvector column and its GIN index.
FTS_TABLES = {"article_search_fts", "article_search_fts_data", "article_search_fts_idx",
              "article_search_fts_docsize", "article_search_fts_config"}
PG_ONLY = {("column", "search_vector"), ("index", "ix_article_search_search_vector")}


def _not_search_index(obj: Any, name: str | None, type_: str, reflected: bool,
                      compare_to: Any) -> bool:
    if type_ == "table":
        return name not in FTS_TABLES
    return (type_, name) not in PG_ONLY


def _differences(db: Database, metadata: MetaData = Base.metadata) -> list[Any]:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": _compare_type, "include_object": _not_search_index})
        return list(compare_metadata(context, metadata))


def _app_tables(db: Database) -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"} - FTS_TABLES


def test_upgrade_downgrade_and_upgrade_again_leaves_the_schema_of_the_models(
        db_url: str) -> None:
    db = Database(db_url)
    try:
        assert migrate.current_revision(db) is None
        assert _app_tables(db) == set()

        migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision()
        assert _app_tables(db) == set(Base.metadata.tables)
        assert _differences(db) == []

        migrate.downgrade(db, "base")
        assert migrate.current_revision(db) is None
        assert _app_tables(db) == set()

        migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision()
        assert _differences(db) == []

        # The comparison is not blind: a model whose timestamp column became text,
        # or that gained a column, is reported against the same database.
        changed = MetaData(naming_convention=NAMING)
        for table in Base.metadata.sorted_tables:
            table.to_metadata(changed)
        changed.tables["articles"].c.published_at.type = String(40)
        changed.tables["remote_posts"].c.modified.type = UTCDateTime()  # stored as text
        changed.tables["sites"].append_column(Column("colour", String(20)))
        assert sorted(_describe(d) for d in _differences(db, changed)) == [
            "add_column sites.colour",
            "modify_type articles.published_at",
            "modify_type remote_posts.modified",
        ]
    finally:
        db.dispose()


def _describe(difference: Any) -> str:
    # Alembic reports a column change as a list of tuples, a new column as a tuple.
    if isinstance(difference, list):
        kind, _schema, table, column = difference[0][:4]
        return f"{kind} {table}.{column}"
    kind, _schema, table, column = difference
    return f"{kind} {table}.{column.name}"


def test_data_survives_a_second_upgrade(db: Database) -> None:
    with db.uow() as uow:
        writer = users.add_user(uow, "olena", Role.WRITER, "Олена Петренко")
        article = articles.create(uow, writer.id, Draft(title="Засідання колегії",
                                                        body="Текст.\n", tags=("освіта",)))
        uow.commit()

    migrate.upgrade(db)
    migrate.upgrade(db, "head")

    assert migrate.current_revision(db) == migrate.head_revision()
    with db.uow() as uow:
        again = articles.get(uow, article.id)
        assert uow.session.scalar(select(User.login).where(User.id == writer.id)) == "olena"
    assert (again.title, again.body, again.tags, again.version) == (
        "Засідання колегії", "Текст.\n", ("освіта",), article.version)


def test_sqlite_runs_with_wal_and_enforced_foreign_keys(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{(tmp_path / 'sub' / 'newsroom.sqlite3').as_posix()}")
    try:
        migrate.upgrade(db)
        with db.engine.connect() as conn:
            assert str(conn.execute(text("PRAGMA journal_mode")).scalar()).lower() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        with db.uow() as uow:
            uow.session.add(Article(title="Сирота", slug="syrota", author_id=12345))
            with pytest.raises(IntegrityError):
                uow.flush()
    finally:
        db.dispose()


@pytest.mark.parametrize("url", [
    "nosuchdb://x",
    "sqlite://",
    "sqlite:///:memory:",
    "garbage",
    "",
    "://nothing",
    "postgresql+nosuchdriver://postgres@127.0.0.1/test",
    "mysql://root@localhost/newsroom",
])
def test_a_bad_database_url_is_a_validation_error(url: str) -> None:
    with pytest.raises(ValidationError):
        Database(url)


def test_0002_keeps_every_article_revision_and_link(db_url: str) -> None:
    """0002 drops two article columns; on SQLite a table copy would have deleted
    every child row by cascade, so the drop must keep them all."""
    db = Database(db_url)
    try:
        migrate.upgrade(db, "0001")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO users (id, login, display_name, role, signature, active, created_at)"
                " VALUES (1, 'olena', 'Олена', 'writer', '', true, '2026-01-01 00:00:00+00')"))
            for n in (1, 2):
                conn.execute(text(
                    "INSERT INTO articles (id, uuid, title, slug, lead, body, signature, "
                    "author_id, status, created_at, updated_at, revision, version, remote_id, "
                    "remote_url) VALUES (:n, :u, 'Стаття', :s, '', 'Текст', '', 1, 'draft', "
                    "'2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00', 1, 1, '77', "
                    "'https://example.gov.ua/77')"), {"n": n, "u": f"uuid-{n}", "s": f"s-{n}"})
                conn.execute(text(
                    "INSERT INTO revisions (article_id, number, title, lead, body, saved_by_id, "
                    "saved_at) VALUES (:n, 1, 'Стаття', '', 'Текст', 1, "
                    "'2026-01-01 00:00:00+00')"), {"n": n})
            conn.execute(text("INSERT INTO related_links (article_id, related_id, position) "
                              "VALUES (1, 2, 0)"))
        migrate.upgrade(db)
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM revisions")).scalar() == 2
            assert conn.execute(text("SELECT count(*) FROM related_links")).scalar() == 1
            assert conn.execute(text("SELECT remote_url FROM articles WHERE id = 1")).scalar() \
                == "https://example.gov.ua/77"
        assert _differences(db) == []
    finally:
        db.dispose()

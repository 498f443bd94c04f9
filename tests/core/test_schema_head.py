"""The cached schema head matches Alembic's, so no command skips a migration."""

from newsroom.storage import migrate


def test_head_constant_matches_the_migration_scripts() -> None:
    assert migrate.head_revision() == migrate.HEAD

"""Migration stairway: every revision upgrades and downgrades cleanly on an empty database."""

import asyncio

import asyncpg
from alembic.script import ScriptDirectory

from infrastructure.migrations import alembic_config, downgrade, upgrade


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


async def _tables(url: str) -> set[str]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await connection.close()
    return {row["tablename"] for row in rows}


def test_every_revision_upgrades_and_downgrades(empty_database_url: str) -> None:
    revisions = _revisions()
    assert revisions, "no migrations found"
    previous = "base"
    for revision in revisions:
        upgrade(empty_database_url, revision)
        downgrade(empty_database_url, previous)
        upgrade(empty_database_url, revision)
        previous = revision
    assert "workers" in asyncio.run(_tables(empty_database_url))
    downgrade(empty_database_url, "base")
    assert asyncio.run(_tables(empty_database_url)) == {"alembic_version"}


def test_models_match_the_migrations(empty_database_url: str) -> None:
    """Autogenerate finds nothing to add: the ORM models and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from infrastructure.database.models import Base

    upgrade(empty_database_url)

    async def diff() -> list[object]:
        from infrastructure.database.postgres import create_engine as create_async

        async_engine = create_async(empty_database_url, pool_size=1)
        async with async_engine.connect() as connection:
            changes = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
        await async_engine.dispose()
        return list(changes)

    changes = asyncio.run(diff())
    # The PostgreSQL broker keeps its own table, created by taskiq, not by our migrations.
    assert [c for c in changes if "taskiq" not in str(c)] == []

"""Where the tests' PostgreSQL comes from: TEST_DATABASE_URL, else 127.0.0.1:5432 when reachable, else an
embedded one (pgserver) in a temporary directory. Each test session works in a fresh database."""

import asyncio
import os
import socket
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg

LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _with_database(url: str, name: str) -> str:
    base, _, query = url.partition("?")
    base = base.rsplit("/", 1)[0]
    return f"{base}/{name}" + (f"?{query}" if query else "")


async def _admin(url: str, sql: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def server_url(explicit_setting: str = "TEST_DATABASE_URL") -> Iterator[str]:
    """A URL of a PostgreSQL server's maintenance database (benchmarks name their own setting)."""
    explicit = os.environ.get(explicit_setting)
    if explicit:
        yield explicit
    elif _reachable("127.0.0.1", 5432):
        yield LOCAL_SERVER
    else:
        from infrastructure.database.embedded import start_embedded

        with tempfile.TemporaryDirectory(prefix="judge-test-pg-") as data:
            server = start_embedded(Path(data))
            try:
                yield server.get_uri()
            finally:
                server.cleanup()


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """Creates an empty database for the duration of the block, then drops it."""
    name = f"judge_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"'))
    try:
        yield _with_database(admin_url, name)
    finally:
        asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

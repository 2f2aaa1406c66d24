"""Migration 0013 (sources as bytes) keeps every stored source both ways, and refuses a downgrade that would
have to drop bytes JSON text cannot hold."""

import asyncio
import json
import uuid
from typing import Any

import asyncpg
import pytest

from infrastructure.migrations import downgrade, upgrade

FILES = [
    {"name": "main.cpp", "content": "// комментарий\nint main() {}\n"},
    {"name": "util.h", "content": "#pragma once\n"},
]


async def _run(url: str, *statements: tuple[str, tuple[Any, ...]]) -> list[list[asyncpg.Record]]:
    connection = await asyncpg.connect(url)
    try:
        # Rows without their problems: the foreign keys are not what this test is about.
        await connection.execute("SET session_replication_role = replica")
        return [await connection.fetch(sql, *args) for sql, args in statements]
    finally:
        await connection.close()


def _insert_at_0012(url: str, files: list[dict[str, str]]) -> tuple[uuid.UUID, uuid.UUID]:
    submission, jury = uuid.uuid4(), uuid.uuid4()
    asyncio.run(
        _run(
            url,
            (
                "INSERT INTO submissions (id, problem_id, language, files, status, attempt, created_at) "
                "VALUES ($1, $2, 'cpp', $3::jsonb, 'queued', 0, now())",
                (submission, uuid.uuid4(), json.dumps(files)),
            ),
            (
                "INSERT INTO jury_submissions (id, problem_id, path, language, files, expectation, role) "
                "VALUES ($1, $2, 'accepted/a', 'cpp', $3::jsonb, '{}'::jsonb, 'none')",
                (jury, uuid.uuid4(), json.dumps(files)),
            ),
        )
    )
    return submission, jury


def test_the_upgrade_turns_every_file_into_its_utf8_bytes_in_order(empty_database_url: str) -> None:
    url = empty_database_url
    upgrade(url, "0012")
    submission, jury = _insert_at_0012(url, FILES)
    _insert_at_0012(url, [])

    upgrade(url, "0013")

    rows = asyncio.run(
        _run(
            url,
            ("SELECT file_names, file_contents FROM submissions WHERE id = $1", (submission,)),
            ("SELECT file_names, file_contents FROM jury_submissions WHERE id = $1", (jury,)),
            ("SELECT count(*) AS n FROM submissions WHERE file_names = '{}' AND file_contents = '{}'", ()),
        )
    )
    for (row,) in rows[:2]:
        assert row["file_names"] == ["main.cpp", "util.h"]
        assert row["file_contents"] == [file["content"].encode() for file in FILES]
    assert rows[2][0]["n"] == 1

    downgrade(url, "0012")

    back = asyncio.run(
        _run(
            url,
            ("SELECT files FROM submissions WHERE id = $1", (submission,)),
            ("SELECT files FROM jury_submissions WHERE id = $1", (jury,)),
            ("SELECT files FROM submissions WHERE id <> $1", (submission,)),
        )
    )
    assert json.loads(back[0][0]["files"]) == FILES
    assert json.loads(back[1][0]["files"]) == FILES
    assert json.loads(back[2][0]["files"]) == []


@pytest.mark.parametrize("content", [b"int main() {}\0", "// \u043a\n".encode("cp1251")])
def test_a_downgrade_refuses_sources_json_text_cannot_hold_and_changes_nothing(
    empty_database_url: str, content: bytes
) -> None:
    url = empty_database_url
    upgrade(url, "0013")
    submission = uuid.uuid4()
    asyncio.run(
        _run(
            url,
            (
                "INSERT INTO submissions (id, problem_id, language, file_names, file_contents, status,"
                " attempt, created_at) VALUES ($1, $2, 'c', $3, $4, 'queued', 0, now())",
                (submission, uuid.uuid4(), ["main.c"], [content]),
            ),
        )
    )

    with pytest.raises(RuntimeError, match="not UTF-8 text without NUL"):
        downgrade(url, "0012")

    (rows,) = asyncio.run(_run(url, ("SELECT file_contents FROM submissions WHERE id = $1", (submission,))))
    assert rows[0]["file_contents"] == [content]
    (version,) = asyncio.run(_run(url, ("SELECT version_num FROM alembic_version", ())))
    assert version[0]["version_num"] == "0013"

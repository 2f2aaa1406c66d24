import uuid
from typing import Any

import asyncpg
import httpx

TABLES = (
    "problems",
    "problem_tests",
    "problem_files",
    "jury_submissions",
    "problem_verifications",
    "submissions",
)


async def row_counts(database_url: str) -> dict[str, int]:
    """Rows in every table an import writes: equal before and after a refused import."""
    connection = await asyncpg.connect(database_url)
    try:
        return {table: await connection.fetchval(f"SELECT count(*) FROM {table}") for table in TABLES}  # noqa: S608
    finally:
        await connection.close()


def slug() -> str:
    return f"pkg-{uuid.uuid4().hex[:10]}"


async def import_zip(
    client: httpx.AsyncClient, archive: bytes, *, headers: dict[str, str] | None = None, **params: Any
) -> httpx.Response:
    params.setdefault("slug", slug())
    return await client.post(
        "/problems/import",
        params={
            key: str(value).lower() if isinstance(value, bool) else value
            for key, value in params.items()
            if value is not None
        },
        files={"package": ("package.zip", archive, "application/zip")},
        headers=headers,
    )


async def imported(client: httpx.AsyncClient, archive: bytes, **params: Any) -> dict[str, Any]:
    response = await import_zip(client, archive, **params)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def new_key(client: httpx.AsyncClient, role: str) -> dict[str, str]:
    name = f"{role}-{uuid.uuid4().hex[:6]}"
    created = await client.post("/keys", json={"name": name, "role": role, "accountName": name})
    assert created.status_code == 201, created.text
    return {"Authorization": f"Bearer {created.json()['key']}"}

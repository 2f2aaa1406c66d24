import uuid
from typing import Any

import asyncpg
import httpx

from infrastructure.database.postgres import plain_url


async def sql_rows(database_url: str, query: str, *args: Any) -> list[asyncpg.Record]:
    """The rows of one query on a connection of its own (outside the service's sessions)."""
    connection = await asyncpg.connect(plain_url(database_url))
    try:
        return list(await connection.fetch(query, *args))
    finally:
        await connection.close()


async def create_problem(client: httpx.AsyncClient, **overrides: Any) -> str:
    body: dict[str, Any] = {
        "slug": f"p-{uuid.uuid4().hex[:12]}",
        "title": "A + B",
        "type": "pass-fail",
        "limits": {"timeMs": 1000, "memoryMb": 256},
        "checker": {"type": "tokens"},
    }
    body.update(overrides)
    response = await client.post("/api/v1/problems", json=body)
    assert response.status_code == 201, response.text
    problem_id: str = response.json()["id"]
    return problem_id


async def add_test(
    client: httpx.AsyncClient, problem_id: str, input_: str, answer: str, **extra: Any
) -> None:
    response = await client.post(
        f"/api/v1/problems/{problem_id}/tests", json={"input": input_, "answer": answer, **extra}
    )
    assert response.status_code == 201, response.text

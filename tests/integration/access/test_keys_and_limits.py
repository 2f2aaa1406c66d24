import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import asyncpg
import httpx
import pytest
from dishka import AsyncContainer

from infrastructure.config import Settings
from tests.bootstrap import api_client, bootstrap_container
from tests.fakes import FakeClock
from tests.integration.submissions.helpers import create_problem
from tests.processes import ROOT, service_env


async def _new_key(client: httpx.AsyncClient, role: str, name: str = "k") -> dict[str, Any]:
    response = await client.post("/api/v1/keys", json={"name": name, "role": role, "accountName": name})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def test_a_new_key_works_at_once_and_its_secret_is_shown_only_at_creation(
    client: httpx.AsyncClient, database_url: str
) -> None:
    created = await _new_key(client, "author", "alice")
    secret = created["key"]
    me = await client.get("/api/v1/me", headers=_bearer(secret))
    assert me.status_code == 200
    assert (me.json()["accountName"], me.json()["role"]) == ("alice", "author")
    listed = await client.get("/api/v1/keys")
    assert created["id"] in {key["id"] for key in listed.json()}
    assert secret not in listed.text
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch("SELECT * FROM api_keys WHERE id = $1", created["id"])
    finally:
        await connection.close()
    assert len(rows) == 1
    assert all(secret not in str(value) for value in rows[0].values()), "the secret is stored"


async def test_a_revoked_key_stops_working_on_the_next_request(client: httpx.AsyncClient) -> None:
    created = await _new_key(client, "user", "bob")
    headers = _bearer(created["key"])
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200
    assert (await client.delete(f"/api/v1/keys/{created['id']}", headers=headers)).status_code == 204
    after = await client.get("/api/v1/me", headers=headers)
    assert after.status_code == 401
    assert after.json()["message"] == "The API key has been revoked."


async def test_create_key_for_an_unknown_account_is_404_and_bad_requests_are_422(
    client: httpx.AsyncClient,
) -> None:
    unknown = await client.post(
        "/api/v1/keys",
        json={"name": "x", "role": "user", "accountId": "00000000-0000-4000-8000-00000000beef"},
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "account_not_found")
    both = await client.post(
        "/api/v1/keys",
        json={
            "name": "x",
            "role": "user",
            "accountName": "n",
            "accountId": "00000000-0000-4000-8000-000000000001",
        },
    )
    assert (both.status_code, both.json()["code"]) == (422, "invalid_key_request")


@pytest.fixture
async def limited(settings: Settings, clock: FakeClock) -> AsyncIterator[httpx.AsyncClient]:
    limits = {"rate_user_per_minute": 3, "rate_user_queued": 0}
    container: AsyncContainer = bootstrap_container(settings.model_copy(update=limits), clock)
    async with api_client(container) as client:
        yield client
    await container.close()


async def test_submissions_per_minute_limit_answers_429_with_retry_after_and_recovers(
    limited: httpx.AsyncClient, clock: FakeClock
) -> None:
    problem = await create_problem(limited, visibility="public")
    headers = _bearer((await _new_key(limited, "user", "carol"))["key"])
    body = {"problemId": problem, "language": "python3", "source": "print(1)"}
    for _ in range(3):
        clock.moment += timedelta(seconds=1)
        assert (await limited.post("/api/v1/submissions", json=body, headers=headers)).status_code == 201
    over = await limited.post("/api/v1/submissions", json=body, headers=headers)
    assert over.status_code == 429
    assert over.json()["code"] == "rate_limited"
    assert over.headers["retry-after"] == "58"  # the oldest of the three leaves the window in 58 s
    admin = await limited.post("/api/v1/submissions", json=body)
    assert admin.status_code == 201, "limits are per key and role: the admin key is not limited"

    clock.moment += timedelta(seconds=58)
    assert (await limited.post("/api/v1/submissions", json=body, headers=headers)).status_code == 201


async def test_queued_submissions_limit_applies_until_one_finishes(
    settings: Settings, clock: FakeClock, database_url: str
) -> None:
    container = bootstrap_container(settings.model_copy(update={"rate_user_queued": 2}), clock)
    async with api_client(container) as client:
        problem = await create_problem(client, visibility="public")
        headers = _bearer((await _new_key(client, "user", "dave"))["key"])
        body = {"problemId": problem, "language": "python3", "source": "print(1)"}
        first = await client.post("/api/v1/submissions", json=body, headers=headers)
        assert (await client.post("/api/v1/submissions", json=body, headers=headers)).status_code == 201
        over = await client.post("/api/v1/submissions", json=body, headers=headers)
        assert (over.status_code, over.headers["retry-after"]) == (429, "5")

        connection = await asyncpg.connect(database_url)
        try:
            await connection.execute(
                "UPDATE submissions SET status = 'finished' WHERE id = $1", first.json()["id"]
            )
        finally:
            await connection.close()
        assert (await client.post("/api/v1/submissions", json=body, headers=headers)).status_code == 201
    await container.close()


async def test_create_key_command_prints_a_working_key(database_url: str, client: httpx.AsyncClient) -> None:
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, str(ROOT / "__main__.py"), "create-key", "--role", "author", "--name", "ci"],
        cwd=ROOT,
        env=service_env(database_url=database_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    secret = result.stdout.strip()
    assert secret.startswith("jdg_")
    me = await client.get("/api/v1/me", headers=_bearer(secret))
    assert (me.status_code, me.json()["role"], me.json()["accountName"]) == (200, "author", "ci")

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from dishka import AsyncContainer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from application.workers.usecases import RecordHeartbeat, RecordHeartbeatInput
from domain.languages.entities import Language
from tests.fakes import FakeClock

GCC = Language(id="c", name="C (GCC, C17)", version="gcc 12.2.0", tools={"cc": "/usr/bin/gcc"})
PYTHON = Language(
    id="python3", name="Python 3", version="Python 3.11.2", tools={"python": "/usr/bin/python3"}
)
RUST = Language(id="rust", name="Rust", version="rustc 1.95.0", tools={"rustc": "/opt/rust/bin/rustc"})


_REGISTERED: list[uuid.UUID] = []


@pytest.fixture(autouse=True)
async def _forget_workers(container: AsyncContainer) -> AsyncIterator[None]:
    """The workers these tests register leave with them: a live worker offering only C would otherwise make
    the next tests' python3 submissions 422 `language_unavailable` (they share the database)."""
    yield
    async with container() as request:
        session = await request.get(AsyncSession)
        await session.execute(text("DELETE FROM workers WHERE id = ANY(:ids)"), {"ids": list(_REGISTERED)})
        await session.commit()
    _REGISTERED.clear()


async def _beat(container: AsyncContainer, worker_id: uuid.UUID, languages: list[Language]) -> None:
    _REGISTERED.append(worker_id)
    async with container() as request:
        record = await request.get(RecordHeartbeat)
        await record(
            RecordHeartbeatInput(
                worker_id=worker_id,
                hostname="judge-1",
                concurrency=2,
                languages=languages,
                started_at=datetime.now(UTC),
                isolated=True,
            )
        )


async def _ids(client: httpx.AsyncClient) -> set[str]:
    response = await client.get("/api/v1/languages")
    assert response.status_code == 200
    return {language["id"] for language in response.json()}


async def test_registered_worker_appears_with_its_languages(
    container: AsyncContainer, client: httpx.AsyncClient
) -> None:
    worker_id = uuid.uuid4()
    await _beat(container, worker_id, [GCC, PYTHON])

    languages = (await client.get("/api/v1/languages")).json()
    assert {"id": "c", "name": "C (GCC, C17)", "version": "gcc 12.2.0"} in languages
    assert {"c", "python3"} <= await _ids(client)
    assert all("tools" not in language for language in languages), "tool paths are internal"

    workers = {w["id"]: w for w in (await client.get("/api/v1/workers")).json()}
    mine = workers[str(worker_id)]
    assert mine["state"] == "online"
    assert mine["hostname"] == "judge-1"
    assert mine["concurrency"] == 2
    assert [lang["id"] for lang in mine["languages"]] == ["c", "python3"]


async def test_expired_heartbeat_marks_worker_offline_and_drops_its_languages(
    container: AsyncContainer, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    worker_id = uuid.uuid4()
    await _beat(container, worker_id, [RUST])
    assert "rust" in await _ids(client)

    clock.moment += timedelta(seconds=16)  # past WORKER_OFFLINE_AFTER_SECONDS=15

    assert "rust" not in await _ids(client)
    workers = {w["id"]: w for w in (await client.get("/api/v1/workers")).json()}
    assert workers[str(worker_id)]["state"] == "offline"
    assert workers[str(worker_id)]["secondsSinceHeartbeat"] >= 16

    await _beat(container, worker_id, [RUST])  # it comes back
    assert "rust" in await _ids(client)


async def test_unknown_route_answers_error_model(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not Found", "details": {}}


async def test_workers_silent_for_a_day_are_forgotten_at_the_next_heartbeat(
    container: AsyncContainer, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    old = uuid.uuid4()
    await _beat(container, old, [GCC])
    clock.moment += timedelta(days=1, seconds=1)
    await _beat(container, uuid.uuid4(), [GCC])
    ids = {w["id"] for w in (await client.get("/api/v1/workers")).json()}
    assert str(old) not in ids

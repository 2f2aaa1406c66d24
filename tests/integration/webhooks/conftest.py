import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from dishka import AsyncContainer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from application.messaging.integration import SUBMISSION_JUDGED, Audience, IntegrationEvent
from infrastructure.config import Settings
from infrastructure.webhooks import WebhookSink, run_deliveries
from tests.bootstrap import api_client, bootstrap_container


@dataclass
class Hooks:
    """The app (HTTP over ASGI), the sink the notifier would call, and a running delivery runner."""

    container: AsyncContainer
    client: httpx.AsyncClient
    sink: WebhookSink
    settings: Settings

    async def key(self, role: str) -> tuple[dict[str, str], str]:
        """A new account with a key of `role`: (headers, account id)."""
        name = f"{role}-{uuid.uuid4().hex[:8]}"
        created = await self.client.post(
            "/api/v1/keys", json={"name": name, "role": role, "accountName": name}
        )
        assert created.status_code == 201, created.text
        return {"Authorization": f"Bearer {created.json()['key']}"}, created.json()["accountId"]

    async def subscribe(
        self, headers: dict[str, str], url: str, types: list[str] | None = None, **extra: Any
    ) -> dict[str, Any]:
        created = await self.client.post(
            "/api/v1/webhooks",
            headers=headers,
            json={"url": url, "eventTypes": types or [SUBMISSION_JUDGED], **extra},
        )
        assert created.status_code == 201, created.text
        body: dict[str, Any] = created.json()
        return body

    async def deliveries(self, headers: dict[str, str], webhook_id: str) -> list[dict[str, Any]]:
        found = await self.client.get(f"/api/v1/webhooks/{webhook_id}/deliveries", headers=headers)
        assert found.status_code == 200, found.text
        rows: list[dict[str, Any]] = found.json()
        return rows

    async def wait_row(
        self,
        headers: dict[str, str],
        webhook_id: str,
        ready: Callable[[dict[str, Any]], bool],
        seconds: float = 15.0,
    ) -> dict[str, Any]:
        """The webhook's newest delivery once `ready` says so (polling the log, as a user would)."""
        async with asyncio.timeout(seconds):
            while True:
                rows = await self.deliveries(headers, webhook_id)
                if rows and ready(rows[0]):
                    return rows[0]
                await asyncio.sleep(0.05)

    async def wait_delivery(
        self, headers: dict[str, str], webhook_id: str, state: str, seconds: float = 15.0
    ) -> dict[str, Any]:
        return await self.wait_row(headers, webhook_id, lambda row: row["state"] == state, seconds)


def judged(
    account_id: str | uuid.UUID | None,
    *,
    problem_owner_id: str | uuid.UUID | None = None,
    problem_id: uuid.UUID | None = None,
    payload: dict[str, Any] | None = None,
    restricted: dict[str, Any] | None = None,
    type_: str = SUBMISSION_JUDGED,
) -> IntegrationEvent:
    def as_uuid(value: str | uuid.UUID | None) -> uuid.UUID | None:
        return uuid.UUID(str(value)) if value is not None else None

    return IntegrationEvent(
        id=uuid.uuid4(),
        type=type_,
        occurred_at=datetime.now(UTC),
        payload=payload or {"submissionId": str(uuid.uuid4()), "verdict": "accepted", "score": 1.0},
        audience=Audience(
            account_id=as_uuid(account_id),
            problem_id=problem_id or uuid.uuid4(),
            problem_owner_id=as_uuid(problem_owner_id),
        ),
        restricted=restricted or {},
    )


HooksFactory = Callable[..., AbstractAsyncContextManager[Hooks]]


async def _settle(container: AsyncContainer) -> None:
    """Ends what a test left pending, so the next test's runner does not keep trying dead receivers."""
    async with container() as request:
        session = await request.get(AsyncSession)
        await session.execute(text("UPDATE webhook_deliveries SET state = 'failed' WHERE state = 'pending'"))
        await session.commit()


@pytest.fixture
def hooks(settings: Settings) -> HooksFactory:
    """`async with hooks(run=True, **settings) as h`: private addresses allowed (receivers are on
    127.0.0.1), a fast retry schedule, the runner running unless run=False."""

    @asynccontextmanager
    async def make(*, run: bool = True, **overrides: Any) -> AsyncIterator[Hooks]:
        values = {
            "webhook_allow_private": True,
            "webhook_retry_schedule": "0.2,0.2,0.2",
            "webhook_timeout_seconds": 2.0,
            **overrides,
        }
        hook_settings = settings.model_copy(update=values)
        container = bootstrap_container(hook_settings)
        stop = asyncio.Event()
        task = asyncio.create_task(run_deliveries(container, stop)) if run else None
        try:
            async with api_client(container) as client:
                yield Hooks(container, client, await container.get(WebhookSink), hook_settings)
        finally:
            stop.set()
            if task is not None:
                await task
            await _settle(container)
            await container.close()

    return make

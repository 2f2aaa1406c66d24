"""A run's callback_url through the webhook machinery: `run.finished` becomes one signed delivery (Judge0's
PUT for a Judge0 run, the native run by POST), retried under the same webhook-id, never to a private address
unless WEBHOOK_ALLOW_PRIVATE."""

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from application.messaging.integration import RUN_FINISHED, Audience, IntegrationEvent
from tests.integration.webhooks.conftest import Hooks, HooksFactory
from tests.integration.webhooks.receiver import receiver


def finished(run_id: str, account_id: str) -> IntegrationEvent:
    """What the relay hands the notifier once a worker wrote the run's result."""
    return IntegrationEvent(
        id=uuid.uuid4(),
        type=RUN_FINISHED,
        occurred_at=datetime.now(UTC),
        payload={"runId": run_id, "status": "finished", "outcome": "ok", "verdict": None},
        audience=Audience(account_id=uuid.UUID(account_id)),
    )


async def _judge0_run(h: Hooks, key: dict[str, str], url: str) -> tuple[str, int]:
    token = key["Authorization"].removeprefix("Bearer ")
    response = await h.client.post(
        "/judge0/submissions",
        headers={"X-Auth-Token": token},
        json={"source_code": "print(1)", "language_id": 71, "callback_url": url},
    )
    return response.json().get("token", response.text), response.status_code


async def _delivery(h: Hooks, event_id: uuid.UUID, ready: Callable[[Any], bool]) -> Any:
    """The event's callback delivery row once `ready` says so (the runner records each try after it)."""
    async with asyncio.timeout(15), h.container() as request:
        session = await request.get(AsyncSession)
        while True:
            row = (
                await session.execute(
                    text(
                        "SELECT state, attempts, method, last_status, last_error FROM webhook_deliveries "
                        "WHERE event_id = :id"
                    ),
                    {"id": event_id},
                )
            ).one_or_none()
            await session.rollback()
            if row is not None and ready(row):
                return row
            await asyncio.sleep(0.05)


async def _secret(h: Hooks, key: dict[str, str]) -> str:
    found = await h.client.get("/api/v1/webhooks/callback-secret", headers=key)
    assert found.status_code == 200, found.text
    secret: str = found.json()["secret"]
    return secret


async def test_a_judge0_run_is_put_to_its_callback_signed_and_retried_under_one_id(
    hooks: HooksFactory,
) -> None:
    async with hooks() as h, receiver(answers=[(500, {}, 0.0)]) as target:
        key, account = await h.key("user")
        token, status = await _judge0_run(h, key, target.url)
        assert status == 201, token
        target.secrets = [await _secret(h, key)]
        event = finished(token, account)
        await h.sink.handle(event)
        await h.sink.handle(event)  # handed over twice (at least once): still one delivery
        first, second = await target.wait_for(2)
        assert first.method == second.method == "PUT"
        assert first.webhook_id == second.webhook_id == str(event.id)
        assert first.body == second.body
        for item in (first, second):
            assert item.verified is not None, "the callback did not verify with the account's callback secret"
        body: dict[str, Any] = second.verified or {}
        assert body["token"] == token
        assert set(body) == {
            "token",
            "time",
            "memory",
            "stdout",
            "stderr",
            "compile_output",
            "message",
            "status",
        }
        row = await _delivery(h, event.id, lambda r: r.state != "pending")
        assert (row.state, row.attempts, row.method, row.last_status) == ("delivered", 2, "PUT", 200)


async def test_a_native_run_is_posted_with_the_native_body(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as target:
        key, account = await h.key("user")
        created = await h.client.post(
            "/api/v1/runs",
            headers=key,
            json={"language": "python3", "source": "print(1)", "callbackUrl": target.url},
        )
        assert created.status_code == 201, created.text
        run_id = created.json()["id"]
        target.secrets = [await _secret(h, key)]
        await h.sink.handle(finished(run_id, account))
        [item] = await target.wait_for(1)
        assert item.method == "POST"
        assert item.verified is not None
        assert item.verified["type"] == RUN_FINISHED
        assert item.verified["data"]["id"] == run_id
        assert item.verified["data"]["language"] == "python3"


async def test_a_run_without_callback_and_another_accounts_secret(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as target:
        key, account = await h.key("user")
        other, _ = await h.key("user")
        plain = await h.client.post("/api/v1/runs", headers=key, json={"language": "python3", "source": "1"})
        silent = finished(plain.json()["id"], account)
        await h.sink.handle(silent)
        async with h.container() as request:
            session = await request.get(AsyncSession)
            count = await session.scalar(
                text("SELECT count(*) FROM webhook_deliveries WHERE event_id = :id"), {"id": silent.id}
            )
        assert count == 0
        token, _ = await _judge0_run(h, key, target.url)
        target.secrets = [await _secret(h, other)]
        await h.sink.handle(finished(token, account))
        [item] = await target.wait_for(1)
        assert item.verified is None  # signed with the creator's secret, not another account's
        target.verify(item, await _secret(h, key))


async def test_a_callback_to_loopback_is_refused_unless_private_addresses_are_allowed(
    hooks: HooksFactory,
) -> None:
    async with receiver() as target:
        async with hooks(webhook_allow_private=False) as h:
            key, _ = await h.key("user")
            _, status = await _judge0_run(h, key, target.url)
            assert status == 422
            judge0 = await h.client.post(
                "/judge0/submissions",
                headers={"X-Auth-Token": key["Authorization"].removeprefix("Bearer ")},
                json={"source_code": "1", "language_id": 71, "callback_url": "http://127.0.0.1:9/"},
            )
            assert list(judge0.json()) == ["callback_url"], judge0.text
            assert "127.0.0.1" in judge0.json()["callback_url"][0]
            native = await h.client.post(
                "/api/v1/runs",
                headers=key,
                json={"language": "python3", "source": "1", "callbackUrl": "http://localhost:9/x"},
            )
            assert native.status_code == 422, native.text
            assert native.json()["details"]["field"] == "callback_url"
        # Allowed when the run was made, refused when it is delivered (the guard checks every try).
        async with hooks(webhook_allow_private=True, run=False) as maker:
            key, account = await maker.key("user")
            token, status = await _judge0_run(maker, key, target.url)
            assert status == 201
        async with hooks(webhook_allow_private=False) as h:
            event = finished(token, account)
            await h.sink.handle(event)
            row = await _delivery(h, event.id, lambda r: r.attempts >= 1 and r.last_error is not None)
            assert "refused" in row.last_error
            assert "127.0.0.1" in row.last_error
        assert target.received == []


async def test_the_creators_webhook_hears_run_finished_and_no_one_elses(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as mine, receiver() as theirs:
        key, account = await h.key("user")
        other, _ = await h.key("user")
        subscribed = await h.subscribe(key, mine.url, [RUN_FINISHED])
        their_hook = await h.subscribe(other, theirs.url, [RUN_FINISHED])
        mine.secrets = [subscribed["secret"]]
        created = await h.client.post(
            "/api/v1/runs", headers=key, json={"language": "python3", "source": "1"}
        )
        event = finished(created.json()["id"], account)
        await h.sink.handle(event)
        [item] = await mine.wait_for(1)
        assert item.method == "POST"
        assert item.verified is not None
        assert item.verified["type"] == RUN_FINISHED
        assert item.verified["data"]["runId"] == created.json()["id"]
        await h.wait_delivery(key, subscribed["id"], "delivered")
        assert await h.deliveries(other, their_hook["id"]) == []  # made in the same step as mine: none
        assert theirs.received == []

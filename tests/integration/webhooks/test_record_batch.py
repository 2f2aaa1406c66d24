"""Tries recorded in one batch (RecordAttempts, one transaction) against the real database: each delivery
gets its own outcome, each endpoint's health follows its tries in order, a stale try is not recorded, and
deliveries handed to the runner by the sink are stored claimed."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from application.webhooks.usecases import (
    AttemptMade,
    ClaimDeliveries,
    ClaimDeliveriesInput,
    EnqueueDeliveries,
    EnqueueDeliveriesInput,
    RecordAttempts,
    RecordAttemptsInput,
)
from domain.webhooks.entities import AttemptResult, ClaimedDelivery
from tests.integration.webhooks.conftest import Hooks, HooksFactory, judged

LEASE = timedelta(seconds=30)


async def _claim_all(h: Hooks) -> list[ClaimedDelivery]:
    async with h.container() as request:
        claim = await request.get(ClaimDeliveries)
        return list(await claim(ClaimDeliveriesInput(limit=100, lease=LEASE)))


async def _record(h: Hooks, made: list[AttemptMade]) -> None:
    async with h.container() as request:
        record = await request.get(RecordAttempts)
        await record(RecordAttemptsInput(attempts=made))


async def _webhook(h: Hooks, headers: dict[str, str], hook: dict[str, Any]) -> dict[str, Any]:
    found = await h.client.get(f"/api/v1/webhooks/{hook['id']}", headers=headers)
    assert found.status_code == 200, found.text
    body: dict[str, Any] = found.json()
    return body


def _status(status: int) -> AttemptResult:
    return AttemptResult(status=status, error=None if status < 300 else f"HTTP {status}")


async def test_one_batch_records_each_try_and_each_endpoints_health_in_order(hooks: HooksFactory) -> None:
    async with hooks(run=False) as h:
        headers, account = await h.key("user")
        # Ports nobody listens on: nothing is sent here, the tries' outcomes are the test's.
        recovers, relapses, gone = [
            await h.subscribe(headers, f"http://127.0.0.1:9/{name}") for name in ("a", "b", "c")
        ]
        zero, first, second = judged(account), judged(account), judged(account)
        for event in (zero, first, second):
            await h.sink.handle(event)
        mine = {uuid.UUID(hook["id"]) for hook in (recovers, relapses, gone)}
        # (Webhooks of admins left by other tests of this database hear these events too: not counted.)
        claimed = {
            (c.delivery.endpoint_id, c.delivery.event_id): c.delivery
            for c in await _claim_all(h)
            if c.delivery.endpoint_id in mine
        }
        assert len(claimed) == 9

        def tried(hook: dict[str, Any], event_id: uuid.UUID, status: int) -> AttemptMade:
            delivery = claimed[(uuid.UUID(hook["id"]), event_id)]
            return AttemptMade(delivery=delivery, result=_status(status))

        await _record(h, [tried(relapses, zero.id, 500)])  # an earlier failing streak
        earlier = (await _webhook(h, headers, relapses))["failingSince"]
        assert earlier is not None
        await _record(
            h,
            [
                tried(recovers, first.id, 500),  # fails, then succeeds: healthy again
                tried(recovers, second.id, 200),
                tried(relapses, first.id, 200),  # succeeds, then fails: a new failing streak
                tried(relapses, second.id, 503),
                tried(gone, first.id, 410),  # 410 disables it, whatever follows
                tried(gone, second.id, 200),
            ],
        )
        a, b, c = [await _webhook(h, headers, hook) for hook in (recovers, relapses, gone)]
        assert (a["enabled"], a["failingSince"]) == (True, None)
        assert b["enabled"] is True
        assert b["failingSince"] is not None
        assert datetime.fromisoformat(b["failingSince"]) > datetime.fromisoformat(earlier)  # a new streak
        assert c["enabled"] is False
        assert "410" in c["disabledReason"]
        assert c["failingSince"] is None

        rows = {row["eventId"]: row for row in await h.deliveries(headers, relapses["id"])}
        assert (rows[str(first.id)]["state"], rows[str(first.id)]["lastStatus"]) == ("delivered", 200)
        assert (rows[str(second.id)]["state"], rows[str(second.id)]["lastStatus"]) == ("pending", 503)
        assert rows[str(second.id)]["attempts"] == 1

        # A try whose delivery was taken again since (its attempts moved on) is not recorded.
        stale = claimed[(uuid.UUID(relapses["id"]), second.id)]
        stale.attempts = 0
        await _record(h, [AttemptMade(delivery=stale, result=_status(200))])
        rows = {row["eventId"]: row for row in await h.deliveries(headers, relapses["id"])}
        assert (rows[str(second.id)]["state"], rows[str(second.id)]["lastStatus"]) == ("pending", 503)


async def test_deliveries_taken_at_enqueue_are_stored_claimed_and_the_rest_left_due(
    hooks: HooksFactory,
) -> None:
    async with hooks(run=False) as h:
        headers, account = await h.key("user")
        for name in ("a", "b", "c"):
            await h.subscribe(headers, f"http://127.0.0.1:9/{name}")
        event = judged(account)
        async with h.container() as request:
            enqueue = await request.get(EnqueueDeliveries)
            made = await enqueue(EnqueueDeliveriesInput(events=[event], take=2, lease=LEASE))
        # (Webhooks of admins left by other tests of this database hear the event too: at least our 3.)
        assert made.created >= 3
        assert [item.delivery.attempts for item in made.taken] == [1, 1]
        assert all(item.secrets for item in made.taken)
        # The two taken are leased: a claim now finds only the others.
        claimed = [c for c in await _claim_all(h) if c.delivery.event_id == event.id]
        assert len(claimed) == made.created - 2
        assert {c.delivery.id for c in claimed}.isdisjoint({item.delivery.id for item in made.taken})
        # Handed over again (a notifier redelivering the event): nothing new, nothing taken.
        async with h.container() as request:
            enqueue = await request.get(EnqueueDeliveries)
            again = await enqueue(EnqueueDeliveriesInput(events=[event], take=3, lease=LEASE))
        assert (again.created, again.taken) == (0, [])


async def test_a_batch_makes_one_delivery_per_event_and_endpoint_and_none_when_handed_over_again(
    hooks: HooksFactory,
) -> None:
    async with hooks(run=False) as h:
        headers, account = await h.key("user")
        hooks_made = [await h.subscribe(headers, f"http://127.0.0.1:9/{name}") for name in ("a", "b")]
        events = [judged(account) for _ in range(3)]
        await h.sink.handle_many(events)
        await h.sink.handle_many([events[1], *events])  # the batch redelivered, an event twice in it
        for hook in hooks_made:
            rows = await h.deliveries(headers, hook["id"])
            assert sorted(row["eventId"] for row in rows) == sorted(str(event.id) for event in events)

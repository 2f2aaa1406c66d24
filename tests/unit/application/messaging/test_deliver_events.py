"""DeliverEvents with hand-written fakes: batches, duplicates, redeliveries and a failing sink."""

import uuid
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from uuid import UUID

import pytest

from application.messaging.delivery import NOTIFIER, EventSinks, ProcessedEvents
from application.messaging.integration import EventSink, IntegrationEvent
from application.messaging.usecases import DeliverEvents
from application.messaging.usecases.deliver_events import sink_name
from application.transactions import TransactionManager


class FakeLedger(ProcessedEvents, TransactionManager):
    """processed_events and its transaction: marks count only once committed; counts its reads."""

    def __init__(self) -> None:
        self.committed: set[tuple[UUID, str]] = set()
        self.staged: set[tuple[UUID, str]] = set()
        self.reads = 0

    async def seen(self, event_id: UUID, consumer: str) -> bool:
        self.reads += 1
        return (event_id, consumer) in self.committed

    async def mark(self, event_id: UUID, consumer: str) -> None:
        self.staged.add((event_id, consumer))

    async def seen_by(self, event_ids: Collection[UUID], consumers: Collection[str]) -> set[tuple[UUID, str]]:
        self.reads += 1
        return {(i, c) for i, c in self.committed if i in event_ids and c in consumers}

    async def mark_many(self, marks: Sequence[tuple[UUID, str]]) -> None:
        self.staged.update(marks)

    async def commit(self) -> None:
        self.committed |= self.staged
        self.staged.clear()

    async def rollback(self) -> None:
        self.staged.clear()


class Recording(EventSink):
    def __init__(self) -> None:
        self.received: list[UUID] = []
        self.batches = 0

    async def handle(self, event: IntegrationEvent) -> None:
        self.received.append(event.id)

    async def handle_many(self, events: Sequence[IntegrationEvent]) -> None:
        self.batches += 1
        await super().handle_many(events)


class After(Recording):
    """A second recording sink (sinks are told apart by their type)."""


class Flaky(EventSink):
    """Fails at the second event of its first batch, having taken the first (a partial batch)."""

    def __init__(self) -> None:
        self.received: list[UUID] = []
        self.failures_left = 1

    async def handle(self, event: IntegrationEvent) -> None:
        if self.failures_left and self.received:
            self.failures_left -= 1
            raise RuntimeError("the sink is down")
        if event.id not in self.received:  # idempotent by event id, as sinks must be
            self.received.append(event.id)


def _events(count: int) -> list[IntegrationEvent]:
    now = datetime.now(UTC)
    return [
        IntegrationEvent(id=uuid.uuid4(), type="submission.test_judged", occurred_at=now, payload={})
        for _ in range(count)
    ]


def _deliver(ledger: FakeLedger, *sinks: EventSink) -> DeliverEvents:
    return DeliverEvents(sinks=EventSinks(sinks), processed=ledger, tx=ledger)


async def test_a_batch_reaches_each_sink_once_in_order_with_one_read() -> None:
    ledger, sink = FakeLedger(), Recording()
    events = _events(5)
    result = await _deliver(ledger, sink)(events)
    assert sink.received == [event.id for event in events]
    assert sink.batches == 1
    assert ledger.reads == 1
    assert result.delivered == 5
    assert {(event.id, NOTIFIER) for event in events} <= ledger.committed


async def test_an_id_twice_in_a_batch_reaches_the_sink_once() -> None:
    ledger, sink = FakeLedger(), Recording()
    first, second = _events(2)
    result = await _deliver(ledger, sink)([first, second, first])
    assert sink.received == [first.id, second.id]
    assert (result.delivered, result.duplicates) == (2, 1)


async def test_a_batch_redelivered_reaches_no_sink_again() -> None:
    ledger, sink = FakeLedger(), Recording()
    events = _events(3)
    deliver = _deliver(ledger, sink)
    await deliver(events)
    again = await deliver([*events, *_events(1)])  # partly new: only the new one goes out
    assert len(sink.received) == 4
    assert (again.delivered, again.duplicates) == (1, 3)


async def test_a_sink_failing_mid_batch_gets_the_batch_again_and_the_others_are_not_asked_again() -> None:
    ledger, before, flaky, after = FakeLedger(), Recording(), Flaky(), After()
    events = _events(3)
    deliver = _deliver(ledger, before, flaky, after)
    with pytest.raises(RuntimeError):
        await deliver(events)
    assert before.received == [event.id for event in events]
    assert after.received == []
    assert not any((event.id, NOTIFIER) in ledger.committed for event in events)
    assert not any((event.id, sink_name(flaky)) in ledger.committed for event in events)

    result = await deliver(events)  # the relay publishes the batch again
    ids = [event.id for event in events]
    assert (before.received, flaky.received, after.received) == (ids, ids, ids)
    assert result.delivered == 3
    assert {(event.id, NOTIFIER) for event in events} <= ledger.committed


async def test_an_empty_batch_touches_nothing() -> None:
    ledger, sink = FakeLedger(), Recording()
    result = await _deliver(ledger, sink)([])
    assert (result.delivered, result.duplicates, sink.batches, ledger.committed) == (0, 0, 0, set())


class LeavesAWrite(EventSink):
    """Writes into the shared transaction without committing, then fails."""

    def __init__(self, ledger: FakeLedger) -> None:
        self.ledger = ledger

    async def handle(self, event: IntegrationEvent) -> None:
        self.ledger.staged.add((event.id, "half-written by the failing sink"))
        raise RuntimeError("the sink is down")


async def test_what_a_failing_sink_left_uncommitted_is_not_committed_with_the_marks() -> None:
    ledger, before = FakeLedger(), Recording()
    events = _events(2)
    with pytest.raises(RuntimeError):
        await _deliver(ledger, before, LeavesAWrite(ledger))(events)
    assert {(event.id, sink_name(before)) for event in events} <= ledger.committed
    assert not any(consumer == "half-written by the failing sink" for _, consumer in ledger.committed)

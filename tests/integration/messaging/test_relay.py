"""The relay and the notifier against the real brokers: PostgreSQL always, RabbitMQ and Redis when they run
here (skipped with the reason otherwise). Every committed event reaches an idempotent consumer exactly once,
also when the relay publishes it twice, when the relay is killed mid-batch or when publishing fails."""

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from dishka import AsyncContainer
from sqlalchemy.ext.asyncio import AsyncEngine
from taskiq import AsyncBroker, BrokerMessage
from taskiq.exceptions import SendTaskError
from taskiq.kicker import AsyncKicker

from application.messaging.events import EventRecorder
from application.messaging.integration import SUBMISSION_REJUDGED, IntegrationEvent
from application.transactions import TransactionManager
from domain.submissions.entities import Submission
from domain.submissions.events import SubmissionRejudged
from domain.submissions.repositories import SubmissionSaver
from infrastructure.config import Settings
from infrastructure.messaging.broker import DELIVER_BATCH_TASK, DELIVER_TASK, EventsBrokerStarter
from infrastructure.messaging.codec import dump_event
from infrastructure.messaging.relay import OutboxRelay
from infrastructure.messaging.runtime import EventRoles
from tests.bootstrap import bootstrap_container
from tests.fakes import FakeClock
from tests.integration.messaging.helpers import RecordingSink, SinkProvider, eventually, outbox_rows

RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"
REDIS_URL = "redis://127.0.0.1:6379/0"


def _reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


BROKERS = [
    pytest.param(None, id="postgres"),
    pytest.param(
        RABBITMQ_URL,
        id="rabbitmq",
        marks=pytest.mark.skipif(not _reachable(5672), reason="no RabbitMQ on 127.0.0.1:5672"),
    ),
    pytest.param(
        REDIS_URL,
        id="redis",
        marks=pytest.mark.skipif(not _reachable(6379), reason="no Redis on 127.0.0.1:6379"),
    ),
]


@pytest.fixture(params=BROKERS)
def broker_url(request: pytest.FixtureRequest) -> str | None:
    url: str | None = request.param
    return url


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
async def events_container(
    settings: Settings, clock: FakeClock, sink: RecordingSink, broker_url: str | None
) -> AsyncIterator[AsyncContainer]:
    container = bootstrap_container(
        settings.model_copy(update={"broker_url": broker_url}), clock, SinkProvider(sink)
    )
    yield container
    await container.close()


async def _problem(database_url: str) -> uuid.UUID:
    problem_id = uuid.uuid4()
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(
            "INSERT INTO problems (id, slug, title, statement, statement_format, type, limits, checker, "
            "groups, test_count, visibility, created_at, updated_at) VALUES ($1, $2, 't', '', 'markdown', "
            "'pass-fail', '{\"time_ms\": 1000, \"memory_mb\": 256}', '{\"type\": \"tokens\"}', '[]', 0, "
            "'public', now(), now())",
            problem_id,
            f"relay-{problem_id.hex[:12]}",
        )
    finally:
        await connection.close()
    return problem_id


async def _events(container: AsyncContainer, database_url: str, clock: FakeClock, count: int) -> str:
    """A submission with `count` committed `submission.rejudged` events; returns its id."""
    submission = Submission(
        id=uuid.uuid4(),
        problem_id=await _problem(database_url),
        language="python3",
        files=[],
        created_at=clock.now(),
    )
    async with container() as request:
        await (await request.get(SubmissionSaver)).add(submission)
        recorder = await request.get(EventRecorder)
        for _ in range(count):
            recorder.record(SubmissionRejudged(submission_id=submission.id))
        await (await request.get(TransactionManager)).commit()
    return str(submission.id)


@pytest.fixture
async def notifier(events_container: AsyncContainer) -> AsyncIterator[EventRoles]:
    roles = EventRoles(events_container, frozenset({"notifier"}))
    await roles.start()
    await (await events_container.get(EventsBrokerStarter)).ensure_started()
    yield roles
    await roles.stop()


async def test_each_committed_event_reaches_the_sink_once_even_when_published_twice(
    events_container: AsyncContainer,
    notifier: EventRoles,
    sink: RecordingSink,
    database_url: str,
    clock: FakeClock,
) -> None:
    subject = await _events(events_container, database_url, clock, 3)
    relay = await events_container.get(OutboxRelay)
    await relay.drain()
    await eventually(lambda: len(sink.about(subject)) == 3)
    rows = await outbox_rows(database_url, subject)
    assert all(row["published_at"] is not None for row in rows)
    assert sorted(str(event.id) for event in sink.about(subject)) == sorted(str(row["id"]) for row in rows)

    await _unpublish(database_url, subject)  # the relay publishes them again (at least once)
    await relay.drain()
    marker = await _events(events_container, database_url, clock, 1)  # consumed after the duplicates
    await relay.drain()
    await eventually(lambda: len(sink.about(marker)) == 1)
    assert len(sink.about(subject)) == 3


async def test_a_relay_killed_mid_batch_loses_nothing(
    events_container: AsyncContainer,
    settings: Settings,
    notifier: EventRoles,
    sink: RecordingSink,
    database_url: str,
    clock: FakeClock,
) -> None:
    subject = await _events(events_container, database_url, clock, 4)
    starter = await events_container.get(EventsBrokerStarter)
    broker = starter.broker
    stuck = asyncio.Event()
    real_kick = broker.kick
    sent = 0

    async def kick_then_hang(message: BrokerMessage) -> None:
        nonlocal sent
        if sent >= 2:
            stuck.set()
            await asyncio.Event().wait()  # the relay's process dies here
        sent += 1
        await real_kick(message)

    broker.kick = kick_then_hang  # type: ignore[method-assign]
    relay = await _relay(events_container, settings, database_url, per_message=1)  # 4 messages
    publishing = asyncio.create_task(relay.drain())
    await asyncio.wait_for(stuck.wait(), 20)
    publishing.cancel()  # killed mid-batch: its transaction never commits
    with pytest.raises(asyncio.CancelledError):
        await publishing
    broker.kick = real_kick  # type: ignore[method-assign]
    rows = await outbox_rows(database_url, subject)
    assert [row["published_at"] for row in rows] == [None] * 4

    await relay.drain()  # the restarted relay
    await eventually(lambda: len(sink.about(subject)) == 4)
    marker = await _events(events_container, database_url, clock, 1)
    await relay.drain()
    await eventually(lambda: len(sink.about(marker)) == 1)
    assert len({event.id for event in sink.about(subject)}) == len(sink.about(subject)) == 4


async def test_publishing_that_fails_leaves_the_events_for_later(
    events_container: AsyncContainer,
    notifier: EventRoles,
    sink: RecordingSink,
    database_url: str,
    clock: FakeClock,
) -> None:
    subject = await _events(events_container, database_url, clock, 2)
    broker: AsyncBroker = (await events_container.get(EventsBrokerStarter)).broker
    real_kick = broker.kick

    async def broker_down(message: BrokerMessage) -> None:
        raise ConnectionError("the broker is down")

    broker.kick = broker_down  # type: ignore[method-assign]
    relay = await events_container.get(OutboxRelay)
    with pytest.raises(SendTaskError):
        await relay.drain()
    rows = await outbox_rows(database_url, subject)
    assert [row["published_at"] for row in rows] == [None, None]

    broker.kick = real_kick  # type: ignore[method-assign]
    await relay.drain()
    await eventually(lambda: len(sink.about(subject)) == 2)


async def test_a_failing_sink_gets_the_event_again_and_the_others_only_once(
    events_container: AsyncContainer,
    notifier: EventRoles,
    sink: RecordingSink,
    database_url: str,
    clock: FakeClock,
) -> None:
    sink.failures_left = 1
    subject = await _events(events_container, database_url, clock, 3)  # one batch, one message
    relay = await events_container.get(OutboxRelay)
    await relay.drain()
    await eventually(lambda: sink.failures_left == 0)
    assert sink.about(subject) == []
    # Not processed: the redelivery sweep publishes the batch again (here: made due at once).
    await _age_published(database_url, subject)
    assert await relay.redeliver_unprocessed() >= 3
    await relay.drain()
    await eventually(lambda: len(sink.about(subject)) == 3)
    marker = await _events(events_container, database_url, clock, 1)
    await relay.drain()
    await eventually(lambda: len(sink.about(marker)) == 1)
    rows = await outbox_rows(database_url, subject)
    assert [str(event.id) for event in sink.about(subject)] == [str(row["id"]) for row in rows]


async def _unpublish(database_url: str, subject: str) -> None:
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(
            "UPDATE outbox SET published_at = NULL WHERE payload->>'submissionId' = $1", subject
        )
    finally:
        await connection.close()


async def _age_published(database_url: str, subject: str) -> None:
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(
            "UPDATE outbox SET published_at = $2 WHERE payload->>'submissionId' = $1",
            subject,
            datetime(2000, 1, 1, tzinfo=UTC),
        )
    finally:
        await connection.close()


async def _relay(
    container: AsyncContainer, settings: Settings, database_url: str, *, per_message: int
) -> OutboxRelay:
    return OutboxRelay(
        await container.get(AsyncEngine),
        await container.get(EventsBrokerStarter),
        database_url,
        poll_seconds=settings.outbox_poll_seconds,
        redeliver_seconds=settings.outbox_redeliver_seconds,
        per_message=per_message,
    )


async def _kick(container: AsyncContainer, task_name: str, message: dict[str, Any]) -> None:
    broker = await (await container.get(EventsBrokerStarter)).ensure_started()
    kicker: AsyncKicker[[dict[str, Any]], None] = AsyncKicker(task_name=task_name, broker=broker, labels={})
    await kicker.kiq(message)


def _event(subject: str) -> IntegrationEvent:
    return IntegrationEvent(
        id=uuid.uuid4(),
        type=SUBMISSION_REJUDGED,
        occurred_at=datetime.now(UTC),
        payload={"submissionId": subject},
    )


async def test_events_of_a_batch_reach_the_sink_in_outbox_order_across_messages(
    events_container: AsyncContainer,
    settings: Settings,
    notifier: EventRoles,
    sink: RecordingSink,
    database_url: str,
    clock: FakeClock,
) -> None:
    subject = await _events(events_container, database_url, clock, 5)
    relay = await _relay(events_container, settings, database_url, per_message=2)  # 3 messages
    await relay.drain()
    await eventually(lambda: len(sink.about(subject)) == 5)
    rows = await outbox_rows(database_url, subject)
    assert [str(event.id) for event in sink.about(subject)] == [str(row["id"]) for row in rows]


async def test_an_id_twice_in_a_batch_and_a_batch_sent_twice_reach_the_sink_once_each(
    events_container: AsyncContainer, notifier: EventRoles, sink: RecordingSink
) -> None:
    subject = str(uuid.uuid4())
    first, second = _event(subject), _event(subject)
    batch = {"events": [dump_event(first), dump_event(first), dump_event(second)]}
    await _kick(events_container, DELIVER_BATCH_TASK, batch)
    await _kick(events_container, DELIVER_BATCH_TASK, batch)  # redelivered
    marker = str(uuid.uuid4())
    await _kick(events_container, DELIVER_BATCH_TASK, {"events": [dump_event(_event(marker))]})
    await eventually(lambda: len(sink.about(marker)) == 1)  # one at a time: the batches came before
    assert [event.id for event in sink.about(subject)] == [first.id, second.id]


async def test_an_old_single_event_message_is_still_delivered_once(
    events_container: AsyncContainer, notifier: EventRoles, sink: RecordingSink
) -> None:
    subject = str(uuid.uuid4())
    event = _event(subject)
    await _kick(events_container, DELIVER_TASK, dump_event(event))
    await _kick(events_container, DELIVER_BATCH_TASK, {"events": [dump_event(event)]})
    marker = str(uuid.uuid4())
    await _kick(events_container, DELIVER_TASK, dump_event(_event(marker)))
    await eventually(lambda: len(sink.about(marker)) == 1)
    assert [received.id for received in sink.about(subject)] == [event.id]


async def test_a_malformed_batch_or_item_is_dropped_and_the_rest_delivered(
    events_container: AsyncContainer, notifier: EventRoles, sink: RecordingSink
) -> None:
    subject = str(uuid.uuid4())
    event = _event(subject)
    await _kick(events_container, DELIVER_BATCH_TASK, {"events": "not a list"})
    await _kick(events_container, DELIVER_BATCH_TASK, {"nothing": []})
    await _kick(
        events_container,
        DELIVER_BATCH_TASK,
        {"events": [{"id": "not a uuid"}, 42, dump_event(event)]},
    )
    await eventually(lambda: len(sink.about(subject)) == 1)
    assert [received.id for received in sink.about(subject)] == [event.id]

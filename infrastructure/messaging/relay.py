"""The outbox relay: publishes committed outbox rows through the events broker, at least once.

A batch of unpublished rows is locked (`FOR UPDATE SKIP LOCKED`: relays in several processes share the
work), sent to the broker as messages of up to EVENTS_PER_MESSAGE events each, in outbox order (one
message, one notifier scope and a few statements for many events), and only then are the rows marked
published, in the same transaction. A relay killed mid-batch, or a broker that fails, leaves the rows
unpublished: they are sent again (consumers are idempotent by the event id). A row published but never
processed by the notifier (the PostgreSQL broker keeps no message for a notifier that was not listening)
is published again after OUTBOX_REDELIVER_SECONDS, for a day. Processed rows are pruned after an hour.

It wakes on the NOTIFY that `SqlOutbox` sends when a change commits, and polls every OUTBOX_POLL_SECONDS
(a lost notification, a relay that was down)."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine
from taskiq import AsyncBroker
from taskiq.kicker import AsyncKicker

from application.messaging.delivery import NOTIFIER
from infrastructure.database.listener import PgListener
from infrastructure.database.repositories.messaging.models import OutboxModel, ProcessedEventModel
from infrastructure.messaging.broker import DELIVER_BATCH_TASK, EventsBrokerStarter
from infrastructure.messaging.codec import OUTBOX_CHANNEL

logger = logging.getLogger(__name__)

BATCH = 200
EVENTS_PER_MESSAGE = 100
REDELIVER_FOR = timedelta(days=1)
KEEP_PROCESSED = timedelta(hours=1)
KEEP_PROCESSED_IDS = timedelta(days=7)
PUBLISH_TIMEOUT_SECONDS = 10.0

# Built once: a batch costs its two statements' execution, not their construction and cache-key walks.
_UNPUBLISHED = (
    select(OutboxModel.__table__)
    .where(OutboxModel.published_at.is_(None))
    .order_by(OutboxModel.seq)
    .limit(bindparam("batch"))
    .with_for_update(skip_locked=True)
)
_MARK_PUBLISHED = text("UPDATE outbox SET published_at = now() WHERE id = ANY(CAST(:ids AS uuid[]))")


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        starter: EventsBrokerStarter,
        database_url: str,
        *,
        poll_seconds: float,
        redeliver_seconds: float,
        batch: int = BATCH,
        per_message: int = EVENTS_PER_MESSAGE,
        lag: Callable[[float], None] = lambda seconds: None,
    ) -> None:
        self._engine = engine
        self._starter = starter
        self._poll_seconds = poll_seconds
        self._redeliver_after = timedelta(seconds=redeliver_seconds)
        self._batch = batch
        self._per_message = max(1, per_message)
        self._lag = lag  # reports the age of the oldest event not yet relayed (a metric), 0 when none
        self._wake = asyncio.Event()
        self._listener = PgListener(
            database_url, [OUTBOX_CHANNEL], lambda _channel, _payload: self._wake.set()
        )

    async def publish_batch(self) -> int:
        """Publishes up to one batch of unpublished rows, oldest first; returns how many."""
        broker = await self._starter.ensure_started()
        async with self._engine.begin() as connection:
            rows = (await connection.execute(_UNPUBLISHED, {"batch": self._batch})).all()
            if not rows:
                self._lag(0.0)
                return 0
            oldest = min(row.created_at for row in rows)
            self._lag(max(0.0, (datetime.now(UTC) - oldest).total_seconds()))
            async with asyncio.timeout(PUBLISH_TIMEOUT_SECONDS):
                for start in range(0, len(rows), self._per_message):
                    chunk = rows[start : start + self._per_message]
                    await _send(broker, {"events": [_message(row._mapping) for row in chunk]})
            await connection.execute(_MARK_PUBLISHED, {"ids": [row.id for row in rows]})
        return len(rows)

    async def redeliver_unprocessed(self) -> int:
        """Rows published a while ago that the notifier has not processed become unpublished again."""
        processed = exists().where(
            and_(ProcessedEventModel.event_id == OutboxModel.id, ProcessedEventModel.consumer == NOTIFIER)
        )
        async with self._engine.begin() as connection:
            now = func.now()
            result = await connection.execute(
                update(OutboxModel)
                .where(
                    OutboxModel.published_at < now - self._redeliver_after,
                    OutboxModel.created_at > now - REDELIVER_FOR,
                    ~processed,
                )
                .values(published_at=None)
            )
            await connection.execute(
                delete(OutboxModel).where(OutboxModel.published_at < now - KEEP_PROCESSED, processed)
            )
            await connection.execute(
                delete(ProcessedEventModel).where(ProcessedEventModel.processed_at < now - KEEP_PROCESSED_IDS)
            )
        return int(result.rowcount or 0)

    async def drain(self) -> int:
        """Publishes until nothing is left; returns how many rows."""
        total = 0
        while True:
            published = await self.publish_batch()
            total += published
            if published < self._batch:
                return total

    async def run(self, stop: asyncio.Event, pace: Callable[[], Awaitable[None]] | None = None) -> None:
        """Until `stop` is set: publish on every wake-up and poll; failures are logged and retried. `pace`,
        awaited after each wake-up, lets the process's own latency-critical work (a judging) go first."""
        last_sweep = 0.0
        loop = asyncio.get_running_loop()
        try:
            while not stop.is_set():
                self._wake.clear()
                await self._ensure_listening()
                try:
                    published = await self.drain()
                    if published:
                        logger.debug("relay: published %d event(s)", published)
                    if loop.time() - last_sweep >= self._redeliver_after.total_seconds() / 2:
                        last_sweep = loop.time()
                        again = await self.redeliver_unprocessed()
                        if again:
                            logger.info("relay: %d unprocessed event(s) to publish again", again)
                            continue
                except Exception as error:  # broker or database down: nothing is marked, retry later
                    logger.warning("relay: publishing failed, retrying: %s", error)
                await _first(stop, self._wake, self._poll_seconds)
                if pace is not None and not stop.is_set():
                    await pace()
        finally:
            await self._listener.close()

    async def _ensure_listening(self) -> None:
        try:
            await self._listener.ensure()
        except Exception as error:  # polling still works
            logger.warning("relay: cannot LISTEN for outbox rows: %s", error)


def _message(row: Any) -> dict[str, Any]:
    return {
        "id": str(row["id"]),
        "type": row["type"],
        "occurredAt": row["occurred_at"].isoformat(),
        "payload": row["payload"],
        "audience": row["audience"],
        "restricted": row["restricted"],
    }


async def _send(broker: AsyncBroker, message: dict[str, Any]) -> None:
    kicker: AsyncKicker[[dict[str, Any]], None] = AsyncKicker(
        task_name=DELIVER_BATCH_TASK, broker=broker, labels={}
    )
    await kicker.kiq(message)


async def _first(stop: asyncio.Event, wake: asyncio.Event, seconds: float) -> None:
    waits = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.wait())}
    try:
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waits:
            waiter.cancel()

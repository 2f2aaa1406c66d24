"""The delivery runner: sends due webhook deliveries, a bounded number at once.

Woken by NOTIFY when a delivery is made or redelivered, and polling every POLL_SECONDS for retries coming
due. A try is claimed with a lease (the timeout plus a margin): a runner killed mid-try leaves the delivery
due again when the lease ends, so it is sent again (at least once; receivers dedupe by `webhook-id`).
"""

import asyncio
import contextlib
import logging
from datetime import timedelta

import asyncpg
import httpx
from dishka import AsyncContainer

from application.webhooks.usecases import (
    ClaimDeliveries,
    ClaimDeliveriesInput,
    RecordAttempt,
    RecordAttemptInput,
)
from domain.webhooks.entities import AttemptResult, ClaimedDelivery, DeliveryState
from infrastructure.config import Settings
from infrastructure.database.postgres import plain_url
from infrastructure.database.repositories.webhooks.repositories import DELIVERIES_CHANNEL
from infrastructure.observability.metrics import Metrics
from infrastructure.providers.database import DatabaseUrl
from infrastructure.webhooks.guard import ResolvingGuard
from infrastructure.webhooks.sender import WebhookSender

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0
LEASE_MARGIN_SECONDS = 5.0
STOP_GRACE_SECONDS = 5.0


class _Wakeup:
    """LISTENs on the deliveries channel; `event` is set by each notification (and on reconnects)."""

    def __init__(self, database_url: str) -> None:
        self._dsn = plain_url(database_url)
        self.event = asyncio.Event()
        self._connection: asyncpg.Connection | None = None

    async def ensure(self) -> None:
        if self._connection is not None and not self._connection.is_closed():
            return
        try:
            connection = await asyncpg.connect(self._dsn, timeout=3)
            await connection.add_listener(DELIVERIES_CHANNEL, self._notified)
            connection.add_termination_listener(self._lost)
        except (OSError, asyncpg.PostgresError, TimeoutError) as error:
            logger.warning("webhooks: cannot LISTEN (polling only): %s", error)
            return
        self._connection = connection
        self.event.set()  # something may have been made while not listening

    def _notified(self, *_: object) -> None:
        self.event.set()

    def _lost(self, _connection: object) -> None:
        self._connection = None
        self.event.set()

    async def close(self) -> None:
        if self._connection is not None and not self._connection.is_closed():
            await self._connection.close()
        self._connection = None


# A try's outcome as the metric counts it: delivered, failed (given up), or retrying (another try is due).
_OUTCOMES = {DeliveryState.DELIVERED: "delivered", DeliveryState.FAILED: "failed"}


async def _attempt(
    container: AsyncContainer, sender: WebhookSender, claimed: ClaimedDelivery, metrics: Metrics
) -> None:
    try:
        result = await sender.send(claimed)
    except Exception as error:  # a bug, not the receiver: recorded as a failed try all the same
        logger.exception("webhooks: sending delivery %s failed", claimed.delivery.id)
        result = AttemptResult(status=None, error=f"internal error: {type(error).__name__}")
    try:
        async with container() as request:
            record = await request.get(RecordAttempt)
            after = await record(RecordAttemptInput(delivery=claimed.delivery, result=result))
    except Exception:  # the lease runs out and the delivery is tried again
        logger.exception("webhooks: recording delivery %s failed", claimed.delivery.id)
        return
    metrics.webhook_delivered(_OUTCOMES.get(after.state, "retrying"))
    level = logging.DEBUG if after.state is DeliveryState.DELIVERED else logging.INFO
    logger.log(
        level,
        "webhook delivery %s (event %s) try %d: %s -> %s",
        claimed.delivery.id,
        claimed.delivery.event_id,
        claimed.delivery.attempts,
        result.status or result.error,
        after.state,
    )
    if after.disable_endpoint:
        logger.warning(
            "webhook endpoint %s disabled: %s", claimed.delivery.endpoint_id, after.disable_endpoint
        )


async def _claim(container: AsyncContainer, limit: int, lease: timedelta) -> list[ClaimedDelivery]:
    try:
        async with container() as request:
            claim = await request.get(ClaimDeliveries)
            return list(await claim(ClaimDeliveriesInput(limit=limit, lease=lease)))
    except Exception as error:  # database down: the next tick retries
        logger.warning("webhooks: claiming deliveries failed: %s", error)
        return []


async def run_deliveries(container: AsyncContainer, stop: asyncio.Event) -> None:
    """Sends due deliveries until `stop` is set; then lets the tries in flight end (briefly)."""
    settings = await container.get(Settings)
    metrics = await container.get(Metrics)
    guard = await container.get(ResolvingGuard)
    wakeup = _Wakeup(await container.get(DatabaseUrl))
    concurrency = settings.webhook_concurrency
    lease = timedelta(seconds=settings.webhook_timeout_seconds + LEASE_MARGIN_SECONDS)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    in_flight: set[asyncio.Task[None]] = set()
    stopping = asyncio.create_task(stop.wait())
    # trust_env=False: an HTTP(S)_PROXY from the environment would connect on our behalf to the name, not to
    # the vetted address.
    async with httpx.AsyncClient(follow_redirects=False, trust_env=False, limits=limits) as client:
        sender = WebhookSender(guard, client, settings.webhook_timeout_seconds)
        try:
            while not stop.is_set():
                await wakeup.ensure()
                wakeup.event.clear()
                free = concurrency - len(in_flight)
                claimed = await _claim(container, free, lease) if free > 0 else []
                for item in claimed:
                    task = asyncio.create_task(_attempt(container, sender, item, metrics))
                    in_flight.add(task)
                    task.add_done_callback(in_flight.discard)
                if free > 0 and len(claimed) == free:
                    continue  # more may be due
                waker = asyncio.create_task(wakeup.event.wait())
                await asyncio.wait(
                    {waker, stopping, *in_flight}, timeout=POLL_SECONDS, return_when=asyncio.FIRST_COMPLETED
                )
                waker.cancel()
        finally:
            stopping.cancel()
            if in_flight:
                _, pending = await asyncio.wait(set(in_flight), timeout=STOP_GRACE_SECONDS)
                for task in pending:
                    task.cancel()
                for task in pending:
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
            await wakeup.close()

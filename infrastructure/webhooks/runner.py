"""The delivery runner: sends webhook deliveries, a bounded number at once (WEBHOOK_CONCURRENCY).

Deliveries reach it two ways. The notifier's sink in the same process hands it the deliveries it has just
made, stored already claimed (`reserve` / `hand`): no wake-up and no claim round trip stand between an
event and its POSTs. Everything else (deliveries made while its slots were busy, by another process,
retries coming due, manual redeliveries) it claims: woken by NOTIFY when a delivery is made or redelivered,
polling every POLL_SECONDS for retries. Either way a try holds a lease (the timeout plus a margin): a runner
killed mid-try leaves the delivery due again when the lease ends, so it is sent again (at least once;
receivers dedupe by `webhook-id`).

Tries are recorded in batches: every try that ended while the previous batch was being written goes into
the next one (one transaction, one statement for the deliveries and one for their endpoints).
"""

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import httpx
from dishka import AsyncContainer

from application.webhooks.usecases import (
    AttemptMade,
    ClaimDeliveries,
    ClaimDeliveriesInput,
    RecordAttempts,
    RecordAttemptsInput,
)
from domain.webhooks.entities import AttemptResult, ClaimedDelivery, DeliveryState
from infrastructure.config import Settings
from infrastructure.database.listener import PgListener
from infrastructure.database.repositories.webhooks.repositories import DELIVERIES_CHANNEL
from infrastructure.observability.metrics import Metrics
from infrastructure.webhooks.guard import ResolvingGuard
from infrastructure.webhooks.sender import WebhookSender

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0
LEASE_MARGIN_SECONDS = 5.0
STOP_GRACE_SECONDS = 5.0
RECORD_BATCH = 200

# A try's outcome as the metric counts it: delivered, failed (given up), or retrying (another try is due).
_OUTCOMES = {DeliveryState.DELIVERED: "delivered", DeliveryState.FAILED: "failed"}


class DeliveryRunner:
    """One per process (APP scope): the sink of the same process hands it new deliveries, `run` sends."""

    def __init__(
        self,
        container: AsyncContainer,
        settings: Settings,
        metrics: Metrics,
        guard: ResolvingGuard,
        database_url: str,
    ) -> None:
        self._container = container
        self._metrics = metrics
        self._guard = guard
        self._timeout = settings.webhook_timeout_seconds
        self._concurrency = settings.webhook_concurrency
        self.lease = timedelta(seconds=settings.webhook_timeout_seconds + LEASE_MARGIN_SECONDS)
        self._wake = asyncio.Event()
        self._listener = PgListener(
            database_url, [DELIVERIES_CHANNEL], lambda _channel, _payload: self._wake.set(), self._wake.set
        )
        self._in_flight: set[asyncio.Task[None]] = set()
        self._reserved = 0
        self._starved = False  # waiting for a slot, not for work
        self._ended: asyncio.Queue[AttemptMade | None] = asyncio.Queue()
        self._sender: WebhookSender | None = None

    # The sink's side ----------------------------------------------------------------------------------------

    def reserve(self) -> int:
        """Slots for deliveries about to be made here (0 when this runner is not running or is busy); give
        them back with `hand`, whatever came of it."""
        if self._sender is None:
            return 0
        free = max(0, self._concurrency - len(self._in_flight) - self._reserved)
        self._reserved += free
        return free

    def hand(self, reserved: int, taken: Sequence[ClaimedDelivery]) -> None:
        """Starts the tries of deliveries stored claimed in `reserved` slots (at most that many)."""
        self._reserved -= reserved
        if self._sender is not None:
            self._launch(taken[:reserved])
        if self._starved:
            self._wake.set()  # the slots it did not use are free again for claims

    # The runner ---------------------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Sends deliveries until `stop` is set; then lets the tries in flight end (briefly) and records
        them."""
        limits = httpx.Limits(max_connections=self._concurrency, max_keepalive_connections=self._concurrency)
        stopping = asyncio.create_task(stop.wait())
        # trust_env=False: an HTTP(S)_PROXY from the environment would connect on our behalf to the name,
        # not to the vetted address.
        async with httpx.AsyncClient(follow_redirects=False, trust_env=False, limits=limits) as client:
            self._sender = WebhookSender(self._guard, client, self._timeout)
            recorder = asyncio.create_task(self._record_ended())
            try:
                await self._loop(stop, stopping)
            finally:
                self._sender = None
                stopping.cancel()
                await self._finish_in_flight()
                self._ended.put_nowait(None)
                try:
                    await asyncio.wait_for(recorder, STOP_GRACE_SECONDS)
                except TimeoutError:
                    logger.warning("webhooks: tries not recorded at stop: their leases run out")
                await self._listener.close()

    async def _loop(self, stop: asyncio.Event, stopping: asyncio.Task[bool]) -> None:
        while not stop.is_set():
            await self._ensure_listening()
            self._wake.clear()
            free = self._concurrency - len(self._in_flight) - self._reserved
            claimed = await self._claim(free) if free > 0 else []
            self._launch(claimed)
            if free > 0 and len(claimed) == free:
                continue  # more may be due
            # No slot free: one freeing (a try ending, a reservation handed back) may let it claim what
            # waits. Otherwise nothing is due until a NOTIFY or the poll says so.
            self._starved = free <= 0
            waker = asyncio.ensure_future(self._wake.wait())
            waits: set[asyncio.Future[Any]] = {waker, stopping}
            if self._starved:
                waits |= set(self._in_flight)
            try:
                await asyncio.wait(waits, timeout=POLL_SECONDS, return_when=asyncio.FIRST_COMPLETED)
            finally:
                waker.cancel()
                self._starved = False

    async def _ensure_listening(self) -> None:
        try:
            if await self._listener.ensure():
                self._wake.set()  # something may have been made while not listening
        except Exception as error:
            logger.warning("webhooks: cannot LISTEN (polling only): %s", error)

    def _launch(self, claimed: Sequence[ClaimedDelivery]) -> None:
        for item in claimed:
            task = asyncio.create_task(self._try(item))
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)

    async def _try(self, claimed: ClaimedDelivery) -> None:
        assert self._sender is not None
        try:
            result = await self._sender.send(claimed)
        except Exception as error:  # a bug, not the receiver: recorded as a failed try all the same
            logger.exception("webhooks: sending delivery %s failed", claimed.delivery.id)
            result = AttemptResult(status=None, error=f"internal error: {type(error).__name__}")
        self._ended.put_nowait(AttemptMade(delivery=claimed.delivery, result=result))

    async def _claim(self, limit: int) -> list[ClaimedDelivery]:
        try:
            async with self._container() as request:
                claim = await request.get(ClaimDeliveries)
                return list(await claim(ClaimDeliveriesInput(limit=limit, lease=self.lease)))
        except Exception as error:  # database down: the next tick retries
            logger.warning("webhooks: claiming deliveries failed: %s", error)
            return []

    async def _record_ended(self) -> None:
        """Until the None at stop: records the tries that ended, as many at once as have ended."""
        done = False
        while not done:
            items = [await self._ended.get()]
            while not self._ended.empty() and len(items) < RECORD_BATCH:
                items.append(self._ended.get_nowait())
            batch = [item for item in items if item is not None]
            done = len(batch) < len(items)
            if batch:
                await self._record(batch)

    async def _record(self, batch: list[AttemptMade]) -> None:
        try:
            async with self._container() as request:
                record = await request.get(RecordAttempts)
                afters = await record(RecordAttemptsInput(attempts=batch))
        except Exception:  # the leases run out and the deliveries are tried again
            logger.exception("webhooks: recording %d tries failed", len(batch))
            return
        for made, after in zip(batch, afters, strict=True):
            delivery = made.delivery
            self._metrics.webhook_delivered(_OUTCOMES.get(after.state, "retrying"))
            level = logging.DEBUG if after.state is DeliveryState.DELIVERED else logging.INFO
            logger.log(
                level,
                "webhook delivery %s (event %s) try %d: %s -> %s",
                delivery.id,
                delivery.event_id,
                delivery.attempts,
                made.result.status or made.result.error,
                after.state,
            )
            if after.disable_endpoint:
                logger.warning(
                    "webhook endpoint %s disabled: %s", delivery.endpoint_id, after.disable_endpoint
                )

    async def _finish_in_flight(self) -> None:
        if not self._in_flight:
            return
        _, pending = await asyncio.wait(set(self._in_flight), timeout=STOP_GRACE_SECONDS)
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def run_deliveries(container: AsyncContainer, stop: asyncio.Event) -> None:
    """Runs this process's delivery runner until `stop` is set."""
    runner = await container.get(DeliveryRunner)
    await runner.run(stop)

"""The relay and notifier roles of a process (WORKER_ROLES), and `python __main__.py notifier`."""

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable

from dishka import AsyncContainer
from dishka.integrations.taskiq import setup_dishka
from taskiq.api import run_receiver_task

from infrastructure.config import Settings
from infrastructure.messaging.broker import EventsBrokerStarter
from infrastructure.messaging.relay import OutboxRelay
from infrastructure.providers.container import make_container
from infrastructure.queue.postgres_broker import PostgresBroker
from infrastructure.webhooks.runner import run_deliveries

logger = logging.getLogger(__name__)

RELAY, NOTIFIER = "relay", "notifier"
EVENT_ROLES = frozenset({RELAY, NOTIFIER})
RECONNECT_SECONDS = 2.0


class EventRoles:
    """Runs the relay and/or the notifier in the background of a process until `stop`."""

    def __init__(
        self,
        container: AsyncContainer,
        roles: frozenset[str],
        pace: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._container = container
        self._pace = pace  # awaited by the relay after each wake-up (see OutboxRelay.run)
        self._roles = roles & EVENT_ROLES
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        if NOTIFIER in self._roles:
            starter = await self._container.get(EventsBrokerStarter)
            starter.broker.is_worker_process = True  # before the broker starts: it then listens
            setup_dishka(self._container, starter.broker)
            self._tasks.append(asyncio.create_task(self._notify(starter), name="notifier"))
            # the webhook deliveries the sinks queued, with their retries
            self._tasks.append(
                asyncio.create_task(run_deliveries(self._container, self._stop), name="webhook-deliveries")
            )
        if RELAY in self._roles:
            relay = await self._container.get(OutboxRelay)
            self._tasks.append(asyncio.create_task(relay.run(self._stop, self._pace), name="outbox-relay"))
        if self._roles:
            logger.info("event roles up: %s", ", ".join(sorted(self._roles)))

    async def stop(self) -> None:
        self._stop.set()
        for task in self._tasks:
            if task.get_name() == "notifier":
                task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _notify(self, starter: EventsBrokerStarter) -> None:
        """Consumes the events queue one message at a time (sinks see a subject's events in order); a
        broker that is down at start, or a LISTEN connection lost, is retried."""
        while True:
            try:
                broker = await starter.ensure_started()
                break
            except Exception as error:
                logger.warning("notifier: events broker unreachable, retrying: %s", error)
                await asyncio.sleep(RECONNECT_SECONDS)
        receiver = asyncio.create_task(
            run_receiver_task(broker, max_async_tasks=1, max_prefetch=0, run_startup=False)
        )
        try:
            while not receiver.done():
                await asyncio.wait({receiver}, timeout=RECONNECT_SECONDS)
                if isinstance(broker, PostgresBroker):
                    try:
                        await broker.ensure_listening()
                    except Exception as error:
                        logger.warning("notifier: cannot LISTEN, retrying: %s", error)
        finally:
            receiver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await receiver


async def serve_events(settings: Settings, roles: frozenset[str]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    container = make_container(settings)
    try:
        events = EventRoles(container, roles)
        await events.start()
        await stop.wait()
        logger.info("event roles stopping")
        await events.stop()
    finally:
        await container.close()
    logger.info("event roles stopped")


def run_events(settings: Settings, roles: frozenset[str]) -> None:
    asyncio.run(serve_events(settings, roles))

"""Serving a process's metrics on a port of its own (workers, and the server when METRICS_PORT is set)."""

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from dishka import AsyncContainer
from prometheus_client import start_http_server

from application.clock import Clock
from domain.submissions.repositories import QueueStatsReader
from infrastructure.observability.metrics import Metrics

logger = logging.getLogger(__name__)

QUEUE_REFRESH_SECONDS = 5.0


@contextmanager
def metrics_port(metrics: Metrics, host: str, port: int) -> Iterator[None]:
    """`/metrics` (any path, in fact) on `host:port` from a thread, for as long as the block runs."""
    server, thread = start_http_server(port, addr=host, registry=metrics.registry)
    logger.info("metrics on http://%s:%d/metrics", host, port)
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


async def refresh_queue_forever(container: AsyncContainer, metrics: Metrics) -> None:
    """Keeps the queue gauges current for scrapes that do not go through the API (METRICS_PORT)."""
    clock = await container.get(Clock)
    while True:
        try:
            async with container() as request:
                queue = await request.get(QueueStatsReader)
                now = clock.now()
                metrics.show_queue(await queue.snapshot(now, with_finished=False), now)
        except Exception as error:  # the database may be away for a while; the next tick retries
            logger.warning("refreshing the queue metrics failed: %s", error)
        await asyncio.sleep(QUEUE_REFRESH_SECONDS)

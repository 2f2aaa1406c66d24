import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Callable, Iterator
from types import FrameType

import uvicorn
from dishka import AsyncContainer

from infrastructure.accounts.bootstrap import bootstrap_admin
from infrastructure.config import Settings
from infrastructure.database.progress_watcher import PgProgressWatcher
from infrastructure.http.app import create_app
from infrastructure.observability.exposition import metrics_port, refresh_queue_forever
from infrastructure.observability.metrics import Metrics, ProcessName
from infrastructure.providers.container import make_container

logger = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 30


class _Server(uvicorn.Server):
    """Uvicorn re-raises SIGTERM/SIGINT after draining, which ends the process with -15/130; a clean
    shutdown here exits 0. Live progress streams never end by themselves soon: they are told to end at
    the signal, so the drain does not wait for them (their clients resume elsewhere)."""

    on_exit: list[Callable[[], None]]

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        for callback in getattr(self, "on_exit", ()):
            callback()
        super().handle_exit(sig, frame)

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def run_server(settings: Settings) -> None:
    """Serves the API until SIGINT/SIGTERM, then stops accepting connections, lets in-flight requests
    finish (up to SHUTDOWN_GRACE_SECONDS) and closes the container."""
    background: set[asyncio.Task[None]] = set()

    async def startup(container: AsyncContainer) -> None:
        watcher = await container.get(PgProgressWatcher)
        loop = asyncio.get_running_loop()

        def close_streams() -> None:
            loop.call_soon_threadsafe(watcher.close_streams)

        server.on_exit.append(close_streams)
        metrics = await container.get(Metrics)
        metrics.name_process(ProcessName(role="server", name=socket.gethostname()))
        await bootstrap_admin(container, settings.data_dir)
        if settings.metrics_port:
            background.add(asyncio.create_task(refresh_queue_forever(container, metrics)))
            exposition.enter_context(metrics_port(metrics, settings.host, settings.metrics_port))

    app = create_app(
        make_container(settings),
        on_startup=startup,
        metrics_route=not settings.metrics_port,
        judge0_prefix=settings.judge0_prefix,
    )
    logger.info(
        "web page on http://%s:%d/, API under /api/v1 (OpenAPI page: /docs)", settings.host, settings.port
    )
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=None,  # uvicorn's records go through the root handler: LOG_FORMAT, masking, context
        access_log=False,  # infrastructure/observability/http.py logs each request once, by route
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
    )
    server = _Server(config)
    server.on_exit = []
    with contextlib.ExitStack() as exposition:
        server.run()

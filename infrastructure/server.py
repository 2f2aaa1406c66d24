import contextlib
import logging
import signal
from collections.abc import Iterator

import uvicorn
from dishka import AsyncContainer

from infrastructure.accounts.bootstrap import bootstrap_admin
from infrastructure.config import Settings
from infrastructure.http.app import create_app
from infrastructure.providers.container import make_container

logger = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    """Uvicorn re-raises SIGTERM/SIGINT after draining, which ends the process with -15/130; a clean
    shutdown here exits 0."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def run_server(settings: Settings) -> None:
    """Serves the API until SIGINT/SIGTERM, then drains connections and closes the container."""

    async def startup(container: AsyncContainer) -> None:
        await bootstrap_admin(container, settings.data_dir)

    app = create_app(make_container(settings), on_startup=startup)
    logger.info(
        "web page on http://%s:%d/, API under /api/v1 (OpenAPI page: /docs)", settings.host, settings.port
    )
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        access_log=settings.log_level == "debug",
    )
    _Server(config).run()

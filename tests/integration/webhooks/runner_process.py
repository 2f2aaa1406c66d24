"""A delivery runner alone in its own process (settings from the environment), for kill tests."""

import asyncio
import signal

from infrastructure.config import load_settings
from infrastructure.providers.container import make_container
from infrastructure.webhooks import run_deliveries


async def main() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    container = make_container(load_settings(_env_file=None))
    try:
        await run_deliveries(container, stop)
    finally:
        await container.close()


if __name__ == "__main__":
    asyncio.run(main())

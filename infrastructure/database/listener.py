"""One PostgreSQL LISTEN connection on some channels, opened on demand and again after it is lost.

Every wake-up through the database uses it (finished submissions, live progress, outbox rows, webhook
deliveries): `ensure()` connects if not connected (concurrent callers share one attempt; a failure raises,
the caller degrades to polling), `on_notify(channel, payload)` runs for each notification, and `on_lost()`
once the connection is gone (a notification may have been missed meanwhile: callers re-read)."""

import asyncio
import contextlib
from collections.abc import Callable, Sequence

import asyncpg

from infrastructure.database.postgres import plain_url

CONNECT_TIMEOUT_SECONDS = 3.0


class PgListener:
    def __init__(
        self,
        database_url: str,
        channels: Sequence[str],
        on_notify: Callable[[str, str], None],
        on_lost: Callable[[], None] = lambda: None,
    ) -> None:
        self._dsn = plain_url(database_url)
        self._channels = tuple(channels)
        self._on_notify = on_notify
        self._on_lost = on_lost
        self._connection: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()

    @property
    def listening(self) -> bool:
        return self._connection is not None and not self._connection.is_closed()

    async def ensure(self) -> bool:
        """Listening from now on; True when this call had to (re)connect."""
        if self.listening:
            return False
        async with self._lock:
            if self.listening:
                return False
            connection = await asyncpg.connect(self._dsn, timeout=CONNECT_TIMEOUT_SECONDS)
            try:
                for channel in self._channels:
                    await connection.add_listener(channel, self._notified)
            except BaseException:
                with contextlib.suppress(Exception):
                    await connection.close()
                raise
            connection.add_termination_listener(self._terminated)
            self._connection = connection
            return True

    async def close(self) -> None:
        connection = self._connection
        if connection is not None and not connection.is_closed():
            with contextlib.suppress(Exception):
                await connection.close()
        self._connection = None

    def _notified(self, _connection: object, _pid: int, channel: str, payload: object) -> None:
        self._on_notify(channel, str(payload))

    def _terminated(self, connection: object) -> None:
        if connection is self._connection:
            self._connection = None
        self._on_lost()  # a closed connection too: waiters re-read rather than miss something

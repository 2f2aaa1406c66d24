"""Waking live progress streams without polling: PostgreSQL LISTEN/NOTIFY, so the judging worker and the
streaming server may be different processes on different machines (the data itself is read from the
database). Progress is notified on `submission_progress` in the transaction of the change, the final result
on `submission_finished`; one listening connection per process serves every stream."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from uuid import UUID

import asyncpg

from application.submissions.ports import ProgressSignal, ProgressWatcher
from infrastructure.database.postgres import plain_url
from infrastructure.database.repositories.submissions.repositories import FINISHED_CHANNEL
from infrastructure.messaging.codec import PROGRESS_CHANNEL

logger = logging.getLogger(__name__)

_CHANNELS = (PROGRESS_CHANNEL, FINISHED_CHANNEL)


class _Signal(ProgressSignal):
    def __init__(self, watcher: "PgProgressWatcher") -> None:
        self._watcher = watcher
        self.event = asyncio.Event()

    async def wait(self, seconds: float) -> bool:
        if not self.event.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(seconds):
                    await self.event.wait()
        woken = self.event.is_set()
        self.event.clear()
        return woken and not self.closing

    @property
    def closing(self) -> bool:
        return self._watcher.closing


class PgProgressWatcher(ProgressWatcher):
    def __init__(self, database_url: str) -> None:
        self._dsn = plain_url(database_url)
        self._signals: dict[UUID, set[_Signal]] = {}
        self._connection: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self.closing = False

    @contextlib.asynccontextmanager
    async def watch(self, submission_id: UUID) -> AsyncIterator[ProgressSignal]:
        signal = _Signal(self)
        self._signals.setdefault(submission_id, set()).add(signal)
        try:
            await self._listen()
        except Exception as error:  # degraded: streams re-read at every keep-alive
            logger.warning("cannot LISTEN for submission progress: %s", error)
        try:
            yield signal
        finally:
            signals = self._signals.get(submission_id)
            if signals is not None:
                signals.discard(signal)
                if not signals:
                    del self._signals[submission_id]

    def close_streams(self) -> None:
        """The process is shutting down: every stream ends now (clients resume with Last-Event-ID)."""
        self.closing = True
        self._wake_all()

    async def close(self) -> None:
        self.close_streams()
        if self._connection is not None and not self._connection.is_closed():
            await self._connection.close()
        self._connection = None

    async def _listen(self) -> None:
        if self._connection is not None and not self._connection.is_closed():
            return
        async with self._lock:
            if self._connection is not None and not self._connection.is_closed():
                return
            connection = await asyncpg.connect(self._dsn, timeout=3)
            for channel in _CHANNELS:
                await connection.add_listener(channel, self._notified)
            connection.add_termination_listener(self._terminated)
            self._connection = connection

    def _notified(self, _connection: object, _pid: int, _channel: str, payload: object) -> None:
        try:
            submission_id = UUID(str(payload))
        except ValueError:
            return
        for signal in self._signals.get(submission_id, ()):
            signal.event.set()

    def _terminated(self, _connection: object) -> None:
        self._connection = None
        self._wake_all()  # a notification may have been missed: re-read

    def _wake_all(self) -> None:
        for signals in self._signals.values():
            for signal in signals:
                signal.event.set()

"""Waking live progress streams without polling: PostgreSQL LISTEN/NOTIFY, so the judging worker and the
streaming server may be different processes on different machines (the data itself is read from the
database). Progress is notified on `submission_progress` in the transaction of the change, the final result
on `submission_finished`; one listening connection per process serves every stream."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from uuid import UUID

from application.submissions.ports import ProgressSignal, ProgressWatcher
from infrastructure.database.listener import PgListener
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
        self._signals: dict[UUID, set[_Signal]] = {}
        self._listener = PgListener(database_url, _CHANNELS, self._notified, self._wake_all)
        self.closing = False

    @contextlib.asynccontextmanager
    async def watch(self, submission_id: UUID) -> AsyncIterator[ProgressSignal]:
        signal = _Signal(self)
        self._signals.setdefault(submission_id, set()).add(signal)
        try:
            await self._listener.ensure()
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
        await self._listener.close()

    def _notified(self, _channel: str, payload: str) -> None:
        try:
            submission_id = UUID(payload)
        except ValueError:
            return
        for signal in self._signals.get(submission_id, ()):
            signal.event.set()

    def _wake_all(self) -> None:
        """At shutdown, and when the LISTEN connection is lost (a notification may have been missed)."""
        for signals in self._signals.values():
            for signal in signals:
                signal.event.set()

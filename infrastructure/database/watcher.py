"""Waiting for a submission's final result without polling: PostgreSQL LISTEN/NOTIFY.

`JudgingStore.finish` notifies in the same transaction as the result, so the notification is delivered only
once the result is visible. One listening connection per process serves every waiter."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from uuid import UUID

import asyncpg

from application.submissions.ports import FinishSignal, SubmissionWatcher
from infrastructure.database.postgres import plain_url
from infrastructure.database.repositories.submissions.repositories import FINISHED_CHANNEL

logger = logging.getLogger(__name__)


class _Signal(FinishSignal):
    def __init__(self, event: asyncio.Event) -> None:
        self._event = event

    async def wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._event.wait()


class PgSubmissionWatcher(SubmissionWatcher):
    def __init__(self, database_url: str) -> None:
        self._dsn = plain_url(database_url)
        self._waiters: dict[UUID, set[asyncio.Event]] = {}
        self._connection: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def watch(self, submission_id: UUID) -> AsyncIterator[FinishSignal]:
        event = asyncio.Event()
        self._waiters.setdefault(submission_id, set()).add(event)
        try:
            await self._listen()
        except Exception as error:  # degraded: the wait becomes a plain timeout
            logger.warning("cannot LISTEN for finished submissions: %s", error)
        try:
            yield _Signal(event)
        finally:
            waiters = self._waiters.get(submission_id)
            if waiters is not None:
                waiters.discard(event)
                if not waiters:
                    del self._waiters[submission_id]

    async def close(self) -> None:
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
            await connection.add_listener(FINISHED_CHANNEL, self._notified)
            connection.add_termination_listener(self._terminated)
            self._connection = connection

    def _notified(self, _connection: object, _pid: int, _channel: str, payload: object) -> None:
        try:
            submission_id = UUID(str(payload))
        except ValueError:
            return
        for event in self._waiters.get(submission_id, ()):
            event.set()

    def _terminated(self, _connection: object) -> None:
        self._connection = None
        for events in self._waiters.values():  # a notification may have been missed: wake them to re-read
            for event in events:
                event.set()

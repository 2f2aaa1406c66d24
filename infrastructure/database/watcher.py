"""Waiting for a submission's final result without polling: PostgreSQL LISTEN/NOTIFY.

`JudgingStore.finish` notifies in the same transaction as the result, so the notification is delivered only
once the result is visible. One listening connection per process serves every waiter."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from uuid import UUID

from application.submissions.ports import FinishSignal, SubmissionWatcher
from infrastructure.database.listener import PgListener
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
        self._waiters: dict[UUID, set[asyncio.Event]] = {}
        self._listener = PgListener(database_url, [FINISHED_CHANNEL], self._notified, self._terminated)

    @contextlib.asynccontextmanager
    async def watch(self, submission_id: UUID) -> AsyncIterator[FinishSignal]:
        event = asyncio.Event()
        self._waiters.setdefault(submission_id, set()).add(event)
        try:
            await self._listener.ensure()
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
        await self._listener.close()

    def _notified(self, _channel: str, payload: str) -> None:
        try:
            submission_id = UUID(payload)
        except ValueError:
            return
        for event in self._waiters.get(submission_id, ()):
            event.set()

    def _terminated(self) -> None:
        for events in self._waiters.values():  # a notification may have been missed: wake them to re-read
            for event in events:
                event.set()

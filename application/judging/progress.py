"""Persisting a judging's progress: batched test results plus lease renewal, from one coroutine, so the
REQUEST-scoped database session is never used by two tasks at once."""

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from application.clock import Clock
from application.judging.policy import JudgingPolicy
from application.messaging.events import NO_EVENTS, EventRecorder
from application.transactions import TransactionManager
from domain.submissions.entities import Claim, TestResult
from domain.submissions.events import TestJudged
from domain.submissions.repositories import JudgingStore

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class ProgressWriter:
    """Not frozen: it holds the pending results and its writer task."""

    store: JudgingStore
    tx: TransactionManager
    clock: Clock
    policy: JudgingPolicy
    claim: Claim
    events: EventRecorder = NO_EVENTS
    lost: asyncio.Event = field(default_factory=asyncio.Event, init=False)
    """Set when the claim is gone: another worker or a rejudge took the submission."""
    _pending: list[TestResult] = field(default_factory=list, init=False)
    _wake: asyncio.Event = field(default_factory=asyncio.Event, init=False)
    _task: asyncio.Task[None] | None = field(default=None, init=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)
    _closed: bool = field(default=False, init=False)
    _closing: asyncio.Event = field(default_factory=asyncio.Event, init=False)
    """Set with `_closed`: ends the loop's pause at once (a cancel may be swallowed by `wait_for`)."""

    def add(self, result: TestResult) -> None:
        self._pending.append(result)
        self._wake.set()

    async def __aenter__(self) -> "ProgressWriter":
        self._task = asyncio.create_task(self._loop(), name=f"progress-{self.claim.submission_id}")
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        async with self._lock:  # never cancel the loop in the middle of a write
            self._close()
        # asyncio.wait, not `await task`: a cancellation of the caller must still reach the caller
        await asyncio.wait({self._task})
        if not self._task.cancelled():
            self._task.result()

    async def stop(self) -> list[TestResult]:
        """Ends the writer and returns the results it has not written, for the caller to write with the
        final result in one transaction (a short judging's results then cost no transaction of their own)."""
        async with self._lock:
            self._close()
            rest, self._pending = self._pending, []
        return sorted(rest, key=lambda result: result.index)

    def _close(self) -> None:
        assert self._task is not None
        self._closed = True  # Python 3.11's wait_for may swallow the cancel when its wait ends at once
        self._closing.set()  # ... so the loop's pause ends here too, instead of running its course
        self._task.cancel()

    async def flush(self) -> None:
        """Writes pending results and renews the lease; sets `lost` when the claim is gone."""
        async with self._lock:
            await self._flush()

    async def _flush(self) -> None:
        batch, self._pending = self._pending, []
        try:
            if batch:
                await self.store.save_test_results(self.claim, batch)
            lease_until = self.clock.now() + timedelta(seconds=self.policy.lease_seconds)
            renewed = await self.store.renew(self.claim, lease_until)
            if renewed:  # the results were stored (recording and renewing need the same claim)
                ordered = sorted(batch, key=lambda result: result.index)  # one transaction: no order inside
                self.events.record(*(judged_event(self.claim, result) for result in ordered))
            await self.tx.commit()
        except Exception:
            self._pending = batch + self._pending  # written next time (the write is idempotent)
            await self.tx.rollback()
            raise
        if not renewed:
            self.lost.set()

    async def _loop(self) -> None:
        renew_every = self.policy.lease_seconds / 3
        while not self.lost.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=renew_every)
            # At most one write per interval, the results of the interval together; a judging that ends
            # within it writes them with its final result instead (`stop`).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), timeout=self.policy.flush_interval_seconds)
            self._wake.clear()
            if self._closed:
                return
            try:
                await self.flush()
            except Exception as error:  # the database may come back before the lease runs out
                logger.warning("saving progress of %s failed, retrying: %s", self.claim.submission_id, error)


def judged_event(claim: Claim, result: TestResult) -> TestJudged:
    """The domain event of one stored test result."""
    return TestJudged(
        submission_id=claim.submission_id,
        attempt=claim.attempt,
        index=result.index,
        test_id=result.test_id,
        name=result.name,
        group=result.group,
        verdict=result.verdict,
        time_ms=result.time_ms,
        wall_time_ms=result.wall_time_ms,
        memory_kb=result.memory_kb,
        score=result.score,
        checker_message=result.checker_message,
    )

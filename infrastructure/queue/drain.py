"""A worker's graceful stop: once `begin` is called it claims nothing more; `finish` lets the judgings in
hand end within a grace period, then cancels the rest, which hand their submissions back
(`JudgeSubmission`: released claim, requeued, the try not counted)."""

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from infrastructure.observability.metrics import Metrics

logger = logging.getLogger(__name__)

HAND_BACK_SECONDS = 30.0  # for cancelled judgings to stop their sandbox runs and release their claims


@dataclass(frozen=True, slots=True, kw_only=True)
class DrainResult:
    finished: int
    handed_back: int


class Drain:
    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics
        self._in_hand: set[asyncio.Task[object]] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self.draining = False

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Marks the current task as a judging in hand until the block ends."""
        task = asyncio.current_task()
        assert task is not None
        self._in_hand.add(task)
        self._idle.clear()
        self._metrics.slots_busy.set(len(self._in_hand))
        try:
            yield
        finally:
            self._in_hand.discard(task)
            if not self._in_hand:
                self._idle.set()
            self._metrics.slots_busy.set(len(self._in_hand))

    async def quiet(self, at_least: float, at_most: float) -> None:
        """Returns after `at_least` seconds once no judging is in hand, or after `at_most`. The process's
        background work that can wait (the outbox relay, and the notifier it feeds) waits here: events
        that come close together leave in one batch, and mostly between judgings rather than beside them
        on the same event loop."""
        await asyncio.sleep(at_least)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(max(0.0, at_most - at_least)):
                await self._idle.wait()

    def begin(self) -> None:
        self.draining = True

    async def finish(self, grace_seconds: float) -> DrainResult:
        in_hand = set(self._in_hand)
        if not in_hand:
            return DrainResult(finished=0, handed_back=0)
        logger.info("draining: %d judging(s) in hand, waiting up to %.0f s", len(in_hand), grace_seconds)
        _, running = await asyncio.wait(in_hand, timeout=grace_seconds) if grace_seconds else (set(), in_hand)
        for task in running:
            task.cancel()
        if running:
            await asyncio.wait(running, timeout=HAND_BACK_SECONDS)
            self._metrics.judgings.labels(outcome="handed_back").inc(len(running))
        return DrainResult(finished=len(in_hand) - len(running), handed_back=len(running))

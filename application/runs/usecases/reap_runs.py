from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from application.clock import Clock
from application.messaging.events import EventRecorder
from application.runs.policy import RunsPolicy
from application.submissions.dispatch import dispatch_quietly
from application.submissions.ports import JudgeQueue
from application.transactions import TransactionManager
from domain.runs.entities import RunOutcome
from domain.runs.events import RunFinished
from domain.runs.repositories import RunStore


@dataclass(frozen=True, slots=True, kw_only=True)
class ReapRunsOutput:
    requeued: list[UUID]
    given_up: list[UUID]
    redispatched: list[UUID]
    purged: int


@dataclass(frozen=True, slots=True)
class ReapRuns:
    """Recovers and forgets runs: a run whose worker died (lease run out) is queued again, or ends as an
    internal error after `max_tries` claims; a queued run no worker picked up is dispatched again; a
    finished run older than the retention period is deleted with its outputs. A run given up on is finished
    (`RunFinished`: its callback is told)."""

    store: RunStore
    queue: JudgeQueue
    clock: Clock
    tx: TransactionManager
    policy: RunsPolicy
    events: EventRecorder

    async def __call__(self) -> ReapRunsOutput:
        now = self.clock.now()
        requeued, given_up = await self.store.expire_leases(now, self.policy.max_tries)
        stale = now - timedelta(seconds=self.policy.redispatch_after_seconds)
        redispatched = await self.store.undispatched(stale, now)
        purged = await self.store.purge(now - timedelta(seconds=self.policy.retention_seconds))
        for run_id in given_up:
            self.events.record(
                RunFinished(run_id=run_id, outcome=RunOutcome.INTERNAL_ERROR, verdict=None, finished_at=now)
            )
        await self.tx.commit()
        await dispatch_quietly(self.queue, [*requeued, *redispatched])
        return ReapRunsOutput(requeued=requeued, given_up=given_up, redispatched=redispatched, purged=purged)

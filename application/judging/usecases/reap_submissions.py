from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from application.clock import Clock
from application.judging.policy import JudgingPolicy
from application.messaging.events import NO_EVENTS, EventRecorder
from application.submissions.dispatch import dispatch_quietly
from application.submissions.ports import JudgeQueue
from application.transactions import TransactionManager
from domain.submissions.events import RequeueReason, SubmissionRequeued
from domain.submissions.repositories import QueueRecovery

REDISPATCH_BATCH = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class ReapSubmissionsOutput:
    expired: list[UUID]
    redispatched: list[UUID]


@dataclass(frozen=True, slots=True)
class ReapSubmissions:
    """Nothing is lost: submissions whose worker stopped renewing its lease go back to the queue (one more
    try of the same judging), and queued submissions nobody picked up (broker down, message lost, no worker
    listening) are dispatched again. A duplicate wake-up is harmless: claiming is atomic, and a wake-up that
    finds nothing to claim does nothing."""

    store: QueueRecovery
    queue: JudgeQueue
    clock: Clock
    tx: TransactionManager
    policy: JudgingPolicy
    events: EventRecorder = NO_EVENTS

    async def __call__(self) -> ReapSubmissionsOutput:
        now = self.clock.now()
        expired = await self.store.reap_expired(now)
        self.events.record(
            *(SubmissionRequeued(submission_id=id_, reason=RequeueReason.LEASE_EXPIRED) for id_ in expired)
        )
        stale_since = now - timedelta(seconds=self.policy.redispatch_after_seconds)
        waiting = await self.store.waiting_since(stale_since, REDISPATCH_BATCH)
        await self.store.mark_dispatched(waiting, now)
        await self.tx.commit()
        await dispatch_quietly(self.queue, waiting)
        return ReapSubmissionsOutput(expired=expired, redispatched=waiting)

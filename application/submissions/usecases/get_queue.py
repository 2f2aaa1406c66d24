from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.workers.policy import WorkerLiveness
from domain.accounts.access import can_watch_operations
from domain.accounts.exceptions import ForbiddenError
from domain.submissions.repositories import LanguageBacklog, QueueStatsReader
from domain.workers.entities import WorkerState
from domain.workers.repositories import WorkerReader


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkerLoad:
    worker_id: UUID
    hostname: str
    state: WorkerState
    slots: int  # submissions it judges at once
    busy_slots: int  # submissions it holds under a live lease


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueView:
    queued: int
    judging: int
    finished: int
    oldest_queued_seconds: float | None
    backlog: list[LanguageBacklog]
    workers: list[WorkerLoad]


@dataclass(frozen=True, slots=True)
class GetQueue:
    """The judging queue now: submissions by status, the age of the oldest queued one, the backlog per
    language (queued and judging) and, per worker heard from lately, its slots and how many are busy
    (submissions it holds under a live lease). Admins only."""

    identity: IdentityProvider
    queue: QueueStatsReader
    workers: WorkerReader
    clock: Clock
    liveness: WorkerLiveness

    async def __call__(self) -> QueueView:
        if not can_watch_operations(await self.identity.principal()):
            raise ForbiddenError("Only admins see the queue.")
        now = self.clock.now()
        snapshot = await self.queue.snapshot(now, with_finished=True)
        workers = await self.workers.list_all()
        oldest = snapshot.oldest_queued_at
        return QueueView(
            queued=snapshot.queued,
            judging=snapshot.judging,
            finished=snapshot.finished or 0,
            oldest_queued_seconds=None if oldest is None else max(0.0, (now - oldest).total_seconds()),
            backlog=snapshot.backlog,
            workers=[
                WorkerLoad(
                    worker_id=worker.id,
                    hostname=worker.hostname,
                    state=worker.state(now, self.liveness.offline_after),
                    slots=worker.concurrency,
                    busy_slots=snapshot.held.get(worker.id, 0),
                )
                for worker in workers
            ],
        )

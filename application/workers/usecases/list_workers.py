from dataclasses import dataclass

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.workers.policy import WorkerLiveness
from domain.accounts.exceptions import ForbiddenError
from domain.workers.entities import Worker, WorkerState
from domain.workers.repositories import WorkerReader


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkerView:
    worker: Worker
    state: WorkerState
    seconds_since_heartbeat: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ListWorkersOutput:
    workers: list[WorkerView]


@dataclass(frozen=True, slots=True)
class ListWorkers:
    """Every worker heard from in the last day, online ones first, each with its state (online or
    offline), its languages and the time since its last heartbeat. Admins only."""

    identity: IdentityProvider
    workers: WorkerReader
    clock: Clock
    liveness: WorkerLiveness

    async def __call__(self) -> ListWorkersOutput:
        if not (await self.identity.principal()).is_admin:
            raise ForbiddenError("Only admins see the workers.")
        now = self.clock.now()
        views = [
            WorkerView(
                worker=worker,
                state=worker.state(now, self.liveness.offline_after),
                seconds_since_heartbeat=round((now - worker.last_heartbeat_at).total_seconds(), 3),
            )
            for worker in await self.workers.list_all()
        ]
        views.sort(key=lambda v: (v.state != WorkerState.ONLINE, v.seconds_since_heartbeat))
        return ListWorkersOutput(workers=views)

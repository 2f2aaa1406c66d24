from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from application.clock import Clock
from application.transactions import TransactionManager
from domain.languages.entities import Language
from domain.workers.entities import Worker
from domain.workers.repositories import WorkerSaver


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordHeartbeatInput:
    worker_id: UUID
    hostname: str
    concurrency: int
    languages: list[Language]
    started_at: datetime
    isolated: bool


FORGET_AFTER = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class RecordHeartbeat:
    """A worker announces it is alive and which languages it can judge right now. Workers silent for a day
    are forgotten, so restarts do not pile up in the list."""

    workers: WorkerSaver
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: RecordHeartbeatInput) -> Worker:
        worker = Worker(
            id=data.worker_id,
            hostname=data.hostname,
            concurrency=data.concurrency,
            languages=list(data.languages),
            started_at=data.started_at,
            last_heartbeat_at=self.clock.now(),
            isolated=data.isolated,
        )
        await self.workers.save(worker)
        await self.workers.forget_silent_since(worker.last_heartbeat_at - FORGET_AFTER)
        await self.tx.commit()
        return worker

import asyncio
import math
import time
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.workers.ports import RecentWorkers
from domain.workers.entities import Worker
from domain.workers.repositories import WorkerReader, WorkerSaver
from infrastructure.database.repositories.workers.mappers import dump_languages, model_to_worker
from infrastructure.database.repositories.workers.models import WorkerModel


class CachedWorkers(RecentWorkers):
    """Every worker row, read again when the last reading is older than `max_age` (in its own session);
    liveness is judged at each call against the heartbeats read."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], max_age: float = 1.0) -> None:
        self._sessionmaker = sessionmaker
        self._max_age = max_age
        self._workers: Sequence[Worker] = ()
        self._read_at = -math.inf
        self._lock = asyncio.Lock()  # one reading at a time, however many requests find it old

    async def list_alive_since(self, moment: datetime) -> Sequence[Worker]:
        if time.monotonic() - self._read_at > self._max_age:
            async with self._lock:
                if time.monotonic() - self._read_at > self._max_age:
                    read_at = time.monotonic()
                    async with self._sessionmaker() as session:
                        self._workers = await SqlWorkerRepository(session).list_all()
                    self._read_at = read_at
        return [worker for worker in self._workers if worker.last_heartbeat_at >= moment]


class SqlWorkerRepository(WorkerReader, WorkerSaver):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save(self, worker: Worker) -> None:
        values = {
            "id": worker.id,
            "hostname": worker.hostname,
            "concurrency": worker.concurrency,
            "languages": dump_languages(worker.languages),
            "isolated": worker.isolated,
            "started_at": worker.started_at,
            "last_heartbeat_at": worker.last_heartbeat_at,
        }
        statement = insert(WorkerModel).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[WorkerModel.id],
            set_={key: statement.excluded[key] for key in values if key != "id"},
        )
        await self._session.execute(statement)

    async def forget_silent_since(self, moment: datetime) -> None:
        await self._session.execute(delete(WorkerModel).where(WorkerModel.last_heartbeat_at < moment))

    async def list_all(self) -> Sequence[Worker]:
        rows = await self._session.scalars(select(WorkerModel).order_by(WorkerModel.last_heartbeat_at.desc()))
        return [model_to_worker(row) for row in rows]

    async def list_alive_since(self, moment: datetime) -> Sequence[Worker]:
        rows = await self._session.scalars(select(WorkerModel).where(WorkerModel.last_heartbeat_at >= moment))
        return [model_to_worker(row) for row in rows]

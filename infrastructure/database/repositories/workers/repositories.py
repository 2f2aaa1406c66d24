from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.workers.entities import Worker
from domain.workers.repositories import WorkerReader, WorkerSaver
from infrastructure.database.repositories.workers.mappers import dump_languages, model_to_worker
from infrastructure.database.repositories.workers.models import WorkerModel


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

from datetime import timedelta

from dishka import AnyOf, Provider, Scope, provide, provide_all
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.workers.policy import WorkerLiveness
from application.workers.ports import RecentWorkers
from application.workers.usecases import ListWorkers, RecordHeartbeat
from domain.workers.repositories import WorkerReader, WorkerSaver
from infrastructure.config import Settings
from infrastructure.database.repositories.workers.repositories import CachedWorkers, SqlWorkerRepository


class WorkersProvider(Provider):
    """Workers: their repository, when one counts as offline, and the heartbeat and listing use cases."""

    scope = Scope.REQUEST

    workers = provide(SqlWorkerRepository, provides=AnyOf[WorkerReader, WorkerSaver])
    use_cases = provide_all(ListWorkers, RecordHeartbeat)

    @provide(scope=Scope.APP)
    def recent_workers(self, sessionmaker: async_sessionmaker[AsyncSession]) -> RecentWorkers:
        return CachedWorkers(sessionmaker)

    @provide(scope=Scope.APP)
    def liveness(self, settings: Settings) -> WorkerLiveness:
        return WorkerLiveness(offline_after=timedelta(seconds=settings.worker_offline_after_seconds))

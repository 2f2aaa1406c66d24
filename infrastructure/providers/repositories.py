from dishka import AnyOf, Provider, Scope, provide

from domain.workers.repositories import WorkerReader, WorkerSaver
from infrastructure.database.repositories.workers.repositories import SqlWorkerRepository


class RepositoriesProvider(Provider):
    scope = Scope.REQUEST

    workers = provide(SqlWorkerRepository, provides=AnyOf[WorkerReader, WorkerSaver])

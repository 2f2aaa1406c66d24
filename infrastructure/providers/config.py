from datetime import timedelta

from dishka import Provider, Scope, from_context, provide

from application.clock import Clock, SystemClock
from application.workers.policy import WorkerLiveness
from infrastructure.config import Settings


class ConfigProvider(Provider):
    scope = Scope.APP

    settings = from_context(provides=Settings, scope=Scope.APP)
    clock = provide(SystemClock, provides=Clock)

    @provide
    def liveness(self, settings: Settings) -> WorkerLiveness:
        return WorkerLiveness(offline_after=timedelta(seconds=settings.worker_offline_after_seconds))

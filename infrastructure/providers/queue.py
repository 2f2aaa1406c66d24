from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide
from taskiq import AsyncBroker

from application.health.probes import BrokerProbe
from infrastructure.config import Settings
from infrastructure.providers.database import DatabaseUrl
from infrastructure.queue.broker import BrokerTarget, ConnectBrokerProbe, broker_target, create_broker
from infrastructure.queue.tasks import register_tasks


class QueueProvider(Provider):
    scope = Scope.APP

    @provide
    def target(self, settings: Settings, url: DatabaseUrl) -> BrokerTarget:
        return broker_target(settings.broker_url, url)

    @provide
    def probe(self, target: BrokerTarget) -> BrokerProbe:
        return ConnectBrokerProbe(target)

    @provide
    async def broker(self, target: BrokerTarget) -> AsyncIterator[AsyncBroker]:
        """A client broker (the server's): started lazily here, shut down with the container."""
        broker = create_broker(target)
        register_tasks(broker)
        yield broker
        await broker.shutdown()

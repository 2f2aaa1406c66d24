from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide
from taskiq import AsyncBroker

from application.health.probes import BrokerProbe
from infrastructure.config import Settings
from infrastructure.providers.database import DatabaseUrl
from infrastructure.queue.broker import (
    BrokerStarter,
    BrokerTarget,
    ConnectBrokerProbe,
    broker_target,
    create_broker,
)
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
    def broker(self, target: BrokerTarget) -> AsyncBroker:
        broker = create_broker(target)
        register_tasks(broker)
        return broker

    @provide
    async def starter(self, broker: AsyncBroker) -> AsyncIterator[BrokerStarter]:
        """Starts the broker on first use and shuts it down with the container."""
        starter = BrokerStarter(broker)
        yield starter
        await starter.close()

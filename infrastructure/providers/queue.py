from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide
from taskiq import AsyncBroker

from infrastructure.config import Settings
from infrastructure.providers.database import DatabaseUrl
from infrastructure.queue.broker import (
    BrokerStarter,
    BrokerTarget,
    broker_target,
    create_broker,
)
from infrastructure.queue.tasks import register_tasks


class QueueProvider(Provider):
    """Where tasks travel (the broker chosen by BROKER_URL) and the broker, started on first use."""

    scope = Scope.APP

    @provide
    def target(self, settings: Settings, url: DatabaseUrl) -> BrokerTarget:
        return broker_target(settings.broker_url, url)

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

from dishka import Provider, Scope, provide
from sqlalchemy.ext.asyncio import AsyncEngine

from application.health.probes import BrokerProbe, DatabaseProbe
from application.health.usecases import CheckHealth
from infrastructure.database.probe import SqlDatabaseProbe
from infrastructure.queue.broker import BrokerTarget, ConnectBrokerProbe


class HealthProvider(Provider):
    """Probes of PostgreSQL and the broker, and the use case that reports them."""

    scope = Scope.APP

    check_health = provide(CheckHealth, scope=Scope.REQUEST)

    @provide
    def database_probe(self, engine: AsyncEngine) -> DatabaseProbe:
        return SqlDatabaseProbe(engine)

    @provide
    def broker_probe(self, target: BrokerTarget) -> BrokerProbe:
        return ConnectBrokerProbe(target)

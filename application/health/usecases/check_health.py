import asyncio
from dataclasses import dataclass

from application.health.probes import BrokerProbe, DatabaseProbe


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthReport:
    database: str  # "ok" or why not
    broker: str

    @property
    def healthy(self) -> bool:
        return self.database == "ok" and self.broker == "ok"

    @property
    def failing(self) -> list[str]:
        return [
            name for name, state in (("database", self.database), ("broker", self.broker)) if state != "ok"
        ]


class CheckHealth:
    """The service is healthy when both PostgreSQL and the broker answer; both are asked at once."""

    def __init__(self, database: DatabaseProbe, broker: BrokerProbe) -> None:
        self._database = database
        self._broker = broker

    async def __call__(self) -> HealthReport:
        database, broker = await asyncio.gather(self._database.check(), self._broker.check())
        return HealthReport(database=database or "ok", broker=broker or "ok")

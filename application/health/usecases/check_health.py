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


@dataclass(frozen=True, slots=True)
class CheckHealth:
    """The service can work when both PostgreSQL and the broker answer. Both are asked at once and afresh
    on every call, so health recovers as soon as the failing part does."""

    database: DatabaseProbe
    broker: BrokerProbe

    async def __call__(self) -> HealthReport:
        database, broker = await asyncio.gather(self.database.check(), self.broker.check())
        return HealthReport(database=database or "ok", broker=broker or "ok")

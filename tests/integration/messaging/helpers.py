import asyncio
import uuid
from collections.abc import Callable

import asyncpg
from dishka import Provider, Scope, provide

from application.messaging.delivery import EventSinks
from application.messaging.integration import EventSink, IntegrationEvent
from infrastructure.messaging.sinks import LoggingSink


class RecordingSink(EventSink):
    """A sink that keeps what it was given (every call, duplicates included)."""

    def __init__(self) -> None:
        self.received: list[IntegrationEvent] = []
        self.failures_left = 0

    async def handle(self, event: IntegrationEvent) -> None:
        if self.failures_left > 0:
            self.failures_left -= 1
            raise RuntimeError("the sink is down")
        self.received.append(event)

    def about(self, subject: str) -> list[IntegrationEvent]:
        return [
            event
            for event in self.received
            if subject in (event.payload.get("submissionId"), event.payload.get("problemId"))
        ]


class SinkProvider(Provider):
    def __init__(self, sink: RecordingSink) -> None:
        super().__init__()
        self._sink = sink

    @provide(scope=Scope.REQUEST, override=True)
    def sinks(self, logging: LoggingSink) -> EventSinks:
        return EventSinks((logging, self._sink))


async def outbox_rows(database_url: str, subject: str) -> list[asyncpg.Record]:
    """The outbox rows about a submission or a problem, in publishing order."""
    connection = await asyncpg.connect(database_url)
    try:
        return list(
            await connection.fetch(
                "SELECT * FROM outbox WHERE payload->>'submissionId' = $1 OR payload->>'problemId' = $1 "
                "ORDER BY seq",
                subject,
            )
        )
    finally:
        await connection.close()


async def eventually(check: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("not within the time allowed")
        await asyncio.sleep(0.05)


def new_id() -> uuid.UUID:
    return uuid.uuid4()

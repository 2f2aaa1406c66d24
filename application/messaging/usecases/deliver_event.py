from dataclasses import dataclass

from application.messaging.delivery import NOTIFIER, EventSinks, ProcessedEvents
from application.messaging.integration import EventSink, IntegrationEvent
from application.transactions import TransactionManager


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliverEventOutput:
    delivered_to: int  # sinks that got it this time
    duplicate: bool  # every sink had it already


def sink_name(sink: EventSink) -> str:
    return f"sink:{type(sink).__name__}"


@dataclass(frozen=True, slots=True)
class DeliverEvent:
    """Hands an integration event to every sink that has not processed it yet (by its id), each marked as
    soon as it has it: an event delivered twice (the relay publishes at least once) reaches each sink once,
    and a sink that fails gets it again on the next delivery while the others are not asked again. A
    failing sink fails the delivery (the relay publishes the event again later)."""

    sinks: EventSinks
    processed: ProcessedEvents
    tx: TransactionManager

    async def __call__(self, event: IntegrationEvent) -> DeliverEventOutput:
        if await self.processed.seen(event.id, NOTIFIER):
            await self.tx.rollback()
            return DeliverEventOutput(delivered_to=0, duplicate=True)
        delivered = 0
        for sink in self.sinks:
            name = sink_name(sink)
            if await self.processed.seen(event.id, name):
                continue
            await self.tx.rollback()  # no transaction stays open while a sink works
            await sink.handle(event)
            await self.processed.mark(event.id, name)
            await self.tx.commit()
            delivered += 1
        await self.processed.mark(event.id, NOTIFIER)
        await self.tx.commit()
        return DeliverEventOutput(delivered_to=delivered, duplicate=False)

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from application.messaging.delivery import NOTIFIER, EventSinks, ProcessedEvents
from application.messaging.integration import EventSink, IntegrationEvent
from application.transactions import TransactionManager

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliverEventsOutput:
    delivered: int  # events of the batch not processed before (each went to every sink that lacked it)
    duplicates: int  # events every sink had already, or repeated within the batch


def sink_name(sink: EventSink) -> str:
    return f"sink:{type(sink).__name__}"


@dataclass(frozen=True, slots=True)
class DeliverEvents:
    """Hands a batch of integration events, in order, to every sink that has not processed them yet (by
    event id), and marks which sink has which: an event delivered twice (the relay publishes at least once,
    a batch may come again, an id may repeat within it) reaches each sink once, and a sink that fails gets
    the batch again on the next delivery while the sinks before it, marked before the failure is raised,
    are not asked again. A failing sink fails the delivery (the relay publishes the events again later).
    Which event each sink has is read for the whole batch at once; the marks of every sink and of the
    notifier are written together in one statement and transaction (a notifier killed before it leaves
    them is asked again for the batch, which sinks must take idempotently by event id)."""

    sinks: EventSinks
    processed: ProcessedEvents
    tx: TransactionManager

    async def __call__(self, events: Sequence[IntegrationEvent]) -> DeliverEventsOutput:
        first: dict[UUID, IntegrationEvent] = {}
        for event in events:
            first.setdefault(event.id, event)
        distinct = list(first.values())
        names = [sink_name(sink) for sink in self.sinks]
        seen = await self.processed.seen_by([event.id for event in distinct], [NOTIFIER, *names])
        await self.tx.rollback()  # no transaction stays open while a sink works
        pending = [event for event in distinct if (event.id, NOTIFIER) not in seen]
        marks: list[tuple[UUID, str]] = []
        try:
            for sink, name in zip(self.sinks, names, strict=True):
                lacking = [event for event in pending if (event.id, name) not in seen]
                if lacking:
                    await sink.handle_many(lacking)
                    marks += [(event.id, name) for event in lacking]
        except Exception:
            await self._mark_before_failing(marks)
            raise
        marks += [(event.id, NOTIFIER) for event in pending]
        if marks:
            await self.processed.mark_many(marks)
            await self.tx.commit()
        return DeliverEventsOutput(delivered=len(pending), duplicates=len(events) - len(pending))

    async def _mark_before_failing(self, marks: list[tuple[UUID, str]]) -> None:
        """The sinks that have the batch, so that only the failing one and those after it are asked again."""
        if not marks:
            return
        try:
            await self.tx.rollback()  # nothing the failing sink left uncommitted is committed with the marks
            await self.processed.mark_many(marks)
            await self.tx.commit()
        except Exception:  # the sink's error is the one to raise; those sinks are asked again
            logger.exception("could not mark the sinks that took a batch before another failed")

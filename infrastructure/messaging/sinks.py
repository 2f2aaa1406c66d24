"""Event sinks that ship with the judge."""

import json
import logging

from application.messaging.integration import EventSink, IntegrationEvent
from infrastructure.messaging.codec import dump_event

logger = logging.getLogger("judge.events")


class LoggingSink(EventSink):
    """Logs every integration event on one line (logger `judge.events`, INFO): type, id, then the event as
    JSON without its restricted fields (logs are read by operators, not only by problem managers)."""

    async def handle(self, event: IntegrationEvent) -> None:
        if not logger.isEnabledFor(logging.INFO):  # rendering the line is most of the cost
            return
        public = dump_event(event)
        public.pop("restricted", None)
        logger.info("event %s %s %s", event.type, event.id, json.dumps(public, sort_keys=True))

"""Ports of the notification worker."""

from typing import NewType, Protocol
from uuid import UUID

from application.messaging.integration import EventSink

EventSinks = NewType("EventSinks", tuple[EventSink, ...])
"""Every sink the notifier hands each integration event to (the logging sink, webhooks…)."""

NOTIFIER = "notifier"
"""The consumer name of the notifier as a whole: its row in processed_events means every sink has it."""


class ProcessedEvents(Protocol):
    """Which consumer has processed which event (consumers are idempotent by event id)."""

    async def seen(self, event_id: UUID, consumer: str) -> bool: ...

    async def mark(self, event_id: UUID, consumer: str) -> None:
        """Idempotent: marking twice is marking once."""
        ...

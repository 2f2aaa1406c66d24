"""Ports of the notification worker."""

from collections.abc import Collection, Sequence
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

    async def seen_by(self, event_ids: Collection[UUID], consumers: Collection[str]) -> set[tuple[UUID, str]]:
        """Which of these events each of these consumers has processed, as (event id, consumer) pairs."""
        ...

    async def mark_many(self, marks: Sequence[tuple[UUID, str]]) -> None:
        """(event id, consumer) pairs; idempotent as `mark` is."""
        ...

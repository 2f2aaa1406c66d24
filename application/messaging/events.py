"""Collecting domain events during a unit of work."""

from typing import Protocol


class EventRecorder(Protocol):
    """Where a use case records the domain events of the changes it makes; they are handled when it commits
    (and dropped when it rolls back)."""

    def record(self, *events: object) -> None: ...


class CollectedEvents(EventRecorder):
    """The events of one unit of work (one request scope), in the order they were recorded."""

    def __init__(self) -> None:
        self._pending: list[object] = []

    def record(self, *events: object) -> None:
        self._pending.extend(events)

    def take(self) -> list[object]:
        taken, self._pending = self._pending, []
        return taken

    def discard(self) -> None:
        self._pending.clear()

    @property
    def pending(self) -> bool:
        return bool(self._pending)


class _Nowhere(EventRecorder):
    def record(self, *events: object) -> None:
        """A use case built without a recorder (its own unit tests) records into nothing."""


NO_EVENTS: EventRecorder = _Nowhere()

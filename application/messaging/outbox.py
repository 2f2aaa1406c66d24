"""The transactional outbox: integration events are stored in the same transaction as the change that
raised them, and a relay publishes what was committed (at least once, each with a stable id)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from application.messaging.integration import Audience, IntegrationEvent


class Outbox(Protocol):
    async def add(self, events: Sequence[IntegrationEvent]) -> None:
        """Stores the events in the current transaction (nothing is stored if it rolls back)."""
        ...


class AudienceReader(Protocol):
    """Who may hear about a subject (the same rules as reading it)."""

    async def of_submission(self, submission_id: UUID) -> Audience | None:
        """None: the submission is gone."""
        ...

    async def of_problem(self, problem_id: UUID) -> Audience | None: ...

    async def of_run(self, run_id: UUID) -> Audience | None:
        """None: the run is gone."""
        ...


class ProgressSignal(Protocol):
    async def changed(self, submission_id: UUID) -> None:
        """Wakes whoever streams the submission's progress, once the current transaction commits."""
        ...


@dataclass(slots=True)
class AudienceCache:
    """One lookup per subject per unit of work (a judging's batch of tests shares one)."""

    reader: AudienceReader
    _submissions: dict[UUID, Audience | None] = field(default_factory=dict)

    async def of_submission(self, submission_id: UUID) -> Audience | None:
        if submission_id not in self._submissions:
            self._submissions[submission_id] = await self.reader.of_submission(submission_id)
        return self._submissions[submission_id]

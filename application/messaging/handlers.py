"""Domain event handlers that speak outside: through the outbox (integration events) and the progress
signal (live streams), both in the transaction of the change."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from uuid import UUID

from application.clock import Clock
from application.messaging.integration import Audience, IntegrationEvent
from application.messaging.outbox import AudienceCache, AudienceReader, Outbox, ProgressSignal
from application.messaging.translation import integration_event
from domain.accounts.events import KeyRevoked
from domain.problems.events import ProblemChanged, ProblemPublished, TestsChanged
from domain.runs.events import RunFinished
from domain.submissions.events import SubmissionCreated, SubmissionEvent


@dataclass(slots=True)
class PublishSubmissionEvent:
    """A submission event as an integration event, for its submitter and its problem's owner. A submission
    deleted meanwhile (with its problem) publishes nothing."""

    outbox: Outbox
    audiences: AudienceReader
    clock: Clock
    _cache: AudienceCache | None = field(default=None, init=False)

    async def __call__(self, event: SubmissionEvent) -> None:
        await self.handle_many([event])

    async def handle_many(self, events: Sequence[SubmissionEvent]) -> None:
        """Events in order, their rows stored in one statement (a judging's batch of test results)."""
        now = self.clock.now()
        rows: list[IntegrationEvent] = []
        for event in events:
            audience = await self._audience(event)
            if audience is not None:
                rows.append(integration_event(event, audience, now))
        await self.outbox.add(rows)

    async def _audience(self, event: SubmissionEvent) -> Audience | None:
        if isinstance(event, SubmissionCreated):  # the creating use case knows the audience already
            return Audience(
                account_id=event.owner_id,
                problem_id=event.problem_id,
                problem_owner_id=event.problem_owner_id,
            )
        if self._cache is None:
            self._cache = AudienceCache(self.audiences)
        return await self._cache.of_submission(event.submission_id)


@dataclass(frozen=True, slots=True)
class PublishProblemEvent:
    """A problem event as an integration event, for the problem's owner (and admins)."""

    outbox: Outbox
    clock: Clock

    async def __call__(self, event: ProblemPublished | ProblemChanged | TestsChanged) -> None:
        audience = Audience(problem_id=event.problem_id, problem_owner_id=event.owner_id)
        await self.outbox.add([integration_event(event, audience, self.clock.now())])


@dataclass(frozen=True, slots=True)
class PublishKeyEvent:
    """A key event as an integration event, for the key's account (and admins)."""

    outbox: Outbox
    clock: Clock

    async def __call__(self, event: KeyRevoked) -> None:
        audience = Audience(account_id=event.account_id)
        await self.outbox.add([integration_event(event, audience, self.clock.now())])


@dataclass(frozen=True, slots=True)
class PublishRunEvent:
    """A run event as an integration event, for the run's creator (and admins). A run deleted meanwhile
    publishes nothing."""

    outbox: Outbox
    audiences: AudienceReader
    clock: Clock

    async def __call__(self, event: RunFinished) -> None:
        audience = await self.audiences.of_run(event.run_id)
        if audience is not None:
            await self.outbox.add([integration_event(event, audience, self.clock.now())])


@dataclass(frozen=True, slots=True)
class SignalSubmissionProgress:
    """Wakes the live progress streams of the submission (they read what changed from the database)."""

    signal: ProgressSignal

    async def __call__(self, event: SubmissionEvent) -> None:
        submission_id: UUID = event.submission_id
        await self.signal.changed(submission_id)

    async def handle_many(self, events: Sequence[SubmissionEvent]) -> None:
        """One wake-up per submission (PostgreSQL would fold the repeats within the transaction anyway)."""
        for submission_id in dict.fromkeys(event.submission_id for event in events):
            await self.signal.changed(submission_id)

"""Domain event handlers that speak outside: through the outbox (integration events) and the progress
signal (live streams), both in the transaction of the change."""

from dataclasses import dataclass, field
from uuid import UUID

from application.clock import Clock
from application.messaging.integration import Audience
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
        audience: Audience | None
        if isinstance(event, SubmissionCreated):  # the creating use case knows the audience already
            audience = Audience(
                account_id=event.owner_id,
                problem_id=event.problem_id,
                problem_owner_id=event.problem_owner_id,
            )
        else:
            if self._cache is None:
                self._cache = AudienceCache(self.audiences)
            audience = await self._cache.of_submission(event.submission_id)
        if audience is not None:
            await self.outbox.add([integration_event(event, audience, self.clock.now())])


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

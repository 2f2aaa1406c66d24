from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from domain.problems.repositories import ProblemAccess, ProblemViewer
from domain.submissions.entities import Submission
from domain.submissions.events import SubmissionCreated


class JudgeQueue(Protocol):
    """Wakes one worker for each submission. A wake-up names no submission: the woken worker claims the
    fairest waiting one it can judge, so wake-ups and queued submissions stay one for one. Delivery is best
    effort: the database is the source of truth and the reaper re-dispatches what was not picked up."""

    async def dispatch(self, submission_ids: Sequence[UUID]) -> None: ...


class DispatchStager(Protocol):
    """Writes the wake-ups in the caller's transaction when the broker keeps its messages in the same
    database: they are stored (and sent, at commit) with the submissions or not at all, so no dispatch
    follows the commit. False when the broker lives elsewhere: then `JudgeQueue.dispatch` follows the
    commit as before."""

    async def stage(self, submission_ids: Sequence[UUID]) -> bool: ...


class _NoStaging(DispatchStager):
    async def stage(self, submission_ids: Sequence[UUID]) -> bool:
        return False


NO_STAGING: DispatchStager = _NoStaging()


@dataclass(frozen=True, slots=True)
class Intake:
    """A stored submission's problem access, and whether its wake-up was written with it (`staged`; else
    `JudgeQueue.dispatch` follows the commit)."""

    access: ProblemAccess
    staged: bool


class SubmissionIntake(Protocol):
    """Stores a new submission when `viewer` may see its problem, together with what its creation sends:
    `created` (its integration event in the outbox, for the submitter and the problem's owner, whom the
    same statement finds: `created.problem_owner_id` is not known before) and, as `DispatchStager` would,
    the worker's wake-up: all in one write that stands or falls as a whole, inside the caller's
    transaction when one is open. None (nothing stored) when the problem is unknown or not visible to
    `viewer`."""

    async def add_if_visible(
        self, submission: Submission, viewer: ProblemViewer | None, created: SubmissionCreated
    ) -> Intake | None: ...


class FinishSignal(Protocol):
    async def wait(self, seconds: float) -> None:
        """Returns once the watched submission may have finished, or at the timeout."""
        ...


class SubmissionWatcher(Protocol):
    def watch(self, submission_id: UUID) -> AbstractAsyncContextManager[FinishSignal]:
        """Subscribe before reading the submission: a finish between the read and the wait is not missed."""
        ...


class ProgressSignal(Protocol):
    async def wait(self, seconds: float) -> bool:
        """Returns True once the watched submission may have changed since the last wait, False at the
        timeout (or when the stream must close: see `closing`)."""
        ...

    @property
    def closing(self) -> bool:
        """The process is shutting down: end the stream now (the client resumes elsewhere)."""
        ...


class ProgressWatcher(Protocol):
    def watch(self, submission_id: UUID) -> AbstractAsyncContextManager[ProgressSignal]:
        """Subscribe before reading the submission: a change between the read and the wait is not missed."""
        ...

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.submissions.policy import SubmissionPolicy
from application.submissions.ports import ProgressWatcher
from application.submissions.visibility import ensure_visible, redacted
from application.transactions import TransactionManager
from domain.accounts.entities import Principal
from domain.exceptions import DomainError
from domain.judging.enums import SubmissionStatus
from domain.problems.repositories import ProblemReader, ProblemTestReader
from domain.submissions.entities import Submission
from domain.submissions.exceptions import SubmissionNotFoundError
from domain.submissions.progress import Position, Step, steps_after
from domain.submissions.repositories import SubmissionReader


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamSubmissionInput:
    submission_id: UUID
    last_event_id: str | None = None  # the position the client has seen (it resumes after it)


@dataclass(frozen=True, slots=True)
class ProgressUpdate:
    """One step to send, with the submission as its reader may see it at that moment."""

    step: Step
    submission: Submission


PING = None
"""Yielded when nothing happened for the policy's ping interval (a keep-alive)."""


@dataclass(frozen=True, slots=True)
class StreamSubmission:
    """A submission's live progress for whoever may read it (the rules and filtering of reading it): queued,
    compiling, each test as it is judged, then the verdict, and the stream ends. Resuming after a position
    the client has seen sends exactly the steps after it (`domain/submissions/progress.py`); a stream opened
    after the verdict replays it all and ends. The stream wakes when the worker's changes commit (whatever
    process judges), sends a keep-alive when idle, and ends after the policy's longest stream, when the
    submission is deleted or when the process shuts down."""

    identity: IdentityProvider
    problems: ProblemReader
    tests: ProblemTestReader
    submissions: SubmissionReader
    watcher: ProgressWatcher
    tx: TransactionManager
    policy: SubmissionPolicy

    async def __call__(self, data: StreamSubmissionInput) -> AsyncIterator[ProgressUpdate | None]:
        last = Position.parse(data.last_event_id) if data.last_event_id else None
        principal = await self.identity.principal()
        submission = await self.submissions.get(data.submission_id)
        if submission is None:
            raise SubmissionNotFoundError(f"Submission {data.submission_id} does not exist.")
        await ensure_visible(principal, self.problems, submission)
        await self.tx.rollback()  # no transaction stays open while the stream waits
        return self._stream(principal, data.submission_id, last)

    async def _stream(
        self, principal: Principal, submission_id: UUID, last: Position | None
    ) -> AsyncIterator[ProgressUpdate | None]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.policy.stream_max_seconds
        async with self.watcher.watch(submission_id) as signal:
            while True:
                submission = await self._read(principal, submission_id)
                if submission is None:
                    return
                for step in steps_after(submission, last):
                    yield ProgressUpdate(step=step, submission=submission)
                    last = step.position
                remaining = deadline - loop.time()
                if submission.status is SubmissionStatus.FINISHED or signal.closing or remaining <= 0:
                    return
                changed = await signal.wait(min(self.policy.stream_ping_seconds, remaining))
                if not changed and not signal.closing and loop.time() < deadline:
                    yield PING

    async def _read(self, principal: Principal, submission_id: UUID) -> Submission | None:
        try:
            submission = await self.submissions.get(submission_id)
            if submission is None:
                return None
            await ensure_visible(principal, self.problems, submission)
            return await redacted(principal, self.problems, self.tests, submission)
        except DomainError:  # no longer visible (its problem moved to another owner…): the stream ends
            return None
        finally:
            await self.tx.rollback()

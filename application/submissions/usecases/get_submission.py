from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.submissions.policy import SubmissionPolicy
from application.submissions.ports import SubmissionWatcher
from application.submissions.visibility import redacted
from application.transactions import TransactionManager
from domain.accounts.access import can_see_submission
from domain.judging.enums import SubmissionStatus
from domain.problems.repositories import ProblemReader, ProblemTestReader
from domain.submissions.entities import Submission
from domain.submissions.exceptions import SubmissionNotFoundError
from domain.submissions.repositories import SubmissionReader


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSubmissionInput:
    submission_id: UUID
    wait_seconds: float = 0.0  # > 0: return once finished or when this much time has passed


@dataclass(frozen=True, slots=True)
class GetSubmission:
    """A submission with its per-test results, for its submitter, the problem's author and admins; to
    anyone else it does not exist. Optionally waits (bounded) until it is finished. Checker messages
    quote the expected answer, so on hidden tests only the problem's author and admins see them; the
    transcripts of an interactive problem's tests are theirs alone."""

    identity: IdentityProvider
    problems: ProblemReader
    tests: ProblemTestReader
    submissions: SubmissionReader
    watcher: SubmissionWatcher
    tx: TransactionManager
    policy: SubmissionPolicy

    async def __call__(self, data: GetSubmissionInput) -> Submission:
        principal = await self.identity.principal()
        submission = await self._read(data.submission_id)
        access = await self.problems.access_of(submission.problem_id)
        owner = access.owner_id if access else None
        if not can_see_submission(principal, submission.owner_id, owner):
            raise SubmissionNotFoundError(f"Submission {data.submission_id} does not exist.")
        submission = await self._wait(submission, data.wait_seconds)
        return await redacted(principal, self.problems, self.tests, submission)

    async def _wait(self, submission: Submission, seconds: float) -> Submission:
        wait = min(seconds, self.policy.wait_max_seconds)
        if wait <= 0 or submission.status is SubmissionStatus.FINISHED:
            return submission
        async with self.watcher.watch(submission.id) as finished:
            # A finish since the read above would not be heard: check the status alone, then wait.
            if await self.submissions.status_of(submission.id) is not SubmissionStatus.FINISHED:
                # End the read transaction: a waiting request must not hold a pooled connection.
                await self.tx.rollback()
                await finished.wait(wait)
            return await self._read(submission.id)

    async def _read(self, submission_id: UUID) -> Submission:
        submission = await self.submissions.get(submission_id)
        if submission is None:
            raise SubmissionNotFoundError(f"Submission {submission_id} does not exist.")
        return submission

from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.submissions.policy import SubmissionPolicy
from application.submissions.ports import SubmissionWatcher
from application.submissions.visibility import redacted
from application.transactions import TransactionManager
from domain.accounts.access import can_see_submission
from domain.accounts.entities import Principal
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
        wait = min(data.wait_seconds, self.policy.wait_max_seconds)
        if wait <= 0:
            submission = await self._visible(principal, data.submission_id)
            return await redacted(principal, self.problems, self.tests, submission)
        # Watched before the first read, so that a finish after it is heard: one read serves the access
        # check and the status check (the watch itself reveals nothing to anyone).
        async with self.watcher.watch(data.submission_id) as finished:
            submission = await self._visible(principal, data.submission_id)
            if submission.status is not SubmissionStatus.FINISHED:
                # End the read transaction: a waiting request must not hold a pooled connection.
                await self.tx.rollback()
                await finished.wait(wait)
                submission = await self._read(data.submission_id)
        return await redacted(principal, self.problems, self.tests, submission)

    async def _visible(self, principal: Principal, submission_id: UUID) -> Submission:
        submission = await self._read(submission_id)
        access = await self.problems.access_of(submission.problem_id)
        owner = access.owner_id if access else None
        if not can_see_submission(principal, submission.owner_id, owner):
            raise SubmissionNotFoundError(f"Submission {submission_id} does not exist.")
        return submission

    async def _read(self, submission_id: UUID) -> Submission:
        submission = await self.submissions.get(submission_id)
        if submission is None:
            raise SubmissionNotFoundError(f"Submission {submission_id} does not exist.")
        return submission

from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.submissions.policy import SubmissionPolicy
from application.submissions.ports import SubmissionWatcher
from application.transactions import TransactionManager
from domain.accounts.access import can_see_submission
from domain.judging.enums import SubmissionStatus
from domain.problems.repositories import ProblemReader
from domain.submissions.entities import Submission
from domain.submissions.exceptions import SubmissionNotFoundError
from domain.submissions.repositories import SubmissionReader


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSubmissionInput:
    submission_id: UUID
    wait_seconds: float = 0.0  # > 0: return once finished or when this much time has passed


class GetSubmission:
    """A submission with its per-test results; optionally waits (bounded) until it is finished."""

    def __init__(
        self,
        identity: IdentityProvider,
        problems: ProblemReader,
        submissions: SubmissionReader,
        watcher: SubmissionWatcher,
        tx: TransactionManager,
        policy: SubmissionPolicy,
    ) -> None:
        self._identity = identity
        self._problems = problems
        self._submissions = submissions
        self._tx = tx
        self._watcher = watcher
        self._policy = policy

    async def __call__(self, data: GetSubmissionInput) -> Submission:
        principal = await self._identity.principal()
        submission = await self._read(data.submission_id)
        problem = await self._problems.get(submission.problem_id)
        if not can_see_submission(principal, submission.owner_id, problem.owner_id if problem else None):
            raise SubmissionNotFoundError(f"Submission {data.submission_id} does not exist.")
        wait = min(data.wait_seconds, self._policy.wait_max_seconds)
        if wait <= 0 or submission.status is SubmissionStatus.FINISHED:
            return submission
        async with self._watcher.watch(data.submission_id) as finished:
            submission = await self._read(data.submission_id)
            if submission.status is SubmissionStatus.FINISHED:
                return submission
            # End the read transaction: a waiting request must not hold a pooled connection.
            await self._tx.rollback()
            await finished.wait(wait)
            return await self._read(data.submission_id)

    async def _read(self, submission_id: UUID) -> Submission:
        submission = await self._submissions.get(submission_id)
        if submission is None:
            raise SubmissionNotFoundError(f"Submission {submission_id} does not exist.")
        return submission

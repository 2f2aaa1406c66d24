from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.messaging.events import NO_EVENTS, EventRecorder
from application.submissions.dispatch import dispatch_quietly
from application.submissions.dtos import RejudgeOutput
from application.submissions.ports import JudgeQueue
from application.transactions import TransactionManager
from domain.accounts.access import can_manage_problem, can_see_submission
from domain.accounts.exceptions import ForbiddenError
from domain.problems.repositories import ProblemReader
from domain.submissions.events import SubmissionRejudged
from domain.submissions.exceptions import SubmissionNotFoundError
from domain.submissions.repositories import SubmissionReader, SubmissionSaver


@dataclass(frozen=True, slots=True, kw_only=True)
class RejudgeSubmissionInput:
    submission_id: UUID


@dataclass(frozen=True, slots=True)
class RejudgeSubmission:
    """Judges a submission again from scratch (a new attempt, with the attempt cap counted afresh); the
    previous result is replaced when the new one is final. A submission being judged right now is restarted:
    its current judging can no longer write. The problem's author or an admin only."""

    identity: IdentityProvider
    problems: ProblemReader
    reader: SubmissionReader
    saver: SubmissionSaver
    queue: JudgeQueue
    tx: TransactionManager
    events: EventRecorder = NO_EVENTS

    async def __call__(self, data: RejudgeSubmissionInput) -> RejudgeOutput:
        principal = await self.identity.principal()
        submission = await self.reader.get(data.submission_id)
        problem = await self.problems.get(submission.problem_id) if submission else None
        owner = problem.owner_id if problem else None
        if submission is None or not can_see_submission(principal, submission.owner_id, owner):
            raise SubmissionNotFoundError(f"Submission {data.submission_id} does not exist.")
        if not can_manage_problem(principal, owner):
            raise ForbiddenError("Only the problem's author or an admin may rejudge.")
        requeued = await self.saver.requeue([data.submission_id])
        self.events.record(*(SubmissionRejudged(submission_id=requeued_id) for requeued_id in requeued))
        await self.tx.commit()
        await dispatch_quietly(self.queue, requeued)
        return RejudgeOutput(requeued=requeued)

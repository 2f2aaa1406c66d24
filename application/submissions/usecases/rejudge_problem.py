from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.messaging.events import NO_EVENTS, EventRecorder
from application.problems.access import managed_problem
from application.submissions.dispatch import dispatch_quietly
from application.submissions.dtos import RejudgeOutput
from application.submissions.ports import JudgeQueue
from application.transactions import TransactionManager
from domain.problems.repositories import ProblemReader
from domain.submissions.events import SubmissionRejudged
from domain.submissions.repositories import SubmissionReader, SubmissionSaver


@dataclass(frozen=True, slots=True, kw_only=True)
class RejudgeProblemInput:
    problem_id: UUID


@dataclass(frozen=True, slots=True)
class RejudgeProblem:
    """Judges every submission to a problem again (after its tests or checker changed), each as a rejudge
    of that submission. The problem's author or an admin only."""

    identity: IdentityProvider
    problems: ProblemReader
    reader: SubmissionReader
    saver: SubmissionSaver
    queue: JudgeQueue
    tx: TransactionManager
    events: EventRecorder = NO_EVENTS

    async def __call__(self, data: RejudgeProblemInput) -> RejudgeOutput:
        await managed_problem(await self.identity.principal(), self.problems, data.problem_id)
        requeued = await self.saver.requeue(await self.reader.ids_for_problem(data.problem_id))
        self.events.record(*(SubmissionRejudged(submission_id=requeued_id) for requeued_id in requeued))
        await self.tx.commit()
        await dispatch_quietly(self.queue, requeued)
        return RejudgeOutput(requeued=requeued)

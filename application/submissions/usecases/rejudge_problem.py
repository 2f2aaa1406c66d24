from dataclasses import dataclass
from uuid import UUID

from application.submissions.dispatch import dispatch_quietly
from application.submissions.ports import JudgeQueue
from application.submissions.usecases.rejudge_submission import RejudgeOutput
from application.transactions import TransactionManager
from domain.problems.exceptions import ProblemNotFoundError
from domain.problems.repositories import ProblemReader
from domain.submissions.repositories import SubmissionSaver


@dataclass(frozen=True, slots=True, kw_only=True)
class RejudgeProblemInput:
    problem_id: UUID


class RejudgeProblem:
    """Judges every submission to a problem again (after its tests or checker changed)."""

    def __init__(
        self,
        problems: ProblemReader,
        saver: SubmissionSaver,
        queue: JudgeQueue,
        tx: TransactionManager,
    ) -> None:
        self._problems = problems
        self._saver = saver
        self._queue = queue
        self._tx = tx

    async def __call__(self, data: RejudgeProblemInput) -> RejudgeOutput:
        if await self._problems.get(data.problem_id) is None:
            raise ProblemNotFoundError(f"Problem {data.problem_id} does not exist.")
        requeued = await self._saver.requeue(await self._saver.ids_for_problem(data.problem_id))
        await self._tx.commit()
        await dispatch_quietly(self._queue, requeued)
        return RejudgeOutput(requeued=requeued)

from dataclasses import dataclass
from uuid import UUID

from application.transactions import TransactionManager
from domain.problems.exceptions import ProblemNotFoundError
from domain.problems.repositories import ProblemSaver


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteProblemInput:
    problem_id: UUID


class DeleteProblem:
    """Deletes a problem with all its tests."""

    def __init__(self, problems: ProblemSaver, tx: TransactionManager) -> None:
        self._problems = problems
        self._tx = tx

    async def __call__(self, data: DeleteProblemInput) -> None:
        if not await self._problems.delete(data.problem_id):
            raise ProblemNotFoundError("no such problem", details={"problem_id": str(data.problem_id)})
        await self._tx.commit()

from dataclasses import dataclass
from uuid import UUID

from domain.problems.entities import Problem
from domain.problems.exceptions import ProblemNotFoundError
from domain.problems.repositories import ProblemReader


@dataclass(frozen=True, slots=True, kw_only=True)
class GetProblemInput:
    problem_id: UUID


class GetProblem:
    """A problem by id."""

    def __init__(self, problems: ProblemReader) -> None:
        self._problems = problems

    async def __call__(self, data: GetProblemInput) -> Problem:
        problem = await self._problems.get(data.problem_id)
        if problem is None:
            raise ProblemNotFoundError("no such problem", details={"problem_id": str(data.problem_id)})
        return problem

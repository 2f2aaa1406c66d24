from dataclasses import dataclass
from uuid import UUID

from domain.problems.entities import NumberedTest, numbered
from domain.problems.exceptions import ProblemNotFoundError
from domain.problems.repositories import ProblemReader, ProblemTestReader


@dataclass(frozen=True, slots=True, kw_only=True)
class ListTestsInput:
    problem_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListTestsOutput:
    tests: list[NumberedTest]
    """In judging order (natural sort by name)."""


class ListTests:
    """A problem's tests' metadata (no data), in the order they are judged."""

    def __init__(self, problems: ProblemReader, tests: ProblemTestReader) -> None:
        self._problems = problems
        self._tests = tests

    async def __call__(self, data: ListTestsInput) -> ListTestsOutput:
        if await self._problems.get(data.problem_id) is None:
            raise ProblemNotFoundError("no such problem", details={"problem_id": str(data.problem_id)})
        return ListTestsOutput(tests=numbered(list(await self._tests.list_for(data.problem_id))))

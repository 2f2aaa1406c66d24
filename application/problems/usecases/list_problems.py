from dataclasses import dataclass

from domain.exceptions import ValidationError
from domain.problems.entities import Problem
from domain.problems.repositories import ProblemReader

MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class ListProblemsInput:
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class ListProblemsOutput:
    problems: list[Problem]
    total: int
    offset: int
    limit: int


class ListProblems:
    """Problems page by page (offset and limit, oldest first), with the total count."""

    def __init__(self, problems: ProblemReader) -> None:
        self._problems = problems

    async def __call__(self, data: ListProblemsInput) -> ListProblemsOutput:
        if data.offset < 0 or not 1 <= data.limit <= MAX_PAGE_SIZE:
            raise ValidationError(
                f"offset must be >= 0 and limit between 1 and {MAX_PAGE_SIZE}",
                details={"offset": data.offset, "limit": data.limit},
            )
        problems, total = await self._problems.list_page(offset=data.offset, limit=data.limit)
        return ListProblemsOutput(problems=list(problems), total=total, offset=data.offset, limit=data.limit)

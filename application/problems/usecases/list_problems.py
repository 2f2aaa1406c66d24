from dataclasses import dataclass

from application.accounts.ports import IdentityProvider
from application.problems.access import ProblemView, view, viewer_of
from domain.exceptions import ValidationError
from domain.problems.repositories import ProblemReader

MAX_PAGE_SIZE = 100
MAX_OFFSET = 2**31 - 1  # PostgreSQL takes OFFSET as a bigint; keep well inside it


@dataclass(frozen=True, slots=True, kw_only=True)
class ListProblemsInput:
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class ListProblemsOutput:
    problems: list[ProblemView]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class ListProblems:
    """Problems page by page (offset and limit, oldest first), with the total count: public problems and
    the caller's own (all of them for admins)."""

    identity: IdentityProvider
    problems: ProblemReader

    async def __call__(self, data: ListProblemsInput) -> ListProblemsOutput:
        if not 0 <= data.offset <= MAX_OFFSET or not 1 <= data.limit <= MAX_PAGE_SIZE:
            raise ValidationError(
                f"offset must be >= 0 and limit between 1 and {MAX_PAGE_SIZE}",
                details={"offset": data.offset, "limit": data.limit},
            )
        principal = await self.identity.principal()
        viewer = viewer_of(principal)
        problems, total = await self.problems.list_page(
            offset=data.offset, limit=data.limit, visible_to=viewer
        )
        return ListProblemsOutput(
            problems=[view(principal, problem) for problem in problems],
            total=total,
            offset=data.offset,
            limit=data.limit,
        )

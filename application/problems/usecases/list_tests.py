from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.problems.access import view, visible_problem
from domain.exceptions import ValidationError
from domain.problems.entities import NumberedTest, numbered
from domain.problems.repositories import ProblemReader, ProblemTestReader

MAX_TEST_PAGE_SIZE = 1000
DEFAULT_TEST_PAGE_SIZE = 100
MAX_TEST_OFFSET = 2**31 - 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ListTestsInput:
    problem_id: UUID
    offset: int = 0
    limit: int = DEFAULT_TEST_PAGE_SIZE
    samples_only: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ListTestsOutput:
    tests: list[NumberedTest]
    """This page, in judging order (natural sort by name); `index` is the position among all tests."""
    total: int
    """Tests the caller may see, over all pages."""
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class ListTests:
    """A problem's tests' metadata (no data), in the order they are judged, page by page (offset and
    limit, with the total). Callers who do not manage the problem see its sample tests only."""

    identity: IdentityProvider
    problems: ProblemReader
    tests: ProblemTestReader

    async def __call__(self, data: ListTestsInput) -> ListTestsOutput:
        if not 0 <= data.offset <= MAX_TEST_OFFSET or not 1 <= data.limit <= MAX_TEST_PAGE_SIZE:
            raise ValidationError(
                f"offset must be >= 0 and limit between 1 and {MAX_TEST_PAGE_SIZE}",
                details={"offset": data.offset, "limit": data.limit},
            )
        principal = await self.identity.principal()
        problem = view(principal, await visible_problem(principal, self.problems, data.problem_id))
        tests = numbered(list(await self.tests.list_for(data.problem_id)))
        shown = [item for item in tests if item.test.sample or (problem.managed and not data.samples_only)]
        return ListTestsOutput(
            tests=shown[data.offset : data.offset + data.limit],
            total=len(shown),
            offset=data.offset,
            limit=data.limit,
        )

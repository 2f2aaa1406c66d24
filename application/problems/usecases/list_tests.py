from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.problems.access import view, visible_problem
from domain.problems.entities import NumberedTest, numbered
from domain.problems.repositories import ProblemReader, ProblemTestReader


@dataclass(frozen=True, slots=True, kw_only=True)
class ListTestsInput:
    problem_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListTestsOutput:
    tests: list[NumberedTest]
    """In judging order (natural sort by name)."""


@dataclass(frozen=True, slots=True)
class ListTests:
    """A problem's tests' metadata (no data), in the order they are judged. Callers who do not manage the
    problem see its sample tests only."""

    identity: IdentityProvider
    problems: ProblemReader
    tests: ProblemTestReader

    async def __call__(self, data: ListTestsInput) -> ListTestsOutput:
        principal = await self.identity.principal()
        problem = view(principal, await visible_problem(principal, self.problems, data.problem_id))
        tests = numbered(list(await self.tests.list_for(data.problem_id)))
        return ListTestsOutput(tests=[item for item in tests if problem.managed or item.test.sample])

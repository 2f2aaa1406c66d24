from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.problems.access import view, visible_problem
from domain.problems.entities import TestCase, TestData, numbered
from domain.problems.exceptions import TestNotFoundError
from domain.problems.repositories import ProblemReader, ProblemTestReader


@dataclass(frozen=True, slots=True, kw_only=True)
class GetTestInput:
    problem_id: UUID
    test_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class GetTestOutput:
    test: TestCase
    index: int
    """The test's number in judging order, from 1."""
    data: TestData


@dataclass(frozen=True, slots=True)
class GetTest:
    """One test of a problem with its input and answer. Hidden tests exist only for the problem's managers;
    others may read samples."""

    identity: IdentityProvider
    problems: ProblemReader
    tests: ProblemTestReader

    async def __call__(self, data: GetTestInput) -> GetTestOutput:
        principal = await self.identity.principal()
        problem = view(principal, await visible_problem(principal, self.problems, data.problem_id))
        tests = numbered(list(await self.tests.list_for(data.problem_id)))
        found = next((item for item in tests if item.test.id == data.test_id), None)
        if found is not None and not (problem.managed or found.test.sample):
            found = None
        test_data = await self.tests.get_data(data.test_id) if found is not None else None
        if found is None or test_data is None:
            raise TestNotFoundError("the problem has no such test", details={"test_id": str(data.test_id)})
        return GetTestOutput(test=found.test, index=found.index, data=test_data)

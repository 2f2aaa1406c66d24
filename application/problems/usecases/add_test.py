import uuid
from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.problems.access import manageable
from application.problems.policy import UploadPolicy
from application.transactions import TransactionManager
from domain.problems.entities import (
    DEFAULT_GROUP,
    NumberedTest,
    TestData,
    data_size,
    describe_test,
    ensure_problem_size,
    ensure_test_count,
    ensure_test_size,
    next_test_name,
    numbered,
    validate_test_placement,
)
from domain.problems.exceptions import TestNameTakenError
from domain.problems.repositories import ProblemSaver, ProblemTestReader, ProblemTestSaver


@dataclass(frozen=True, slots=True, kw_only=True)
class AddTestInput:
    problem_id: UUID
    name: str | None = None
    """None: one past the largest numeric name."""
    input: bytes
    answer: bytes
    group: str | None = None
    """None: the default group."""
    sample: bool = False


@dataclass(frozen=True, slots=True)
class AddTest:
    """Adds one test to a problem. Its group must be declared (or be "default" when none is); input
    and answer each fit the per-test limit and all the problem's tests fit the per-problem limit."""

    identity: IdentityProvider
    problems: ProblemSaver
    stored: ProblemTestReader
    tests: ProblemTestSaver
    policy: UploadPolicy
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: AddTestInput) -> NumberedTest:
        test_data = TestData(input=data.input, answer=data.answer)
        ensure_test_size(test_data, self.policy.test_max_bytes)
        principal = await self.identity.principal()
        problem = manageable(principal, await self.problems.get_for_update(data.problem_id), data.problem_id)
        existing = await self.stored.list_for(problem.id)
        names = {test.name for test in existing}
        name = data.name if data.name is not None else next_test_name(names)
        group = data.group if data.group is not None else DEFAULT_GROUP
        validate_test_placement(problem, name, group)
        if name in names:
            raise TestNameTakenError(f"the problem already has a test named {name!r}", details={"name": name})
        ensure_test_count(len(existing) + 1, self.policy.problem_max_tests)
        used = sum(test.input_size + test.answer_size for test in existing)
        ensure_problem_size(used + data_size(test_data), self.policy.problem_max_bytes)

        now = self.clock.now()
        test = describe_test(
            id=uuid.uuid4(),
            problem_id=problem.id,
            name=name,
            group=group,
            sample=data.sample,
            data=test_data,
            created_at=now,
        )
        await self.tests.add(test, test_data)
        problem.test_count = len(existing) + 1
        problem.updated_at = now
        await self.problems.update(problem)
        await self.tx.commit()
        return next(item for item in numbered([*existing, test]) if item.test is test)

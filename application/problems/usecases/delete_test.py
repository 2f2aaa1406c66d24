from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.problems.access import manageable
from application.transactions import TransactionManager
from domain.problems.exceptions import TestNotFoundError
from domain.problems.repositories import ProblemSaver, ProblemTestReader, ProblemTestSaver


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteTestInput:
    problem_id: UUID
    test_id: UUID


class DeleteTest:
    """Removes one test from a problem; the others keep their names (and so their order)."""

    def __init__(
        self,
        identity: IdentityProvider,
        problems: ProblemSaver,
        stored: ProblemTestReader,
        tests: ProblemTestSaver,
        clock: Clock,
        tx: TransactionManager,
    ) -> None:
        self._identity = identity
        self._problems = problems
        self._stored = stored
        self._tests = tests
        self._clock = clock
        self._tx = tx

    async def __call__(self, data: DeleteTestInput) -> None:
        principal = await self._identity.principal()
        problem = manageable(principal, await self._problems.get_for_update(data.problem_id), data.problem_id)
        if not await self._tests.delete(problem.id, data.test_id):
            raise TestNotFoundError("the problem has no such test", details={"test_id": str(data.test_id)})
        problem.test_count = len(await self._stored.list_for(problem.id))
        problem.updated_at = self._clock.now()
        await self._problems.update(problem)
        await self._tx.commit()

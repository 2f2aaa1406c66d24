from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.messaging.events import NO_EVENTS, EventRecorder
from application.problems.access import manageable
from application.transactions import TransactionManager
from domain.problems.events import TestsChanged
from domain.problems.exceptions import TestNotFoundError
from domain.problems.repositories import ProblemSaver, ProblemTestReader, ProblemTestSaver


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteTestInput:
    problem_id: UUID
    test_id: UUID


@dataclass(frozen=True, slots=True)
class DeleteTest:
    """Removes one test from a problem; the others keep their names (and so their order)."""

    identity: IdentityProvider
    problems: ProblemSaver
    stored: ProblemTestReader
    tests: ProblemTestSaver
    clock: Clock
    tx: TransactionManager
    events: EventRecorder = NO_EVENTS

    async def __call__(self, data: DeleteTestInput) -> None:
        principal = await self.identity.principal()
        problem = manageable(principal, await self.problems.get_for_update(data.problem_id), data.problem_id)
        if not await self.tests.delete(problem.id, data.test_id):
            raise TestNotFoundError("the problem has no such test", details={"test_id": str(data.test_id)})
        problem.test_count = len(await self.stored.list_for(problem.id))
        problem.updated_at = self.clock.now()
        await self.problems.update(problem)
        self.events.record(
            TestsChanged(
                problem_id=problem.id, owner_id=problem.owner_id, test_count=problem.test_count, removed=1
            )
        )
        await self.tx.commit()

from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.problems.access import manageable
from application.transactions import TransactionManager
from domain.problems.repositories import ProblemSaver


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteProblemInput:
    problem_id: UUID


class DeleteProblem:
    """Deletes a problem with all its tests."""

    def __init__(self, identity: IdentityProvider, problems: ProblemSaver, tx: TransactionManager) -> None:
        self._identity = identity
        self._problems = problems
        self._tx = tx

    async def __call__(self, data: DeleteProblemInput) -> None:
        principal = await self._identity.principal()
        manageable(principal, await self._problems.get_for_update(data.problem_id), data.problem_id)
        await self._problems.delete(data.problem_id)
        await self._tx.commit()

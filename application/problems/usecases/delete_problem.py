from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.problems.access import manageable
from application.transactions import TransactionManager
from domain.problems.repositories import ProblemSaver


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteProblemInput:
    problem_id: UUID


@dataclass(frozen=True, slots=True)
class DeleteProblem:
    """The problem's author or an admin deletes a problem with all its tests."""

    identity: IdentityProvider
    problems: ProblemSaver
    tx: TransactionManager

    async def __call__(self, data: DeleteProblemInput) -> None:
        principal = await self.identity.principal()
        manageable(principal, await self.problems.get_for_update(data.problem_id), data.problem_id)
        await self.problems.delete(data.problem_id)
        await self.tx.commit()

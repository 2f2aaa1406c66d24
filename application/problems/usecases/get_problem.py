from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.problems.access import ProblemView, view, visible_problem
from domain.problems.repositories import ProblemReader


@dataclass(frozen=True, slots=True, kw_only=True)
class GetProblemInput:
    problem_id: UUID


@dataclass(frozen=True, slots=True)
class GetProblem:
    """A problem with its limits, checker and groups, if the caller may see it (public, or their own
    draft); others' drafts do not exist for them."""

    identity: IdentityProvider
    problems: ProblemReader

    async def __call__(self, data: GetProblemInput) -> ProblemView:
        principal = await self.identity.principal()
        return view(principal, await visible_problem(principal, self.problems, data.problem_id))

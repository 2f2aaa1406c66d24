"""Finding a problem on behalf of a caller: one that the caller may not see does not exist for them."""

from dataclasses import dataclass
from uuid import UUID

from domain.accounts.access import can_manage_problem, can_see_problem
from domain.accounts.entities import Principal, Role
from domain.accounts.exceptions import ForbiddenError
from domain.problems.entities import Problem
from domain.problems.exceptions import ProblemNotFoundError
from domain.problems.repositories import ProblemAccess, ProblemReader, ProblemViewer


def not_found(problem_id: UUID) -> ProblemNotFoundError:
    return ProblemNotFoundError("no such problem", details={"problem_id": str(problem_id)})


def viewer_of(principal: Principal) -> ProblemViewer | None:
    """`can_see_problem` as a filter a store applies: None (every problem) for admins; public problems,
    plus an author's own."""
    if principal.is_admin:
        return None
    return ProblemViewer(owner_id=principal.account_id if principal.role is Role.AUTHOR else None)


async def ensure_visible(principal: Principal, problems: ProblemReader, problem_id: UUID) -> ProblemAccess:
    """Like `visible_problem`, reading only the owner and visibility."""
    access = await problems.access_of(problem_id)
    if access is None or not can_see_problem(principal, access.owner_id, access.visibility):
        raise not_found(problem_id)
    return access


async def visible_problem(principal: Principal, problems: ProblemReader, problem_id: UUID) -> Problem:
    problem = await problems.get(problem_id)
    if problem is None or not can_see_problem(principal, problem.owner_id, problem.visibility):
        raise not_found(problem_id)
    return problem


def require_manager(principal: Principal, problem: Problem) -> None:
    """A caller who can see the problem but not manage it is told so (its existence is no secret)."""
    if not can_manage_problem(principal, problem.owner_id):
        raise ForbiddenError("Only the problem's author or an admin may do this.")


async def managed_problem(principal: Principal, problems: ProblemReader, problem_id: UUID) -> Problem:
    return manageable(principal, await problems.get(problem_id), problem_id)


def manageable(principal: Principal, problem: Problem | None, problem_id: UUID) -> Problem:
    """The problem, when the caller may see and manage it (404 when they may not see it, 403 otherwise)."""
    if problem is None or not can_see_problem(principal, problem.owner_id, problem.visibility):
        raise not_found(problem_id)
    require_manager(principal, problem)
    return problem


@dataclass(frozen=True, slots=True, kw_only=True)
class ProblemView:
    """A problem as one caller may see it: `managed` callers see hidden tests and the checker's source."""

    problem: Problem
    managed: bool


def view(principal: Principal, problem: Problem) -> ProblemView:
    return ProblemView(problem=problem, managed=can_manage_problem(principal, problem.owner_id))

"""Who may see and do what: the access rules as pure functions over the caller and the resource.

Resources the caller may not know exist (someone else's draft problem, someone else's submission) are
reported as missing, not forbidden, so ids leak nothing."""

from uuid import UUID

from domain.accounts.entities import Principal, Role, Visibility

_RANK = {Role.USER: 0, Role.AUTHOR: 1, Role.ADMIN: 2}


def can_manage_key(principal: Principal, key_account_id: UUID, key_role: Role) -> bool:
    """Admins manage every key; others the keys of their own account with no more power than their own."""
    return principal.is_admin or (
        principal.account_id == key_account_id and _RANK[key_role] <= _RANK[principal.role]
    )


def owns(principal: Principal, owner_id: UUID | None) -> bool:
    return owner_id is not None and principal.account_id == owner_id


def can_author(principal: Principal) -> bool:
    """Create problems."""
    return principal.role in (Role.ADMIN, Role.AUTHOR)


def can_see_problem(principal: Principal, owner_id: UUID | None, visibility: Visibility) -> bool:
    return visibility is Visibility.PUBLIC or can_manage_problem(principal, owner_id)


def can_manage_problem(principal: Principal, owner_id: UUID | None) -> bool:
    """Edit it, see hidden tests and the checker's source, see every submission to it, rejudge it."""
    return principal.is_admin or (principal.role is Role.AUTHOR and owns(principal, owner_id))


def can_see_submission(
    principal: Principal, submitter_id: UUID | None, problem_owner_id: UUID | None
) -> bool:
    return owns(principal, submitter_id) or can_manage_problem(principal, problem_owner_id)


def can_watch_operations(principal: Principal) -> bool:
    """See the judging queue, the workers' load and the service's metrics: admins only."""
    return principal.is_admin

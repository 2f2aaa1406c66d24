import uuid

import pytest

from domain.accounts.access import can_author, can_manage_problem, can_see_problem, can_see_submission
from domain.accounts.entities import Principal, Role, Visibility

ME = uuid.UUID(int=1)
SOMEONE_ELSE = uuid.UUID(int=2)
OWNERS = {"own": ME, "others'": SOMEONE_ELSE, "ownerless": None}

# role, whose problem, visibility -> (sees it, manages it)
PROBLEM_RULES = [
    (Role.ADMIN, "own", Visibility.DRAFT, True, True),
    (Role.ADMIN, "own", Visibility.PUBLIC, True, True),
    (Role.ADMIN, "others'", Visibility.DRAFT, True, True),
    (Role.ADMIN, "others'", Visibility.PUBLIC, True, True),
    (Role.ADMIN, "ownerless", Visibility.DRAFT, True, True),
    (Role.AUTHOR, "own", Visibility.DRAFT, True, True),
    (Role.AUTHOR, "own", Visibility.PUBLIC, True, True),
    (Role.AUTHOR, "others'", Visibility.DRAFT, False, False),
    (Role.AUTHOR, "others'", Visibility.PUBLIC, True, False),
    (Role.AUTHOR, "ownerless", Visibility.DRAFT, False, False),
    (Role.AUTHOR, "ownerless", Visibility.PUBLIC, True, False),
    # A user key of an account that owns problems (made with its author key) acts as a user.
    (Role.USER, "own", Visibility.DRAFT, False, False),
    (Role.USER, "own", Visibility.PUBLIC, True, False),
    (Role.USER, "others'", Visibility.DRAFT, False, False),
    (Role.USER, "others'", Visibility.PUBLIC, True, False),
    (Role.USER, "ownerless", Visibility.PUBLIC, True, False),
]


def _me(role: Role) -> Principal:
    return Principal(account_id=ME, role=role, key_id=uuid.uuid4())


@pytest.mark.parametrize(("role", "whose", "visibility", "sees", "manages"), PROBLEM_RULES)
def test_who_sees_and_manages_a_problem(
    role: Role, whose: str, visibility: Visibility, sees: bool, manages: bool
) -> None:
    owner = OWNERS[whose]
    assert can_see_problem(_me(role), owner, visibility) is sees
    assert can_manage_problem(_me(role), owner) is manages


def test_the_problem_table_covers_every_role_ownership_and_visibility() -> None:
    covered = {(role, whose, visibility) for role, whose, visibility, *_ in PROBLEM_RULES}
    for role in Role:
        for whose in ("own", "others'"):
            for visibility in Visibility:
                assert (role, whose, visibility) in covered


@pytest.mark.parametrize(("role", "allowed"), [(Role.ADMIN, True), (Role.AUTHOR, True), (Role.USER, False)])
def test_only_admins_and_authors_create_problems(role: Role, allowed: bool) -> None:
    assert can_author(_me(role)) is allowed


# role, whose submission, whose problem -> sees it
SUBMISSION_RULES = [
    (Role.ADMIN, "own", "others'", True),
    (Role.ADMIN, "others'", "others'", True),
    (Role.ADMIN, "others'", "ownerless", True),
    (Role.AUTHOR, "own", "others'", True),
    (Role.AUTHOR, "others'", "own", True),
    (Role.AUTHOR, "others'", "others'", False),
    (Role.AUTHOR, "others'", "ownerless", False),
    (Role.USER, "own", "others'", True),
    (Role.USER, "own", "own", True),
    (Role.USER, "others'", "own", False),
    (Role.USER, "others'", "others'", False),
    (Role.USER, "ownerless", "others'", False),
]


@pytest.mark.parametrize(("role", "submitted_by", "problem_of", "sees"), SUBMISSION_RULES)
def test_who_sees_a_submission(role: Role, submitted_by: str, problem_of: str, sees: bool) -> None:
    assert can_see_submission(_me(role), OWNERS[submitted_by], OWNERS[problem_of]) is sees

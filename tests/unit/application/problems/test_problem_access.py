"""Who may see and change a problem and its tests, through the use cases."""

import uuid
from collections.abc import Awaitable, Callable

import pytest

from application.problems.usecases import (
    AddTest,
    AddTestInput,
    AddTestsFromArchive,
    AddTestsFromArchiveInput,
    CreateProblem,
    CreateProblemInput,
    DeleteProblem,
    DeleteProblemInput,
    DeleteTest,
    DeleteTestInput,
    GetProblem,
    GetProblemInput,
    GetTest,
    GetTestInput,
    ListProblems,
    ListProblemsInput,
    ListTests,
    ListTestsInput,
    UpdateProblem,
    UpdateProblemInput,
)
from domain.accounts.entities import Principal, Role, Visibility
from domain.accounts.exceptions import ForbiddenError, NotAuthenticatedError
from domain.judging.checkers import TokensChecker
from domain.judging.enums import ProblemType
from domain.problems.entities import Limits, TestData, describe_test
from domain.problems.exceptions import ProblemNotFoundError, TestNotFoundError
from domain.problems.repositories import ProblemViewer
from tests.unit.application.problems.fakes import (
    OWNER,
    POLICY,
    FakeArchives,
    FakeProblems,
    FakeTests,
    entry,
    make_problem,
)
from tests.unit.fakes import NOW, FakeClock, FakeIdentity, FakeTransactions, principal

ADMIN = principal(Role.ADMIN)
OTHER_AUTHOR = principal(Role.AUTHOR)
USER = principal(Role.USER)


class World:
    """One problem owned by OWNER, with a sample test "1" and a hidden test "2"."""

    def __init__(self, visibility: Visibility) -> None:
        self.problem = make_problem(visibility=visibility)
        self.problems = FakeProblems(self.problem)
        self.tests = FakeTests()
        self.tx = FakeTransactions()
        self.clock = FakeClock()
        self.sample_id = self._store("1", sample=True)
        self.hidden_id = self._store("2", sample=False)
        self.problem.test_count = 2

    def _store(self, name: str, *, sample: bool) -> uuid.UUID:
        data = TestData(input=name.encode(), answer=name.encode())
        test = describe_test(
            id=uuid.uuid4(),
            problem_id=self.problem.id,
            name=name,
            group="default",
            sample=sample,
            data=data,
            created_at=NOW,
        )
        self.tests.stored[test.id] = (test, data)
        return test.id

    async def get(self, caller: Principal) -> bool:
        """Whether the caller manages the problem they got."""
        view = await GetProblem(FakeIdentity(caller), self.problems)(
            GetProblemInput(problem_id=self.problem.id)
        )
        assert view.problem.id == self.problem.id
        return view.managed

    async def test_names(self, caller: Principal) -> list[str]:
        use_case = ListTests(FakeIdentity(caller), self.problems, self.tests)
        listed = await use_case(ListTestsInput(problem_id=self.problem.id))
        return [item.test.name for item in listed.tests]

    async def read_test(self, caller: Principal, test_id: uuid.UUID) -> TestData:
        use_case = GetTest(FakeIdentity(caller), self.problems, self.tests)
        return (await use_case(GetTestInput(problem_id=self.problem.id, test_id=test_id))).data

    def changes(self, caller: Principal) -> dict[str, Callable[[], Awaitable[object]]]:
        """Every way to change the problem or its tests."""
        me, problem_id = FakeIdentity(caller), self.problem.id
        return {
            "update": lambda: UpdateProblem(me, self.problems, self.tests, self.clock, self.tx)(
                UpdateProblemInput(problem_id=problem_id, title="Mine now")
            ),
            "delete": lambda: DeleteProblem(me, self.problems, self.tx)(
                DeleteProblemInput(problem_id=problem_id)
            ),
            "add test": lambda: AddTest(
                me, self.problems, self.tests, self.tests, POLICY, self.clock, self.tx
            )(AddTestInput(problem_id=problem_id, input=b"1", answer=b"1")),
            "upload tests": lambda: AddTestsFromArchive(
                me,
                self.problems,
                self.tests,
                self.tests,
                FakeArchives(entry("9")),
                POLICY,
                self.clock,
                self.tx,
            )(AddTestsFromArchiveInput(problem_id=problem_id, location="tests.zip")),
            "delete test": lambda: DeleteTest(me, self.problems, self.tests, self.tests, self.clock, self.tx)(
                DeleteTestInput(problem_id=problem_id, test_id=self.hidden_id)
            ),
        }


CHANGES = ["update", "delete", "add test", "upload tests", "delete test"]


async def test_user_gets_a_public_problem_unmanaged() -> None:
    assert await World(Visibility.PUBLIC).get(USER) is False


@pytest.mark.parametrize("caller", [USER, OTHER_AUTHOR], ids=["user", "other author"])
async def test_someone_elses_draft_is_not_found(caller: Principal) -> None:
    with pytest.raises(ProblemNotFoundError):
        await World(Visibility.DRAFT).get(caller)


@pytest.mark.parametrize(
    ("caller", "managed"),
    [(OWNER, True), (ADMIN, True), (OTHER_AUTHOR, False), (USER, False)],
    ids=["owner", "admin", "other author", "user"],
)
async def test_only_the_owner_and_admins_manage_a_public_problem(caller: Principal, managed: bool) -> None:
    assert await World(Visibility.PUBLIC).get(caller) is managed


@pytest.mark.parametrize("caller", [OWNER, ADMIN], ids=["owner", "admin"])
async def test_owner_and_admins_see_a_draft_managed(caller: Principal) -> None:
    assert await World(Visibility.DRAFT).get(caller) is True


async def test_anonymous_caller_gets_no_problem() -> None:
    world = World(Visibility.PUBLIC)
    with pytest.raises(NotAuthenticatedError):
        await GetProblem(FakeIdentity(None), world.problems)(GetProblemInput(problem_id=world.problem.id))


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("caller", [OTHER_AUTHOR, USER], ids=["other author", "user"])
async def test_others_cannot_change_a_public_problem(caller: Principal, change: str) -> None:
    world = World(Visibility.PUBLIC)
    before = (dict(world.problems.stored), dict(world.tests.stored))
    with pytest.raises(ForbiddenError):
        await world.changes(caller)[change]()
    assert (world.problems.stored, world.tests.stored, world.tx.commits) == (*before, 0)


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("caller", [OTHER_AUTHOR, USER], ids=["other author", "user"])
async def test_others_changing_a_draft_find_no_problem(caller: Principal, change: str) -> None:
    world = World(Visibility.DRAFT)
    before = (dict(world.problems.stored), dict(world.tests.stored))
    with pytest.raises(ProblemNotFoundError):
        await world.changes(caller)[change]()
    assert (world.problems.stored, world.tests.stored, world.tx.commits) == (*before, 0)


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("caller", [OWNER, ADMIN], ids=["owner", "admin"])
async def test_owner_and_admins_change_a_draft(caller: Principal, change: str) -> None:
    world = World(Visibility.DRAFT)
    await world.changes(caller)[change]()
    assert world.tx.commits == 1


async def test_owner_publishes_a_draft_and_users_then_see_it() -> None:
    world = World(Visibility.DRAFT)
    await UpdateProblem(FakeIdentity(OWNER), world.problems, world.tests, world.clock, world.tx)(
        UpdateProblemInput(problem_id=world.problem.id, visibility=Visibility.PUBLIC)
    )
    assert await world.get(USER) is False


@pytest.mark.parametrize("caller", [USER, OTHER_AUTHOR], ids=["user", "other author"])
async def test_non_managers_list_only_sample_tests(caller: Principal) -> None:
    world = World(Visibility.PUBLIC)
    assert await world.test_names(caller) == ["1"]
    assert await world.test_names(OWNER) == ["1", "2"]
    assert await world.test_names(ADMIN) == ["1", "2"]


async def test_non_managers_read_a_sample_but_not_a_hidden_test() -> None:
    world = World(Visibility.PUBLIC)
    assert await world.read_test(USER, world.sample_id) == TestData(input=b"1", answer=b"1")
    with pytest.raises(TestNotFoundError):
        await world.read_test(USER, world.hidden_id)
    with pytest.raises(TestNotFoundError):
        await world.read_test(OTHER_AUTHOR, world.hidden_id)
    assert await world.read_test(OWNER, world.hidden_id) == TestData(input=b"2", answer=b"2")


async def test_tests_of_someone_elses_draft_are_not_found() -> None:
    world = World(Visibility.DRAFT)
    with pytest.raises(ProblemNotFoundError):
        await world.test_names(USER)
    with pytest.raises(ProblemNotFoundError):
        await world.read_test(USER, world.sample_id)


def _create_input(visibility: Visibility | None = None) -> CreateProblemInput:
    extra = {} if visibility is None else {"visibility": visibility}
    return CreateProblemInput(
        slug="new",
        title="New",
        type=ProblemType.PASS_FAIL,
        limits=Limits(time_ms=1000, memory_mb=256),
        checker=TokensChecker(),
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("role", [Role.AUTHOR, Role.ADMIN])
async def test_created_problem_is_a_draft_owned_by_its_creator(role: Role) -> None:
    caller, problems = principal(role), FakeProblems()
    created = await CreateProblem(FakeIdentity(caller), problems, FakeClock(), FakeTransactions())(
        _create_input()
    )
    assert (created.owner_id, created.visibility) == (caller.account_id, Visibility.DRAFT)
    assert problems.stored[created.id].owner_id == caller.account_id


async def test_problem_may_be_created_public() -> None:
    created = await CreateProblem(FakeIdentity(OWNER), FakeProblems(), FakeClock(), FakeTransactions())(
        _create_input(Visibility.PUBLIC)
    )
    assert created.visibility is Visibility.PUBLIC


async def test_users_cannot_create_problems() -> None:
    problems, tx = FakeProblems(), FakeTransactions()
    with pytest.raises(ForbiddenError):
        await CreateProblem(FakeIdentity(USER), problems, FakeClock(), tx)(_create_input())
    assert (problems.stored, tx.commits) == ({}, 0)


def _problems_of_three_kinds() -> FakeProblems:
    """OWNER's draft and public problem, OTHER_AUTHOR's draft and public problem."""
    made = [
        make_problem(slug="mine-draft"),
        make_problem(slug="mine-public", visibility=Visibility.PUBLIC),
        make_problem(slug="others-draft", owner_id=OTHER_AUTHOR.account_id),
        make_problem(slug="others-public", owner_id=OTHER_AUTHOR.account_id, visibility=Visibility.PUBLIC),
    ]
    for minute, problem in enumerate(made):
        problem.created_at = NOW.replace(minute=minute)
    return FakeProblems(*made)


@pytest.mark.parametrize(
    ("caller", "viewer", "listed"),
    [
        (ADMIN, None, {"mine-draft": True, "mine-public": True, "others-draft": True, "others-public": True}),
        (
            OWNER,
            ProblemViewer(owner_id=OWNER.account_id),
            {"mine-draft": True, "mine-public": True, "others-public": False},
        ),
    ],
    ids=["admin", "author"],
)
async def test_list_asks_for_what_the_caller_may_see_and_flags_what_they_manage(
    caller: Principal, viewer: ProblemViewer | None, listed: dict[str, bool]
) -> None:
    problems = _problems_of_three_kinds()
    page = await ListProblems(FakeIdentity(caller), problems)(ListProblemsInput())
    assert problems.listed_for == [viewer]
    assert {view.problem.slug: view.managed for view in page.problems} == listed
    assert page.total == len(listed)


async def test_users_list_public_problems_unmanaged() -> None:
    problems = _problems_of_three_kinds()
    page = await ListProblems(FakeIdentity(USER), problems)(ListProblemsInput())
    assert problems.listed_for != [None]
    assert {view.problem.slug: view.managed for view in page.problems} == {
        "mine-public": False,
        "others-public": False,
    }


async def test_a_user_key_of_an_account_that_owns_drafts_lists_no_draft() -> None:
    problems = _problems_of_three_kinds()
    user_key_of_owner = principal(Role.USER, OWNER.account_id)
    page = await ListProblems(FakeIdentity(user_key_of_owner), problems)(ListProblemsInput())
    assert {view.problem.slug for view in page.problems} == {"mine-public", "others-public"}

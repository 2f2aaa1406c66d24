import dataclasses
import uuid

import pytest

from application.problems.usecases import (
    CreateProblem,
    CreateProblemInput,
    DeleteProblem,
    DeleteProblemInput,
    GetProblem,
    GetProblemInput,
    ListProblems,
    ListProblemsInput,
    UpdateProblem,
    UpdateProblemInput,
)
from domain.exceptions import TooLargeError, ValidationError
from domain.judging.checkers import CustomChecker, ExactChecker, TokensChecker
from domain.judging.enums import CheckerProtocol, ProblemType
from domain.problems.entities import Group, Limits, TestData, describe_test
from domain.problems.exceptions import (
    GroupInUseError,
    InvalidProblemError,
    ProblemNotFoundError,
    SlugTakenError,
    UnknownCheckerLanguageError,
)
from tests.unit.application.problems.fakes import (
    NOW,
    OWNER,
    FakeClock,
    FakeProblems,
    FakeTests,
    FakeTransactions,
    make_problem,
)
from tests.unit.fakes import FakeIdentity

AS_OWNER = FakeIdentity(OWNER)


def _input(**changes: object) -> CreateProblemInput:
    base = CreateProblemInput(
        slug="a-plus-b",
        title="A + B",
        type=ProblemType.SCORING,
        limits=Limits(time_ms=1000, memory_mb=256),
        checker=TokensChecker(),
        groups=[Group(name="small", points=30), Group(name="big", points=70)],
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


async def _create(problems: FakeProblems, tx: FakeTransactions, data: CreateProblemInput) -> None:
    await CreateProblem(AS_OWNER, problems, FakeClock(), tx)(data)


async def test_create_stores_a_new_problem_without_tests_and_commits() -> None:
    problems, tx = FakeProblems(), FakeTransactions()
    created = await CreateProblem(AS_OWNER, problems, FakeClock(), tx)(_input())
    assert problems.stored[created.id] == created
    assert (created.test_count, created.created_at, created.updated_at) == (0, NOW, NOW)
    assert tx.commits == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "A-Plus-B"}, "slug"),
        ({"slug": "-leading-dash"}, "slug"),
        ({"slug": "x" * 65}, "slug"),
        ({"title": "   "}, "title"),
        ({"limits": Limits(time_ms=0, memory_mb=256)}, "limits.time_ms"),
        ({"limits": Limits(time_ms=60_001, memory_mb=256)}, "limits.time_ms"),
        ({"limits": Limits(time_ms=1000, memory_mb=0)}, "limits.memory_mb"),
        ({"limits": Limits(time_ms=1000, memory_mb=256, output_kb=0)}, "limits.output_kb"),
        ({"limits": Limits(time_ms=1000, memory_mb=256, wall_time_ms=999)}, "limits.wall_time_ms"),
        ({"groups": [Group(name="a", points=1), Group(name="a", points=2)]}, "groups"),
        ({"groups": [Group(name="has space", points=1)]}, "groups"),
        ({"groups": [Group(name="a", points=2_000_000)]}, "groups"),
        ({"groups": [Group(name="a", points=0), Group(name="b", points=0)]}, "groups"),
    ],
)
async def test_create_refuses_a_broken_rule_and_stores_nothing(
    changes: dict[str, object], field: str
) -> None:
    problems, tx = FakeProblems(), FakeTransactions()
    with pytest.raises(InvalidProblemError) as raised:
        await _create(problems, tx, _input(**changes))
    assert raised.value.details["field"] == field
    assert (problems.stored, tx.commits) == ({}, 0)


async def test_pass_fail_problem_may_declare_groups_without_points() -> None:
    problems, tx = FakeProblems(), FakeTransactions()
    data = _input(type=ProblemType.PASS_FAIL, groups=[Group(name="a", points=0)])
    await _create(problems, tx, data)
    assert tx.commits == 1


async def test_custom_checker_in_an_unknown_language_is_refused() -> None:
    checker = CustomChecker(protocol=CheckerProtocol.TESTLIB, language="cobol", source="x")
    problems, tx = FakeProblems(), FakeTransactions()
    with pytest.raises(UnknownCheckerLanguageError) as raised:
        await _create(problems, tx, _input(checker=checker))
    assert raised.value.code == "unknown_language"
    assert problems.stored == {}


async def test_custom_checker_in_a_known_language_is_accepted() -> None:
    checker = CustomChecker(protocol=CheckerProtocol.KATTIS, language="cpp", source="int main(){}")
    problems, tx = FakeProblems(), FakeTransactions()
    await _create(problems, tx, _input(checker=checker))
    assert [problem.checker for problem in problems.stored.values()] == [checker]


async def test_huge_custom_checker_source_is_too_large() -> None:
    checker = CustomChecker(protocol=CheckerProtocol.KATTIS, language="cpp", source="x" * (1024 * 1024 + 1))
    with pytest.raises(TooLargeError):
        await _create(FakeProblems(), FakeTransactions(), _input(checker=checker))


async def test_duplicate_slug_is_a_conflict() -> None:
    problems, tx = FakeProblems(make_problem(slug="a-plus-b")), FakeTransactions()
    with pytest.raises(SlugTakenError):
        await _create(problems, tx, _input(slug="a-plus-b"))
    assert tx.commits == 0


async def test_get_unknown_problem_is_not_found() -> None:
    with pytest.raises(ProblemNotFoundError):
        await GetProblem(AS_OWNER, FakeProblems())(GetProblemInput(problem_id=uuid.uuid4()))


async def test_list_returns_a_page_and_the_total() -> None:
    stored = [make_problem(slug=f"p{i}") for i in range(5)]
    for index, problem in enumerate(stored):
        problem.created_at = NOW.replace(minute=index)
    page = await ListProblems(AS_OWNER, FakeProblems(*stored))(ListProblemsInput(offset=1, limit=2))
    assert [view.problem.slug for view in page.problems] == ["p1", "p2"]
    assert (page.total, page.offset, page.limit) == (5, 1, 2)


@pytest.mark.parametrize(("offset", "limit"), [(-1, 10), (0, 0), (0, 101)])
async def test_list_refuses_a_bad_page(offset: int, limit: int) -> None:
    with pytest.raises(ValidationError):
        await ListProblems(AS_OWNER, FakeProblems())(ListProblemsInput(offset=offset, limit=limit))


async def test_update_changes_only_the_given_fields() -> None:
    problem = make_problem()
    problems, tests, tx, clock = FakeProblems(problem), FakeTests(), FakeTransactions(), FakeClock()
    clock.tick()
    updated = await UpdateProblem(AS_OWNER, problems, tests, clock, tx)(
        UpdateProblemInput(problem_id=problem.id, title="Sum", checker=ExactChecker())
    )
    assert (updated.title, updated.checker, updated.updated_at) == ("Sum", ExactChecker(), clock.now())
    assert (updated.slug, updated.statement, updated.limits) == (
        problem.slug,
        problem.statement,
        problem.limits,
    )
    assert problems.stored[problem.id] == updated
    assert tx.commits == 1


async def test_update_checks_the_rules_on_the_result() -> None:
    problem = make_problem(groups=[Group(name="a", points=0)])
    problems, tx = FakeProblems(problem), FakeTransactions()
    with pytest.raises(InvalidProblemError):
        await UpdateProblem(AS_OWNER, problems, FakeTests(), FakeClock(), tx)(
            UpdateProblemInput(problem_id=problem.id, type=ProblemType.SCORING)
        )
    assert (problems.stored[problem.id], tx.commits) == (problem, 0)


async def test_update_refuses_to_drop_a_group_that_holds_tests() -> None:
    problem = make_problem(groups=[Group(name="a", points=1), Group(name="b", points=1)])
    problems, tests, tx = FakeProblems(problem), FakeTests(), FakeTransactions()
    data = TestData(input=b"1", answer=b"1")
    test = describe_test(
        id=uuid.uuid4(), problem_id=problem.id, name="1", group="b", sample=False, data=data, created_at=NOW
    )
    await tests.add(test, data)
    with pytest.raises(GroupInUseError) as raised:
        await UpdateProblem(AS_OWNER, problems, tests, FakeClock(), tx)(
            UpdateProblemInput(problem_id=problem.id, groups=[Group(name="a", points=1)])
        )
    assert raised.value.details == {"groups": ["b"]}
    assert tx.commits == 0


async def test_update_of_unknown_problem_is_not_found() -> None:
    with pytest.raises(ProblemNotFoundError):
        await UpdateProblem(AS_OWNER, FakeProblems(), FakeTests(), FakeClock(), FakeTransactions())(
            UpdateProblemInput(problem_id=uuid.uuid4(), title="x")
        )


async def test_delete_removes_the_problem_and_commits() -> None:
    problem = make_problem()
    problems, tx = FakeProblems(problem), FakeTransactions()
    await DeleteProblem(AS_OWNER, problems, tx)(DeleteProblemInput(problem_id=problem.id))
    assert (problems.stored, tx.commits) == ({}, 1)


async def test_delete_of_unknown_problem_is_not_found() -> None:
    tx = FakeTransactions()
    with pytest.raises(ProblemNotFoundError):
        await DeleteProblem(AS_OWNER, FakeProblems(), tx)(DeleteProblemInput(problem_id=uuid.uuid4()))
    assert tx.commits == 0

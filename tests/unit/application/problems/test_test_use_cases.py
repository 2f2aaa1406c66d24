import uuid

import pytest

from application.problems.usecases import (
    AddTest,
    AddTestInput,
    AddTestsFromArchive,
    AddTestsFromArchiveInput,
    DeleteTest,
    DeleteTestInput,
    GetTest,
    GetTestInput,
    ListTests,
    ListTestsInput,
)
from domain.exceptions import TooLargeError
from domain.judging.enums import ProblemType
from domain.problems.entities import Group, Problem, TestData
from domain.problems.exceptions import (
    InvalidArchiveError,
    InvalidTestError,
    ProblemNotFoundError,
    TestNameTakenError,
    TestNotFoundError,
)
from tests.unit.application.problems.fakes import (
    OWNER,
    POLICY,
    FakeArchives,
    FakeClock,
    FakeProblems,
    FakeTests,
    FakeTransactions,
    entry,
    make_problem,
)
from tests.unit.fakes import FakeIdentity


class World:
    def __init__(self, problem: Problem | None = None, archives: FakeArchives | None = None) -> None:
        self.problem = problem or make_problem()
        self.problems = FakeProblems(self.problem)
        self.tests = FakeTests()
        self.tx = FakeTransactions()
        self.clock = FakeClock()
        self.archives = archives or FakeArchives()
        self.identity = FakeIdentity(OWNER)

    async def add(self, **fields: object) -> tuple[int, str, str, bool]:
        use_case = AddTest(self.identity, self.problems, self.tests, self.tests, POLICY, self.clock, self.tx)
        values: dict[str, object] = {"input": b"1 2\n", "answer": b"3\n", **fields}
        added = await use_case(AddTestInput(problem_id=self.problem.id, **values))  # type: ignore[arg-type]
        return added.index, added.test.name, added.test.group, added.test.sample

    async def upload(self) -> list[tuple[int, str, str, bool]]:
        use_case = AddTestsFromArchive(
            self.identity, self.problems, self.tests, self.tests, self.archives, POLICY, self.clock, self.tx
        )
        added = await use_case(AddTestsFromArchiveInput(problem_id=self.problem.id, location="tests.zip"))
        return [(item.index, item.test.name, item.test.group, item.test.sample) for item in added]

    async def names(self) -> list[str]:
        listed = await ListTests(self.identity, self.problems, self.tests)(
            ListTestsInput(problem_id=self.problem.id)
        )
        assert [item.index for item in listed.tests] == list(range(1, len(listed.tests) + 1))
        return [item.test.name for item in listed.tests]

    @property
    def test_count(self) -> int:
        return self.problems.stored[self.problem.id].test_count


async def test_added_tests_are_numbered_one_past_the_largest_numeric_name() -> None:
    world = World()
    assert await world.add() == (1, "1", "default", False)
    assert await world.add(name="9") == (2, "9", "default", False)
    assert await world.add(sample=True) == (3, "10", "default", True)
    assert await world.names() == ["1", "9", "10"]
    assert world.test_count == 3
    assert world.tx.commits == 3


async def test_added_test_stores_its_data_with_sizes_and_digests() -> None:
    world = World()
    await world.add(input=b"abc", answer=b"")
    [(test, data)] = world.tests.stored.values()
    assert data == TestData(input=b"abc", answer=b"")
    assert (test.input_size, test.answer_size) == (3, 0)
    assert test.input_sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert world.problems.locked == [world.problem.id]


async def test_added_test_must_be_in_a_declared_group() -> None:
    world = World(make_problem(type=ProblemType.SCORING, groups=[Group(name="small", points=10)]))
    assert (await world.add(group="small"))[2] == "small"
    with pytest.raises(InvalidTestError):
        await world.add()  # "default" is not declared
    with pytest.raises(InvalidTestError):
        await world.add(group="big")
    assert world.test_count == 1


async def test_without_declared_groups_only_the_default_group_exists() -> None:
    world = World()
    with pytest.raises(InvalidTestError):
        await world.add(group="small")


@pytest.mark.parametrize("name", ["", "a b", "../x", "-x", "x" * 65])
async def test_badly_named_test_is_refused(name: str) -> None:
    world = World()
    with pytest.raises(InvalidTestError):
        await world.add(name=name)
    assert world.tests.stored == {}


async def test_test_name_is_unique_within_its_problem() -> None:
    world = World()
    await world.add(name="a")
    with pytest.raises(TestNameTakenError):
        await world.add(name="a")
    assert world.tx.commits == 1


async def test_input_or_answer_over_the_per_test_limit_is_too_large() -> None:
    world = World()
    with pytest.raises(TooLargeError):
        await world.add(input=b"x" * (POLICY.test_max_bytes + 1))
    with pytest.raises(TooLargeError):
        await world.add(answer=b"x" * (POLICY.test_max_bytes + 1))
    assert await world.add(input=b"x" * POLICY.test_max_bytes, answer=b"") == (1, "1", "default", False)


async def test_tests_over_the_per_problem_limit_are_too_large() -> None:
    world = World()
    for _ in range(3):
        await world.add(input=b"x" * 50, answer=b"y" * 50)  # 300 bytes: exactly the limit
    with pytest.raises(TooLargeError):
        await world.add(input=b"z", answer=b"")
    assert world.test_count == 3


async def test_adding_to_an_unknown_problem_is_not_found() -> None:
    world = World()
    use_case = AddTest(
        world.identity, world.problems, world.tests, world.tests, POLICY, world.clock, world.tx
    )
    with pytest.raises(ProblemNotFoundError):
        await use_case(AddTestInput(problem_id=uuid.uuid4(), input=b"", answer=b""))


async def test_archive_tests_are_added_in_natural_order_with_groups_and_samples() -> None:
    problem = make_problem(
        type=ProblemType.SCORING, groups=[Group(name="default", points=40), Group(name="big", points=60)]
    )
    archives = FakeArchives(entry("10"), entry("2", "big"), entry("1"), entry("s1", "sample"))
    world = World(problem, archives)
    assert await world.upload() == [
        (1, "1", "default", False),
        (2, "2", "big", False),
        (3, "10", "default", False),
        (4, "s1", "default", True),
    ]
    assert world.test_count == 4
    assert world.tx.commits == 1


async def test_archive_samples_go_to_a_declared_sample_group() -> None:
    problem = make_problem(
        type=ProblemType.SCORING, groups=[Group(name="sample", points=0), Group(name="main", points=1)]
    )
    world = World(problem, FakeArchives(entry("1", "sample"), entry("2", "main")))
    assert await world.upload() == [(1, "1", "sample", True), (2, "2", "main", False)]


async def test_archive_indexes_count_the_tests_already_there() -> None:
    world = World(archives=FakeArchives(entry("2"), entry("11")))
    await world.add(name="1")
    await world.add(name="10")
    assert [index for index, *_ in await world.upload()] == [2, 4]
    assert world.test_count == 4


async def test_archive_reader_gets_what_is_left_of_the_problem_budget() -> None:
    world = World(archives=FakeArchives(entry("2")))
    await world.add(input=b"x" * 60, answer=b"y" * 40)
    await world.upload()
    assert world.archives.limits is not None
    assert world.archives.limits.file_max_bytes == POLICY.test_max_bytes
    assert world.archives.limits.total_max_bytes == POLICY.problem_max_bytes - 100
    assert world.archives.limits.max_ratio == POLICY.archive_max_ratio


async def test_archive_in_an_undeclared_group_adds_nothing() -> None:
    world = World(archives=FakeArchives(entry("1"), entry("2", "extra")))
    with pytest.raises(InvalidTestError):
        await world.upload()
    assert (world.tests.stored, world.tx.commits) == ({}, 0)


async def test_archive_clashing_with_an_existing_name_adds_nothing() -> None:
    world = World(archives=FakeArchives(entry("2"), entry("1")))
    await world.add(name="1")
    with pytest.raises(TestNameTakenError):
        await world.upload()
    assert await world.names() == ["1"]
    assert world.tx.commits == 1


async def test_empty_archive_is_invalid() -> None:
    with pytest.raises(InvalidArchiveError):
        await World().upload()


async def test_archive_over_the_problem_budget_is_too_large() -> None:
    world = World(archives=FakeArchives(*(entry(str(i), data=b"x" * 40) for i in range(4))))
    with pytest.raises(TooLargeError):
        await world.upload()  # 320 bytes > 300, even if the reader let it through
    assert world.tests.stored == {}


async def test_get_test_returns_its_number_and_data() -> None:
    world = World()
    await world.add(name="2", input=b"in", answer=b"out")
    await world.add(name="1")
    test_id = next(test.id for test, _ in world.tests.stored.values() if test.name == "2")
    found = await GetTest(world.identity, world.problems, world.tests)(
        GetTestInput(problem_id=world.problem.id, test_id=test_id)
    )
    assert (found.index, found.test.name, found.data) == (2, "2", TestData(input=b"in", answer=b"out"))


async def test_get_test_of_another_problem_is_not_found() -> None:
    world, other = World(), World()
    await other.add()
    [test_id] = other.tests.stored
    with pytest.raises(TestNotFoundError):
        await GetTest(world.identity, world.problems, world.tests)(
            GetTestInput(problem_id=world.problem.id, test_id=test_id)
        )


async def test_listing_tests_of_an_unknown_problem_is_not_found() -> None:
    world = World()
    with pytest.raises(ProblemNotFoundError):
        await ListTests(world.identity, world.problems, world.tests)(ListTestsInput(problem_id=uuid.uuid4()))


async def test_deleting_a_test_updates_the_count() -> None:
    world = World()
    await world.add()
    await world.add()
    first = next(test.id for test, _ in world.tests.stored.values() if test.name == "1")
    delete = DeleteTest(world.identity, world.problems, world.tests, world.tests, world.clock, world.tx)
    await delete(DeleteTestInput(problem_id=world.problem.id, test_id=first))
    assert await world.names() == ["2"]
    assert world.test_count == 1
    with pytest.raises(TestNotFoundError):
        await delete(DeleteTestInput(problem_id=world.problem.id, test_id=first))
    assert world.tx.commits == 3

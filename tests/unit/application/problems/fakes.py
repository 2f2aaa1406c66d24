"""Hand-written fakes of the problems module's ports."""

import uuid
from collections.abc import Sequence
from uuid import UUID

from application.problems import archive
from application.problems.policy import UploadPolicy
from domain.accounts.entities import Role, Visibility
from domain.judging.checkers import CheckerSpec, TokensChecker
from domain.judging.enums import ProblemType
from domain.problems.entities import Group, Limits, Problem, TestCase, TestData, in_order
from domain.problems.exceptions import SlugTakenError, TestNameTakenError
from domain.problems.repositories import (
    ProblemAccess,
    ProblemReader,
    ProblemSaver,
    ProblemTestReader,
    ProblemTestSaver,
    ProblemViewer,
)
from tests.unit.fakes import NOW, FakeClock, FakeTransactions, principal

__all__ = [
    "NOW",
    "OWNER",
    "POLICY",
    "FakeArchives",
    "FakeClock",
    "FakeProblems",
    "FakeTests",
    "FakeTransactions",
    "entry",
    "make_problem",
]

POLICY = UploadPolicy(test_max_bytes=100, problem_max_bytes=300, archive_max_ratio=100, problem_max_tests=5)
OWNER = principal(Role.AUTHOR)
"""The author who owns the problems `make_problem` makes."""


class FakeProblems(ProblemReader, ProblemSaver):
    def __init__(self, *problems: Problem) -> None:
        self.stored: dict[UUID, Problem] = {problem.id: problem for problem in problems}
        self.locked: list[UUID] = []
        self.listed_for: list[ProblemViewer | None] = []
        """The `visible_to` of each `list_page` call."""

    async def get(self, problem_id: UUID) -> Problem | None:
        return self.stored.get(problem_id)

    def access_for(self, problem_id: UUID, viewer: ProblemViewer | None) -> ProblemAccess | None:
        """A store's `add_if_visible` over these problems: the access, when `viewer` may see the problem."""
        problem = self.stored.get(problem_id)
        if problem is None or not is_visible_to(problem, viewer):
            return None
        return ProblemAccess(owner_id=problem.owner_id, visibility=problem.visibility)

    async def access_of(self, problem_id: UUID) -> ProblemAccess | None:
        problem = self.stored.get(problem_id)
        return ProblemAccess(owner_id=problem.owner_id, visibility=problem.visibility) if problem else None

    async def get_for_update(self, problem_id: UUID) -> Problem | None:
        self.locked.append(problem_id)
        problem = self.stored.get(problem_id)
        return Problem(**{name: getattr(problem, name) for name in Problem.__slots__}) if problem else None

    async def list_page(
        self, *, offset: int, limit: int, visible_to: ProblemViewer | None = None
    ) -> tuple[Sequence[Problem], int]:
        self.listed_for.append(visible_to)
        ordered = sorted(
            (problem for problem in self.stored.values() if is_visible_to(problem, visible_to)),
            key=lambda problem: problem.created_at,
        )
        return ordered[offset : offset + limit], len(ordered)

    def _check_slug(self, problem: Problem) -> None:
        if any(other.slug == problem.slug and other.id != problem.id for other in self.stored.values()):
            raise SlugTakenError("taken")

    async def add(self, problem: Problem) -> None:
        self._check_slug(problem)
        self.stored[problem.id] = problem

    async def update(self, problem: Problem) -> None:
        self._check_slug(problem)
        self.stored[problem.id] = problem

    async def delete(self, problem_id: UUID) -> bool:
        return self.stored.pop(problem_id, None) is not None


def is_visible_to(problem: Problem, viewer: ProblemViewer | None) -> bool:
    if viewer is None or problem.visibility is Visibility.PUBLIC:
        return True
    return viewer.owner_id is not None and problem.owner_id == viewer.owner_id


class FakeTests(ProblemTestReader, ProblemTestSaver):
    def __init__(self) -> None:
        self.stored: dict[UUID, tuple[TestCase, TestData]] = {}

    async def list_for(self, problem_id: UUID) -> Sequence[TestCase]:
        return in_order([test for test, _ in self.stored.values() if test.problem_id == problem_id])

    async def get(self, problem_id: UUID, test_id: UUID) -> TestCase | None:
        found = self.stored.get(test_id)
        return found[0] if found and found[0].problem_id == problem_id else None

    async def get_data(self, test_id: UUID) -> TestData | None:
        found = self.stored.get(test_id)
        return found[1] if found else None

    async def add(self, test: TestCase, data: TestData) -> None:
        await self.add_many([(test, data)])

    async def add_many(self, tests: Sequence[tuple[TestCase, TestData]]) -> None:
        for test, _ in tests:
            if any(test.name == other.name for other in await self.list_for(test.problem_id)):
                raise TestNameTakenError("taken")
        self.stored.update({test.id: (test, data) for test, data in tests})

    async def delete(self, problem_id: UUID, test_id: UUID) -> bool:
        if await self.get(problem_id, test_id) is None:
            return False
        del self.stored[test_id]
        return True


class FakeArchives(archive.TestArchiveReader):
    """Returns the tests it was given; remembers the limits it was called with."""

    def __init__(self, *tests: archive.ArchiveTest) -> None:
        self.tests = list(tests)
        self.limits: archive.ArchiveLimits | None = None

    async def read(self, location: str, limits: archive.ArchiveLimits) -> list[archive.ArchiveTest]:
        self.limits = limits
        return self.tests


def make_problem(
    *,
    slug: str = "a-plus-b",
    type: ProblemType = ProblemType.PASS_FAIL,
    groups: list[Group] | None = None,
    checker: CheckerSpec | None = None,
    owner_id: UUID | None = OWNER.account_id,
    visibility: Visibility = Visibility.DRAFT,
) -> Problem:
    return Problem(
        id=uuid.uuid4(),
        slug=slug,
        title="A + B",
        statement="Add two numbers.",
        type=type,
        limits=Limits(time_ms=1000, memory_mb=256),
        checker=checker or TokensChecker(),
        groups=groups or [],
        owner_id=owner_id,
        visibility=visibility,
        created_at=NOW,
        updated_at=NOW,
    )


def entry(name: str, directory: str | None = None, data: bytes = b"1") -> archive.ArchiveTest:
    return archive.ArchiveTest(name=name, directory=directory, input=data, answer=data)

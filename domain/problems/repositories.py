from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from domain.accounts.entities import Visibility
from domain.problems.entities import Problem, TestCase, TestData


@dataclass(frozen=True, slots=True, kw_only=True)
class ProblemViewer:
    """Public problems plus, when set, those owned by `owner_id`."""

    owner_id: UUID | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProblemAccess:
    """Who owns a problem and who may see it: all that access checks need."""

    owner_id: UUID | None
    visibility: Visibility


class ProblemReader(Protocol):
    async def get(self, problem_id: UUID) -> Problem | None: ...

    async def access_of(self, problem_id: UUID) -> ProblemAccess | None:
        """Without loading the statement, checker and groups."""
        ...

    async def list_page(
        self, *, offset: int, limit: int, visible_to: ProblemViewer | None = None
    ) -> tuple[Sequence[Problem], int]:
        """A page of problems (oldest first) and the total count; `visible_to` limits both to what that
        viewer may see (None: every problem)."""
        ...


class ProblemSaver(Protocol):
    async def get_for_update(self, problem_id: UUID) -> Problem | None:
        """The problem, locked until the transaction ends: writers of its tests go one at a time, so
        the test count and the size budget stay exact."""
        ...

    async def add(self, problem: Problem) -> None:
        """Raises SlugTakenError when the slug is used."""
        ...

    async def update(self, problem: Problem) -> None:
        """Raises SlugTakenError when the new slug is used."""
        ...

    async def delete(self, problem_id: UUID) -> bool:
        """Deletes the problem and its tests; False when there was no such problem."""
        ...


class ProblemTestReader(Protocol):
    async def list_for(self, problem_id: UUID) -> Sequence[TestCase]:
        """The problem's tests in judging order (natural sort by name)."""
        ...

    async def get(self, problem_id: UUID, test_id: UUID) -> TestCase | None: ...

    async def get_data(self, test_id: UUID) -> TestData | None: ...


class ProblemTestSaver(Protocol):
    async def add(self, test: TestCase, data: TestData) -> None:
        """Raises TestNameTakenError when the problem has a test with that name."""
        ...

    async def add_many(self, tests: Sequence[tuple[TestCase, TestData]]) -> None:
        """All or nothing within the transaction; raises TestNameTakenError like `add`."""
        ...

    async def delete(self, problem_id: UUID, test_id: UUID) -> bool: ...

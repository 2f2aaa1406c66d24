from collections.abc import Mapping, Sequence
from uuid import UUID

from sqlalchemy import ColumnElement, delete, func, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts.entities import Visibility
from domain.exceptions import DomainError
from domain.problems.entities import Problem, TestCase, TestData, in_order
from domain.problems.exceptions import SlugTakenError, TestNameTakenError
from domain.problems.repositories import (
    ProblemAccess,
    ProblemReader,
    ProblemSaver,
    ProblemTestReader,
    ProblemTestSaver,
    ProblemViewer,
)
from infrastructure.database.repositories.problems.mappers import (
    model_to_problem,
    model_to_test,
    problem_to_model,
    row_for_test,
)
from infrastructure.database.repositories.problems.models import ProblemModel, ProblemTestModel

SLUG_CONSTRAINT = "uq_problems_slug"
TEST_NAME_CONSTRAINT = "uq_problem_tests_problem_id"


def _constraint(error: IntegrityError) -> str | None:
    """The violated constraint's name, as asyncpg reports it under SQLAlchemy's wrapper."""
    for candidate in (error.orig, getattr(error.orig, "__cause__", None)):
        name = getattr(candidate, "constraint_name", None)
        if isinstance(name, str):
            return name
    return None


async def _flush(session: AsyncSession, errors: Mapping[str, DomainError]) -> None:
    try:
        await session.flush()
    except IntegrityError as error:
        known = errors.get(_constraint(error) or "")
        if known is None:
            raise
        raise known from None


class SqlProblemRepository(ProblemReader, ProblemSaver):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, problem_id: UUID) -> Problem | None:
        row = await self._session.get(ProblemModel, problem_id, populate_existing=True)
        return model_to_problem(row) if row is not None else None

    async def access_of(self, problem_id: UUID) -> ProblemAccess | None:
        row = (
            await self._session.execute(
                select(ProblemModel.owner_id, ProblemModel.visibility).where(ProblemModel.id == problem_id)
            )
        ).one_or_none()
        return ProblemAccess(owner_id=row.owner_id, visibility=Visibility(row.visibility)) if row else None

    async def get_for_update(self, problem_id: UUID) -> Problem | None:
        row = await self._session.get(ProblemModel, problem_id, populate_existing=True, with_for_update=True)
        return model_to_problem(row) if row is not None else None

    async def list_page(
        self, *, offset: int, limit: int, visible_to: ProblemViewer | None = None
    ) -> tuple[Sequence[Problem], int]:
        condition: ColumnElement[bool] = true()
        if visible_to is not None:
            condition = ProblemModel.visibility == Visibility.PUBLIC.value
            if visible_to.owner_id is not None:
                condition = or_(condition, ProblemModel.owner_id == visible_to.owner_id)
        total = await self._session.scalar(select(func.count()).select_from(ProblemModel).where(condition))
        rows = await self._session.scalars(
            select(ProblemModel)
            .where(condition)
            .order_by(ProblemModel.created_at, ProblemModel.id)
            .offset(offset)
            .limit(limit)
        )
        return [model_to_problem(row) for row in rows], total or 0

    async def add(self, problem: Problem) -> None:
        self._session.add(problem_to_model(problem))
        await _flush(self._session, {SLUG_CONSTRAINT: _slug_taken(problem.slug)})

    async def update(self, problem: Problem) -> None:
        await self._session.merge(problem_to_model(problem))
        await _flush(self._session, {SLUG_CONSTRAINT: _slug_taken(problem.slug)})

    async def delete(self, problem_id: UUID) -> bool:
        # The database cascades to the tests (and to whatever else references problems).
        deleted = await self._session.scalar(
            delete(ProblemModel).where(ProblemModel.id == problem_id).returning(ProblemModel.id)
        )
        return deleted is not None


def _slug_taken(slug: str) -> SlugTakenError:
    return SlugTakenError(f"slug {slug!r} is taken by another problem", details={"slug": slug})


class SqlProblemTestRepository(ProblemTestReader, ProblemTestSaver):
    """Metadata queries never read the data columns (they are deferred with raiseload)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def list_for(self, problem_id: UUID) -> Sequence[TestCase]:
        rows = await self._session.scalars(
            select(ProblemTestModel).where(ProblemTestModel.problem_id == problem_id)
        )
        return in_order([model_to_test(row) for row in rows])

    async def get(self, problem_id: UUID, test_id: UUID) -> TestCase | None:
        row = await self._session.scalar(
            select(ProblemTestModel).where(
                ProblemTestModel.id == test_id, ProblemTestModel.problem_id == problem_id
            )
        )
        return model_to_test(row) if row is not None else None

    async def get_data(self, test_id: UUID) -> TestData | None:
        row = (
            await self._session.execute(
                select(ProblemTestModel.input, ProblemTestModel.answer).where(ProblemTestModel.id == test_id)
            )
        ).one_or_none()
        return TestData(input=row.input, answer=row.answer) if row is not None else None

    async def add(self, test: TestCase, data: TestData) -> None:
        await self.add_many([(test, data)])

    async def add_many(self, tests: Sequence[tuple[TestCase, TestData]]) -> None:
        self._session.add_all([row_for_test(test, data) for test, data in tests])
        taken = TestNameTakenError("a test with one of these names exists", details={})
        await _flush(self._session, {TEST_NAME_CONSTRAINT: taken})

    async def delete(self, problem_id: UUID, test_id: UUID) -> bool:
        deleted = await self._session.scalar(
            delete(ProblemTestModel)
            .where(ProblemTestModel.id == test_id, ProblemTestModel.problem_id == problem_id)
            .returning(ProblemTestModel.id)
        )
        return deleted is not None

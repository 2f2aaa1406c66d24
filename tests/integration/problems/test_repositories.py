import dataclasses
import uuid
from datetime import UTC, datetime

import pytest
from dishka import AsyncContainer
from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.judging.checkers import ExactChecker
from domain.judging.enums import ProblemType
from domain.problems.entities import Limits, Problem, TestData, describe_test
from domain.problems.exceptions import SlugTakenError, TestNameTakenError
from infrastructure.database.repositories.problems.models import ProblemTestModel
from infrastructure.database.repositories.problems.repositories import (
    SqlProblemRepository,
    SqlProblemTestRepository,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _problem() -> Problem:
    return Problem(
        id=uuid.uuid4(),
        slug=f"repo-{uuid.uuid4().hex[:10]}",
        title="t",
        statement="",
        type=ProblemType.PASS_FAIL,
        limits=Limits(time_ms=1, memory_mb=1),
        checker=ExactChecker(),
        created_at=NOW,
        updated_at=NOW,
    )


async def test_metadata_queries_never_read_test_data(container: AsyncContainer) -> None:
    problem = _problem()
    data = TestData(input=b"in" * 1000, answer=b"ans")
    tests = [
        describe_test(
            id=uuid.uuid4(),
            problem_id=problem.id,
            name=name,
            group="default",
            sample=False,
            data=data,
            created_at=NOW,
        )
        for name in ("10", "2")
    ]
    async with container() as request:
        session = await request.get(AsyncSession)
        await SqlProblemRepository(session).add(problem)
        await SqlProblemTestRepository(session).add_many([(test, data) for test in tests])
        await session.commit()

    async with container() as request:
        session = await request.get(AsyncSession)
        repository = SqlProblemTestRepository(session)
        assert [test.name for test in await repository.list_for(problem.id)] == ["2", "10"]
        assert await repository.get(problem.id, tests[0].id) == tests[0]
        assert await repository.get(uuid.uuid4(), tests[0].id) is None
        assert await repository.get_data(tests[0].id) == data
        row = await session.scalar(select(ProblemTestModel).where(ProblemTestModel.id == tests[1].id))
        assert row is not None
        with pytest.raises(InvalidRequestError):
            _ = row.input  # deferred with raiseload: never loaded behind our back

    statement = str(select(ProblemTestModel).compile())
    assert "problem_tests.input," not in statement
    assert "problem_tests.answer," not in statement
    assert "problem_tests.input_size" in statement


async def test_constraint_violations_become_domain_errors(container: AsyncContainer) -> None:
    problem = _problem()
    async with container() as request:
        session = await request.get(AsyncSession)
        await SqlProblemRepository(session).add(problem)
        await session.commit()

    async with container() as request:
        session = await request.get(AsyncSession)
        with pytest.raises(SlugTakenError):
            await SqlProblemRepository(session).add(dataclasses.replace(_problem(), slug=problem.slug))

    data = TestData(input=b"", answer=b"")
    async with container() as request:
        session = await request.get(AsyncSession)
        repository = SqlProblemTestRepository(session)
        same_name = [
            describe_test(
                id=uuid.uuid4(),
                problem_id=problem.id,
                name="1",
                group="default",
                sample=False,
                data=data,
                created_at=NOW,
            )
            for _ in range(2)
        ]
        with pytest.raises(TestNameTakenError):
            await repository.add_many([(test, data) for test in same_name])

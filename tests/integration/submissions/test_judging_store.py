"""The claim/lease/finish protocol against the real PostgreSQL: what keeps submissions from being lost or
judged twice."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from uuid import UUID

import httpx
from dishka import AsyncContainer

from application.transactions import TransactionManager
from domain.judging.enums import Verdict
from domain.submissions.entities import Claim, JudgingResult, TestResult
from domain.submissions.repositories import JudgingStore, SubmissionReader
from tests.integration.submissions.helpers import create_problem

RESULT = JudgingResult(
    verdict=Verdict.ACCEPTED,
    score=1,
    max_score=1,
    time_ms=5,
    memory_kb=1000,
    compile_output="",
    isolated=True,
)


async def _submit(client: httpx.AsyncClient) -> UUID:
    problem = await create_problem(client)
    created = await client.post(
        "/api/v1/submissions", json={"problemId": problem, "language": "c", "source": ""}
    )
    return UUID(created.json()["id"])


async def _claim(container: AsyncContainer, submission_id: UUID, worker: UUID, now: datetime) -> Claim | None:
    async with container() as request:
        store = await request.get(JudgingStore)
        claim: Claim | None = await store.claim(submission_id, worker, now, now + timedelta(seconds=30))
        await (await request.get(TransactionManager)).commit()
        return claim


def _test_result(index: int) -> TestResult:
    return TestResult(
        index=index,
        test_id=uuid.uuid4(),
        name=str(index + 1),
        group="default",
        verdict=Verdict.ACCEPTED,
        time_ms=1,
        wall_time_ms=2,
        memory_kb=3,
    )


async def test_concurrent_claims_let_exactly_one_worker_win(
    container: AsyncContainer, client: httpx.AsyncClient
) -> None:
    submission_id = await _submit(client)
    now = datetime.now(UTC)
    claims = await asyncio.gather(*(_claim(container, submission_id, uuid.uuid4(), now) for _ in range(8)))
    winners = [claim for claim in claims if claim is not None]
    assert len(winners) == 1
    assert winners[0].attempt == 1


async def test_results_and_final_verdict_are_written_once_per_attempt(
    container: AsyncContainer, client: httpx.AsyncClient
) -> None:
    submission_id = await _submit(client)
    now = datetime.now(UTC)
    claim = await _claim(container, submission_id, uuid.uuid4(), now)
    assert claim is not None
    async with container() as request:
        store = await request.get(JudgingStore)
        tx = await request.get(TransactionManager)
        await store.save_test_results(claim, [_test_result(0), _test_result(1)])
        await store.save_test_results(claim, [_test_result(1)])  # a redelivered batch changes nothing
        assert await store.finish(claim, RESULT, now) is True
        assert await store.finish(claim, RESULT, now) is False  # exactly one final result
        await tx.commit()
    async with container() as request:
        submission = await (await request.get(SubmissionReader)).get(submission_id)
    assert submission is not None
    assert submission.verdict is Verdict.ACCEPTED
    assert [t.index for t in submission.tests] == [0, 1]


async def test_an_expired_lease_is_reaped_and_the_old_worker_can_no_longer_write(
    container: AsyncContainer, client: httpx.AsyncClient
) -> None:
    submission_id = await _submit(client)
    start = datetime.now(UTC)
    dead = await _claim(container, submission_id, uuid.uuid4(), start)
    assert dead is not None
    assert await _claim(container, submission_id, uuid.uuid4(), start) is None  # lease still valid

    later = start + timedelta(seconds=31)
    async with container() as request:
        store = await request.get(JudgingStore)
        assert submission_id in await store.expired_leases(later)
        assert submission_id in await store.waiting_since(later, 100)
        await (await request.get(TransactionManager)).commit()

    alive = await _claim(container, submission_id, uuid.uuid4(), later)
    assert alive is not None
    assert alive.attempt == dead.attempt + 1
    async with container() as request:
        store = await request.get(JudgingStore)
        assert await store.renew(dead, later + timedelta(seconds=30)) is False
        await store.save_test_results(dead, [_test_result(0)])
        assert await store.finish(dead, RESULT, later) is False
        assert await store.finish(alive, RESULT, later) is True
        await (await request.get(TransactionManager)).commit()
    async with container() as request:
        submission = await (await request.get(SubmissionReader)).get(submission_id)
    assert submission is not None
    assert submission.tests == []  # the dead attempt's late result was not recorded


async def test_rejudge_takes_the_submission_away_from_its_current_judging(
    container: AsyncContainer, client: httpx.AsyncClient
) -> None:
    submission_id = await _submit(client)
    claim = await _claim(container, submission_id, uuid.uuid4(), datetime.now(UTC))
    assert claim is not None
    assert (await client.post(f"/api/v1/submissions/{submission_id}/rejudge")).status_code == 202
    async with container() as request:
        store = await request.get(JudgingStore)
        assert await store.renew(claim, datetime.now(UTC) + timedelta(seconds=30)) is False
        assert await store.finish(claim, RESULT, datetime.now(UTC)) is False

"""The PostgreSQL run store: fair claims, claims that were lost, hand-back, lease recovery and retention."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.runs.entities import Run, RunFile, RunLimitsSpec, RunOutcome, RunResult, RunStatus
from infrastructure.database.postgres import create_engine, create_sessionmaker
from infrastructure.database.repositories.accounts.models import AccountModel
from infrastructure.database.repositories.runs.repositories import SqlRunRepository, SqlRunStore

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)
LIMITS = RunLimitsSpec(cpu_ms=1000, wall_ms=2000, memory_kb=65536, processes=1, stack_kb=0, output_bytes=1024)


@pytest.fixture
async def session(database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(database_url, pool_size=2)
    async with create_sessionmaker(engine)() as session:
        yield session
    await engine.dispose()


async def _account(session: AsyncSession) -> UUID:
    account = uuid.uuid4()
    await session.execute(insert(AccountModel).values(id=account, name="a", created_at=T0))
    return account


def _language() -> str:
    """A language of this test alone: the session's database holds other tests' runs too."""
    return f"l-{uuid.uuid4().hex[:12]}"


def _run(owner: UUID, created_at: datetime, language: str) -> Run:
    return Run(
        id=uuid.uuid4(),
        language=language,
        files=[RunFile(name="main.py", content=b"\xff\x00print(1)")],
        stdin=b"\x00in",
        limits=LIMITS,
        created_at=created_at,
        owner_id=owner,
        args=["a b"],
        extra={"number_of_runs": 1},
    )


async def test_runs_round_trip_with_their_bytes(session: AsyncSession) -> None:
    owner = await _account(session)
    run = _run(owner, T0, _language())
    repository = SqlRunRepository(session)
    await repository.add([run])
    await session.commit()
    read = await repository.get(run.id)
    assert read is not None
    assert (read.files, read.stdin, read.args, read.limits, read.extra) == (
        run.files,
        run.stdin,
        run.args,
        run.limits,
        run.extra,
    )
    assert read.status is RunStatus.QUEUED
    assert read.result is None


async def test_the_submitter_with_fewer_runs_running_is_claimed_first(session: AsyncSession) -> None:
    busy, idle = await _account(session), await _account(session)
    now = datetime.now(UTC)
    language = _language()
    runs = [_run(busy, now - timedelta(seconds=10 - i), language) for i in range(3)] + [
        _run(idle, now, language)
    ]
    await SqlRunRepository(session).add(runs)
    await session.commit()
    store, worker = SqlRunStore(session), uuid.uuid4()
    first = await store.claim_next(worker, [language], now, now + LEASE)
    second = await store.claim_next(worker, [language], now, now + LEASE)
    await session.commit()
    assert first is not None
    assert second is not None
    assert first.run_id == runs[0].id  # the oldest, both have nothing running
    assert second.run_id == runs[3].id  # `busy` has one running now
    assert await store.claim_next(worker, [_language()], now, now + LEASE) is None


async def test_a_lost_claim_writes_nothing_and_a_hand_back_counts_no_try(session: AsyncSession) -> None:
    owner = await _account(session)
    language = _language()
    run = _run(owner, T0, language)
    await SqlRunRepository(session).add([run])
    await session.commit()
    store, now = SqlRunStore(session), datetime.now(UTC)
    claim = await store.claim_next(uuid.uuid4(), [language], now, now + LEASE)
    assert claim is not None
    assert claim.tries == 1
    await store.release(claim)
    again = await store.claim_next(uuid.uuid4(), [language], now, now + LEASE)
    assert again is not None
    assert again.tries == 1
    assert not await store.finish(claim, RunResult(outcome=RunOutcome.OK), now)  # the first worker's
    assert await store.finish(again, RunResult(outcome=RunOutcome.OK, stdout=b"\xff"), now)
    await session.commit()
    read = await SqlRunRepository(session).get(run.id)
    assert read is not None
    assert read.status is RunStatus.FINISHED
    assert read.result is not None
    assert read.result.stdout == b"\xff"


async def test_expired_leases_are_requeued_then_given_up_and_old_runs_purged(session: AsyncSession) -> None:
    owner = await _account(session)
    language = _language()
    run = _run(owner, T0, language)
    await SqlRunRepository(session).add([run])
    await session.commit()
    store, now = SqlRunStore(session), datetime.now(UTC)
    for attempt in range(1, 4):
        claim = await store.claim_next(uuid.uuid4(), [language], now, now + LEASE)
        assert claim is not None
        assert claim.tries == attempt
        requeued, given_up = await store.expire_leases(now + LEASE * 2, max_tries=3)
        assert (run.id in requeued, run.id in given_up) == (attempt < 3, attempt == 3)
    await session.commit()
    read = await SqlRunRepository(session).get(run.id)
    assert read is not None
    assert read.result is not None
    assert read.result.outcome is RunOutcome.INTERNAL_ERROR
    await store.purge(now - timedelta(hours=1))
    assert await SqlRunRepository(session).get(run.id) is not None  # finished just now: kept
    assert await store.purge(now + LEASE * 3) >= 1
    await session.commit()
    assert await SqlRunRepository(session).get(run.id) is None

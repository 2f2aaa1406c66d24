"""One contract for every submission store: the lifecycle of `domain/submissions/lifecycle.py` and the fair
claim order of `domain/submissions/fairness.py`, run against the in-memory store of the unit tests and the
PostgreSQL store. A rule the two stores disagree on fails here."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Protocol
from uuid import UUID

import pytest
from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from domain.judging.checkers import CheckerSpec, CustomChecker, TokensChecker
from domain.judging.enums import CheckerProtocol, SubmissionStatus, Verdict
from domain.submissions.entities import Claim, Submission, TestResult
from domain.submissions.repositories import JudgingStore, QueueRecovery, SubmissionReader, SubmissionSaver
from infrastructure.database.postgres import create_engine, create_sessionmaker
from infrastructure.database.repositories.accounts.models import AccountModel
from infrastructure.database.repositories.problems.models import ProblemModel
from infrastructure.database.repositories.submissions.models import SubmissionModel
from infrastructure.database.repositories.submissions.repositories import (
    SqlJudgingStore,
    SqlSubmissionRepository,
)
from infrastructure.migrations import upgrade
from infrastructure.serialization.checkers import dump_checker
from tests.databases import fresh_database
from tests.unit.application.submissions.fakes import ACCEPTED, FakeSubmissionStore, new_submission

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)
ALL = ("python3", "c", "cpp")


class Stores(Protocol):
    """A store's ports, with a way to arrange rows. Each method call is its own committed transaction."""

    judging: JudgingStore
    recovery: QueueRecovery
    saver: SubmissionSaver
    reader: SubmissionReader

    async def submit(
        self, account: UUID | None, created_at: datetime, language: str, checker_language: str | None
    ) -> UUID: ...

    async def commit(self) -> None: ...

    async def in_own_transaction(
        self, act: Callable[[JudgingStore], Awaitable[Claim | None]]
    ) -> Claim | None:
        """Runs `act` on a store of its own (its own connection, for concurrency), then commits."""
        ...


class MemoryStores:
    def __init__(self) -> None:
        self.store = FakeSubmissionStore()
        self.judging: JudgingStore = self.store
        self.recovery: QueueRecovery = self.store
        self.saver: SubmissionSaver = self.store
        self.reader: SubmissionReader = self.store

    async def submit(
        self, account: UUID | None, created_at: datetime, language: str, checker_language: str | None
    ) -> UUID:
        submission = new_submission(account, created_at=created_at, language=language)
        self.store.checker_languages[submission.problem_id] = checker_language
        await self.saver.add(submission)
        return submission.id

    async def commit(self) -> None:
        pass

    async def in_own_transaction(
        self, act: Callable[[JudgingStore], Awaitable[Claim | None]]
    ) -> Claim | None:
        return await act(self.store)


class PostgresStores:
    def __init__(self, engine: AsyncEngine) -> None:
        self._sessions = create_sessionmaker(engine)
        self.session: AsyncSession = self._sessions()
        repository, judging = SqlSubmissionRepository(self.session), SqlJudgingStore(self.session)
        self.judging: JudgingStore = judging
        self.recovery: QueueRecovery = judging
        self.saver: SubmissionSaver = repository
        self.reader: SubmissionReader = repository
        self._accounts: set[UUID] = set()

    async def submit(
        self, account: UUID | None, created_at: datetime, language: str, checker_language: str | None
    ) -> UUID:
        checker: CheckerSpec = (
            CustomChecker(protocol=CheckerProtocol.TESTLIB, language=checker_language, source="checker")
            if checker_language
            else TokensChecker()
        )
        if account is not None and account not in self._accounts:
            await self.session.execute(insert(AccountModel).values(id=account, name="a", created_at=T0))
            self._accounts.add(account)
        problem_id = uuid.uuid4()
        await self.session.execute(
            insert(ProblemModel).values(
                id=problem_id,
                slug=problem_id.hex,
                title="t",
                statement="",
                type="pass-fail",
                limits={"time_ms": 1000, "memory_mb": 256},  # a valid problem: other tests list every one
                checker=dump_checker(checker),
                groups=[],
                test_count=0,
                created_at=T0,
                updated_at=T0,
            )
        )
        submission = new_submission(account, created_at=created_at, language=language, problem_id=problem_id)
        await self.saver.add(submission)
        await self.session.commit()
        return submission.id

    async def commit(self) -> None:
        await self.session.commit()

    async def in_own_transaction(
        self, act: Callable[[JudgingStore], Awaitable[Claim | None]]
    ) -> Claim | None:
        async with self._sessions() as session:
            claim = await act(SqlJudgingStore(session))
            await session.commit()
            return claim

    async def close(self) -> None:
        await self.session.close()


@pytest.fixture(scope="module")
def contract_database(postgres_server: str) -> Iterator[str]:
    """A database of its own: a claim takes from every queued submission, so no other test's may be there."""
    with fresh_database(postgres_server) as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="module")
async def contract_engine(contract_database: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(contract_database, pool_size=10)
    yield engine
    await engine.dispose()


@pytest.fixture(params=["memory", "postgres"])
async def stores(request: pytest.FixtureRequest, contract_engine: AsyncEngine) -> AsyncIterator[Stores]:
    if request.param == "memory":
        yield MemoryStores()
        return
    engine = contract_engine
    async with engine.begin() as connection:
        await connection.execute(delete(SubmissionModel))
        await connection.execute(delete(ProblemModel))
        await connection.execute(delete(AccountModel))
    postgres = PostgresStores(engine)
    yield postgres
    await postgres.close()


class World:
    """The contract's vocabulary over a store: submit, claim, finish, at given moments."""

    def __init__(self, stores: Stores) -> None:
        self.stores = stores
        self.clock = T0

    async def submit(
        self,
        account: UUID | None = None,
        *,
        language: str = "python3",
        checker_language: str | None = None,
    ) -> UUID:
        self.clock += timedelta(seconds=1)  # each submission is younger than the one before
        return await self.stores.submit(account, self.clock, language, checker_language)

    async def claim(
        self,
        *,
        worker: UUID | None = None,
        at: datetime | None = None,
        languages: tuple[str, ...] = ALL,
        lease: timedelta = LEASE,
    ) -> Claim | None:
        now = at or self.clock
        claim = await self.stores.judging.claim_next(worker or uuid.uuid4(), languages, now, now + lease)
        await self.stores.commit()
        return claim

    async def claimed(
        self,
        *,
        worker: UUID | None = None,
        at: datetime | None = None,
        languages: tuple[str, ...] = ALL,
        lease: timedelta = LEASE,
    ) -> Claim:
        claim = await self.claim(worker=worker, at=at, languages=languages, lease=lease)
        assert claim is not None, "nothing was claimed"
        return claim

    async def finish(self, claim: Claim, *, at: datetime | None = None) -> bool:
        written = await self.stores.judging.finish(claim, ACCEPTED, at or self.clock)
        await self.stores.commit()
        return written

    async def state(self, submission_id: UUID) -> Submission:
        submission = await self.stores.reader.get(submission_id)
        await self.stores.commit()
        assert submission is not None
        return submission


@pytest.fixture
def world(stores: Stores) -> World:
    return World(stores)


def _result(index: int) -> TestResult:
    return TestResult(
        index=index,
        test_id=uuid.uuid4(),
        name=str(index),
        group="default",
        verdict=Verdict.ACCEPTED,
        time_ms=1,
        wall_time_ms=2,
        memory_kb=3,
    )


A, B, C = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


# The lifecycle


async def test_a_claim_takes_a_queued_submission_for_its_first_attempt(world: World) -> None:
    submission_id = await world.submit(A)
    worker = uuid.uuid4()

    claim = await world.claimed(worker=worker)

    assert (claim.submission_id, claim.attempt, claim.tries, claim.worker_id) == (submission_id, 1, 1, worker)
    state = await world.state(submission_id)
    assert (state.status, state.attempt, state.lease_owner) == (SubmissionStatus.JUDGING, 1, worker)
    assert await world.claim() is None  # a live lease is nobody else's to take


async def test_concurrent_claims_never_take_the_same_submission(world: World) -> None:
    queued = {await world.submit(A), await world.submit(B), await world.submit(A)}
    now = world.clock

    async def claim(store: JudgingStore) -> Claim | None:
        return await store.claim_next(uuid.uuid4(), ALL, now, now + LEASE)

    claims = await asyncio.gather(*(world.stores.in_own_transaction(claim) for _ in range(8)))

    taken = [claim.submission_id for claim in claims if claim is not None]
    assert sorted(map(str, taken)) == sorted(map(str, queued))


async def test_the_holder_records_results_once_and_finishes_once(world: World) -> None:
    submission_id = await world.submit(A)
    claim = await world.claimed()
    judging = world.stores.judging

    assert await judging.renew(claim, world.clock + 2 * LEASE) is True
    first_write = [_result(1), _result(2)]
    await judging.save_test_results(claim, first_write)
    await judging.save_test_results(claim, [_result(2)])  # a redelivered batch (its test_id differs)
    assert await world.finish(claim) is True
    assert await world.finish(claim) is False  # exactly one final result per attempt

    state = await world.state(submission_id)
    assert (state.status, state.verdict, state.lease_owner, state.lease_until) == (
        SubmissionStatus.FINISHED,
        Verdict.ACCEPTED,
        None,
        None,
    )
    assert [test.test_id for test in state.tests] == [result.test_id for result in first_write]
    assert await world.claim() is None  # finished is final until a rejudge


async def test_a_finish_stores_the_results_it_is_given_with_the_final_result(world: World) -> None:
    submission_id = await world.submit(A)
    claim = await world.claimed()
    judging = world.stores.judging
    await judging.save_test_results(claim, [_result(1)])
    stored, rest = _result(1), [_result(3), _result(2)]

    assert await judging.finish(claim, ACCEPTED, world.clock, [stored, *rest]) is True
    await world.stores.commit()

    state = await world.state(submission_id)
    assert state.status is SubmissionStatus.FINISHED
    assert [test.index for test in state.tests] == [1, 2, 3]
    assert state.tests[0].test_id != stored.test_id  # a result stored already is kept
    assert [test.test_id for test in state.tests[1:]] == [rest[1].test_id, rest[0].test_id]


async def test_a_finish_of_a_claim_taken_over_stores_none_of_its_results(world: World) -> None:
    submission_id = await world.submit(A)
    dead = await world.claimed()
    later = world.clock + LEASE + timedelta(seconds=1)
    alive = await world.claimed(at=later)

    assert await world.stores.judging.finish(dead, ACCEPTED, later, [_result(1)]) is False
    await world.stores.commit()

    assert (await world.state(submission_id)).tests == []
    assert await world.finish(alive, at=later) is True


async def test_a_claim_carries_the_submission_as_claimed(world: World) -> None:
    submission_id = await world.submit(A, language="cpp")

    claim = await world.claimed()

    claimed = claim.submission
    if claimed is None:  # a store may leave it out; the judging then reads it
        return
    state = await world.state(submission_id)
    assert (claimed.id, claimed.language, claimed.problem_id, claimed.files) == (
        state.id,
        state.language,
        state.problem_id,
        state.files,
    )
    assert (claimed.status, claimed.attempt, claimed.tests) == (SubmissionStatus.JUDGING, 1, [])


async def test_an_expired_lease_is_taken_over_and_the_old_holder_can_no_longer_write(world: World) -> None:
    submission_id = await world.submit(A)
    dead = await world.claimed()
    later = world.clock + LEASE + timedelta(seconds=1)

    alive = await world.claimed(at=later)

    assert (alive.submission_id, alive.attempt, alive.tries) == (submission_id, 2, 2)
    judging = world.stores.judging
    assert await judging.renew(dead, later + LEASE) is False
    await judging.save_test_results(dead, [_result(1)])
    assert await world.finish(dead, at=later) is False
    assert await world.finish(alive, at=later) is True
    assert (await world.state(submission_id)).tests == []  # the dead attempt's late result was dropped


async def test_a_holder_whose_lease_ran_out_keeps_its_claim_until_someone_takes_over(world: World) -> None:
    submission_id = await world.submit(A)
    claim = await world.claimed()
    # (nobody claimed it in the meantime: only a takeover ends a claim, not the clock)
    assert await world.stores.judging.renew(claim, world.clock + 3 * LEASE) is True
    assert await world.finish(claim, at=world.clock + 2 * LEASE) is True
    assert (await world.state(submission_id)).status is SubmissionStatus.FINISHED


async def test_a_finish_drops_the_results_of_earlier_attempts(world: World) -> None:
    submission_id = await world.submit(A)
    first = await world.claimed()
    await world.stores.judging.save_test_results(first, [_result(1)])
    await world.stores.commit()
    second = await world.claimed(at=world.clock + 2 * LEASE)
    await world.stores.judging.save_test_results(second, [_result(1), _result(2)])

    assert await world.finish(second, at=world.clock + 2 * LEASE) is True

    assert [test.index for test in (await world.state(submission_id)).tests] == [1, 2]


async def test_a_rejudge_ends_the_current_claim_and_counts_tries_afresh(world: World) -> None:
    submission_id = await world.submit(A)
    first = await world.claimed()
    await world.stores.judging.save_test_results(first, [_result(1)])

    assert await world.stores.saver.requeue([submission_id, uuid.uuid4()]) == [submission_id]
    await world.stores.commit()

    state = await world.state(submission_id)
    assert (state.status, state.attempt, state.tries, state.lease_owner, state.tests) == (
        SubmissionStatus.QUEUED,
        1,
        0,
        None,
        [],
    )
    assert await world.stores.judging.renew(first, world.clock + LEASE) is False
    assert await world.finish(first) is False
    again = await world.claimed()
    assert (again.attempt, again.tries) == (2, 1)


async def test_a_rejudge_clears_the_previous_result(world: World) -> None:
    submission_id = await world.submit(A)
    assert await world.finish(await world.claimed()) is True

    await world.stores.saver.requeue([submission_id])
    await world.stores.commit()

    state = await world.state(submission_id)
    assert (state.status, state.verdict, state.score, state.finished_at) == (
        SubmissionStatus.QUEUED,
        None,
        None,
        None,
    )


async def test_reaping_requeues_only_expired_leases_and_keeps_their_tries(world: World) -> None:
    expiring = await world.submit(A)
    await world.claimed(at=T0)  # lease until T0 + 30 s
    live = await world.submit(B)
    await world.claimed(at=T0 + LEASE)  # lease until T0 + 60 s
    now = T0 + LEASE + timedelta(seconds=1)

    reaped = await world.stores.recovery.reap_expired(now)
    await world.stores.commit()

    assert reaped == [expiring]
    assert (await world.state(expiring)).status is SubmissionStatus.QUEUED
    assert (await world.state(live)).status is SubmissionStatus.JUDGING
    retry = await world.claimed(at=now)
    assert (retry.submission_id, retry.attempt, retry.tries) == (expiring, 2, 2)


async def test_a_released_claim_requeues_at_once_without_counting_its_try(world: World) -> None:
    submission_id = await world.submit(A)
    first = await world.claimed()
    stopping = await world.claimed(at=world.clock + 2 * LEASE)  # a takeover: the second try

    assert await world.stores.judging.release(first) is False  # no longer the holder: nothing changes
    assert await world.stores.judging.release(stopping) is True
    await world.stores.commit()

    state = await world.state(submission_id)
    assert (state.status, state.lease_owner, state.lease_until) == (SubmissionStatus.QUEUED, None, None)
    assert await world.stores.judging.renew(stopping, world.clock + 4 * LEASE) is False
    assert await world.finish(stopping) is False  # the released holder can no longer write
    assert submission_id in await world.stores.recovery.waiting_since(world.clock + 2 * LEASE, 10)
    again = await world.claimed(at=world.clock + 2 * LEASE)
    assert (again.submission_id, again.attempt, again.tries) == (submission_id, 3, 2)


async def test_submissions_nobody_picked_up_are_redispatched_oldest_first(world: World) -> None:
    older, newer = await world.submit(A), await world.submit(B)
    recovery = world.stores.recovery
    moment = world.clock + timedelta(seconds=10)

    assert await recovery.waiting_since(moment, 10) == [older, newer]
    assert await recovery.waiting_since(moment, 1) == [older]
    await recovery.mark_dispatched([older], moment)
    await world.stores.commit()
    assert await recovery.waiting_since(moment, 10) == [newer]
    assert await recovery.waiting_since(moment + timedelta(seconds=1), 10) == [older, newer]
    await world.stores.commit()


async def test_a_rejudged_submission_is_not_redispatched_at_once(world: World) -> None:
    submission_id = await world.submit(A)
    await world.stores.saver.requeue([submission_id])
    await world.stores.commit()

    assert await world.stores.recovery.waiting_since(datetime.now(UTC) - timedelta(seconds=10), 10) == []
    await world.stores.commit()


async def test_a_worker_claims_only_what_its_languages_and_the_checkers_languages_allow(world: World) -> None:
    in_c = await world.submit(A, language="c")
    checked_in_cpp = await world.submit(A, checker_language="cpp")
    plain = await world.submit(A)

    assert await world.claim(languages=()) is None
    assert (await world.claimed(languages=("python3",))).submission_id == plain
    assert await world.claim(languages=("python3",)) is None
    assert (await world.claimed(languages=("python3", "cpp"))).submission_id == checked_in_cpp
    assert (await world.claimed(languages=("c",))).submission_id == in_c


# Fair claims between accounts


async def test_an_account_with_many_queued_does_not_delay_another_accounts_submission(world: World) -> None:
    """B's one submission, queued after five of A's, is claimed before A's second."""
    a_queue = [await world.submit(A) for _ in range(5)]
    b_one = await world.submit(B)

    order = [(await world.claimed()).submission_id for _ in range(3)]

    assert order == [a_queue[0], b_one, a_queue[1]]


async def test_accounts_with_as_many_in_flight_take_turns(world: World) -> None:
    """One slot: A's judging ended, so A and B both have nothing in flight; B, never served, goes first,
    then A again, although A's submissions are older."""
    a_queue = [await world.submit(A) for _ in range(3)]
    b_queue = [await world.submit(B) for _ in range(2)]

    order = []
    for _ in range(5):
        claim = await world.claimed()
        order.append(claim.submission_id)
        world.clock += timedelta(seconds=1)
        assert await world.finish(claim) is True

    assert order == [a_queue[0], b_queue[0], a_queue[1], b_queue[1], a_queue[2]]


async def test_the_account_with_fewer_in_flight_goes_first_and_expired_leases_do_not_count(
    world: World,
) -> None:
    b_live = await world.submit(B)
    await world.claimed(lease=timedelta(hours=1))  # B served first; its lease lasts
    a_dead = await world.submit(A)
    dead = await world.claimed()  # A served next; its worker dies
    assert dead.submission_id == a_dead
    b_next, a_next = await world.submit(B), await world.submit(A)
    now = dead.lease_until + timedelta(seconds=1)

    # A has nothing in flight (its lease ran out), B has one: A's oldest claimable goes first. Were the dead
    # lease counted, both would have one and B, served longer ago, would win.
    assert (await world.claimed(at=now)).submission_id == a_dead
    assert (await world.claimed(at=now)).submission_id == b_next  # one each; B served longer ago
    assert (await world.claimed(at=now)).submission_id == a_next
    assert (await world.state(b_live)).status is SubmissionStatus.JUDGING


async def test_submissions_of_deleted_accounts_compete_as_never_served(world: World) -> None:
    a_first = await world.submit(A)
    ownerless = await world.submit(None)
    a_second = await world.submit(A)

    order = [(await world.claimed()).submission_id for _ in range(3)]

    assert order == [a_first, ownerless, a_second]


async def test_three_accounts_share_the_slots_in_turn(world: World) -> None:
    a_queue = [await world.submit(A) for _ in range(3)]
    b_queue = [await world.submit(B) for _ in range(2)]
    c_one = await world.submit(C)

    order = [(await world.claimed()).submission_id for _ in range(6)]

    assert order == [a_queue[0], b_queue[0], c_one, a_queue[1], b_queue[1], a_queue[2]]

"""The cost of a fair claim: `SqlJudgingStore.claim_next` (fairest claimable submission over every account
with work waiting, FOR UPDATE SKIP LOCKED) against the bare baseline of claiming one known submission by id
(one conditional UPDATE, what a claim cost before fair scheduling), with queues of growing length spread
over 100 accounts, 8 judgings in flight and a history of 50,000 finished submissions. Each claim is rolled
back, so every sample sees the same queue.
Usage: python bench/claim_bench.py [samples]
"""

import asyncio
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from _lib.service import fresh_database, median, percentile
from sqlalchemy import bindparam, delete, insert, or_, update

from domain.judging.checkers import TokensChecker
from infrastructure.database.postgres import create_engine, create_sessionmaker
from infrastructure.database.repositories.accounts.models import AccountModel
from infrastructure.database.repositories.problems.models import ProblemModel
from infrastructure.database.repositories.submissions.models import SubmissionModel
from infrastructure.database.repositories.submissions.repositories import SqlJudgingStore
from infrastructure.serialization.checkers import dump_checker

ACCOUNTS = 100
IN_FLIGHT = 8
FINISHED = 50_000
QUEUES = (1, 100, 10_000)
LANGUAGES = ("python3", "c", "cpp")


async def _seed(url: str, queued: int) -> list[uuid.UUID]:
    engine = create_engine(url, pool_size=2)
    now = datetime.now(UTC)
    accounts = [uuid.uuid4() for _ in range(ACCOUNTS)]
    problem = uuid.uuid4()
    async with engine.begin() as connection:
        await connection.execute(delete(SubmissionModel))
        await connection.execute(delete(ProblemModel))
        await connection.execute(delete(AccountModel))
        await connection.execute(
            insert(AccountModel), [{"id": a, "name": "a", "created_at": now} for a in accounts]
        )
        await connection.execute(
            insert(ProblemModel).values(
                id=problem,
                slug="p",
                title="p",
                statement="",
                type="pass-fail",
                limits={},
                checker=dump_checker(TokensChecker()),
                groups=[],
                test_count=1,
                created_at=now,
                updated_at=now,
            )
        )
        history = [
            {
                "id": uuid.uuid4(),
                "problem_id": problem,
                "language": "python3",
                "file_names": [],
                "file_contents": [],
                "status": "finished",
                "attempt": 1,
                "claimed_at": now - timedelta(days=1, seconds=i),
                "owner_id": accounts[i % ACCOUNTS],
                "created_at": now - timedelta(days=1, seconds=i),
                "finished_at": now - timedelta(days=1, seconds=i),
            }
            for i in range(FINISHED)
        ]
        for start in range(0, FINISHED, 5000):
            await connection.execute(insert(SubmissionModel), history[start : start + 5000])
        ids = [uuid.uuid4() for _ in range(queued + IN_FLIGHT)]
        rows: list[dict[str, Any]] = [
            {
                "id": ids[i],
                "problem_id": problem,
                "language": "python3",
                "file_names": [],
                "file_contents": [],
                "status": "judging" if i < IN_FLIGHT else "queued",
                "attempt": 1 if i < IN_FLIGHT else 0,
                "lease_owner": uuid.uuid4() if i < IN_FLIGHT else None,
                "lease_until": now + timedelta(hours=1) if i < IN_FLIGHT else None,
                "claimed_at": now - timedelta(seconds=i) if i < IN_FLIGHT else None,
                "owner_id": accounts[i % ACCOUNTS],
                "created_at": now - timedelta(seconds=queued + IN_FLIGHT - i),
                "finished_at": None,
            }
            for i in range(queued + IN_FLIGHT)
        ]
        for start in range(0, len(rows), 5000):
            await connection.execute(insert(SubmissionModel), rows[start : start + 5000])
        await connection.exec_driver_sql("ANALYZE submissions")
    await engine.dispose()
    return ids[IN_FLIGHT:]


_BY_ID = (
    update(SubmissionModel)
    .where(
        SubmissionModel.id == bindparam("target"),
        or_(
            SubmissionModel.status == "queued",
            (SubmissionModel.status == "judging") & (SubmissionModel.lease_until < bindparam("at")),
        ),
    )
    .values(
        status="judging",
        attempt=SubmissionModel.attempt + 1,
        lease_owner=bindparam("worker"),
        lease_until=bindparam("until"),
    )
    .returning(SubmissionModel.attempt)
)
"""The baseline: claiming a known submission, as before fair scheduling (built once, like `claim_next`'s)."""


async def _measure(url: str, queued_ids: list[uuid.UUID], samples: int) -> tuple[list[float], list[float]]:
    engine = create_engine(url, pool_size=2)
    sessions = create_sessionmaker(engine)
    fair: list[float] = []
    by_id: list[float] = []
    worker = uuid.uuid4()
    async with sessions() as session:
        store = SqlJudgingStore(session)
        for i in range(samples + 10):
            now = datetime.now(UTC)
            start = time.perf_counter()
            claim = await store.claim_next(worker, LANGUAGES, now, now + timedelta(seconds=30))
            elapsed = (time.perf_counter() - start) * 1000
            await session.rollback()
            assert claim is not None
            target = queued_ids[i % len(queued_ids)]
            start = time.perf_counter()
            await session.execute(
                _BY_ID, {"target": target, "at": now, "worker": worker, "until": now + timedelta(seconds=30)}
            )
            baseline = (time.perf_counter() - start) * 1000
            await session.rollback()
            if i >= 10:  # warm-ups: statement caches, buffers
                fair.append(elapsed)
                by_id.append(baseline)
    await engine.dispose()
    return fair, by_id


def main() -> None:
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    print(
        f"claim latency, {ACCOUNTS} accounts, {IN_FLIGHT} in flight, {FINISHED} finished, "
        f"{samples} samples per queue length"
    )
    print(f"{'queued':>8}{'by id p50':>12}{'fair p50':>12}{'fair p95':>12}{'fair - by id':>14}")
    with fresh_database() as url:
        for queued in QUEUES:
            ids = asyncio.run(_seed(url, queued))
            fair, by_id = asyncio.run(_measure(url, ids, samples))
            extra = median(fair) - median(by_id)
            print(
                f"{queued:>8}{median(by_id):>10.2f}ms{median(fair):>10.2f}ms"
                f"{percentile(fair, 0.95):>10.2f}ms{extra:>+12.2f}ms"
            )


if __name__ == "__main__":
    main()

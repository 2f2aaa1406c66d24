from collections.abc import Sequence
from datetime import datetime
from typing import cast
from uuid import UUID

from sqlalchemy import ColumnElement, Table, and_, delete, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.judging.enums import SubmissionStatus
from domain.submissions.entities import Claim, JudgingResult, Submission, TestResult
from domain.submissions.repositories import (
    Cursor,
    JudgingStore,
    SubmissionFilter,
    SubmissionReader,
    SubmissionSaver,
    SubmitterUsage,
)
from infrastructure.database.repositories.problems.models import ProblemModel
from infrastructure.database.repositories.submissions.mappers import (
    dump_files,
    model_to_submission,
    model_to_test_result,
)
from infrastructure.database.repositories.submissions.models import SubmissionModel, SubmissionTestResultModel

FINISHED_CHANNEL = "submission_finished"

S = SubmissionModel
R = SubmissionTestResultModel

_INSERT_SUBMISSION = insert(cast(Table, S.__table__))
_INSERT_TEST_RESULT = insert(cast(Table, R.__table__)).on_conflict_do_nothing(
    index_elements=[R.submission_id, R.attempt, R.index]
)


class SqlSubmissionRepository(SubmissionReader, SubmissionSaver):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, submission_id: UUID) -> Submission | None:
        row = await self._session.scalar(
            select(S).where(S.id == submission_id).execution_options(populate_existing=True)
        )
        if row is None:
            return None
        submission = model_to_submission(row)
        results = await self._session.scalars(
            select(R).where(R.submission_id == submission_id, R.attempt == row.attempt).order_by(R.index)
        )
        submission.tests = [model_to_test_result(result) for result in results]
        return submission

    async def list_page(
        self, filters: SubmissionFilter, *, after: Cursor | None, limit: int
    ) -> Sequence[Submission]:
        query = select(S)
        if filters.problem_id is not None:
            query = query.where(S.problem_id == filters.problem_id)
        if filters.status is not None:
            query = query.where(S.status == filters.status.value)
        if filters.verdict is not None:
            query = query.where(S.verdict == filters.verdict.value)
        if filters.visible_to is not None:
            viewer = filters.visible_to
            visible = S.owner_id == viewer.account_id
            if viewer.with_owned_problems:
                owned = select(ProblemModel.id).where(ProblemModel.owner_id == viewer.account_id)
                visible = or_(visible, S.problem_id.in_(owned))
            query = query.where(visible)
        if after is not None:
            query = query.where(tuple_(S.created_at, S.id) < tuple_(after.created_at, after.id))
        rows = await self._session.scalars(query.order_by(S.created_at.desc(), S.id.desc()).limit(limit))
        return [model_to_submission(row) for row in rows]

    async def add(self, submission: Submission) -> None:
        # A Core INSERT (compiled once, cached) instead of session.add + flush: the unit of work costs more
        # than the statement on the hot submit path, and nothing reads the row back through this session.
        await self._session.execute(
            _INSERT_SUBMISSION,
            {
                "id": submission.id,
                "problem_id": submission.problem_id,
                "language": submission.language,
                "files": dump_files(submission.files),
                "status": submission.status.value,
                "attempt": submission.attempt,
                "owner_id": submission.owner_id,
                "key_id": submission.key_id,
                "created_at": submission.created_at,
            },
        )

    async def requeue(self, submission_ids: Sequence[UUID]) -> list[UUID]:
        if not submission_ids:
            return []
        rows = await self._session.scalars(
            update(S)
            .where(S.id.in_(submission_ids))
            .values(
                status=SubmissionStatus.QUEUED.value,
                verdict=None,
                score=None,
                max_score=None,
                time_ms=None,
                memory_kb=None,
                compile_output=None,
                isolated=None,
                lease_owner=None,
                lease_until=None,
                finished_at=None,
                dispatched_at=func.now(),
            )
            .returning(S.id)
        )
        requeued = list(rows)
        await self._session.execute(delete(R).where(R.submission_id.in_(requeued)))
        return requeued

    async def ids_for_problem(self, problem_id: UUID) -> list[UUID]:
        return list(await self._session.scalars(select(S.id).where(S.problem_id == problem_id)))

    async def usage_locked(self, submitter: UUID, since: datetime) -> SubmitterUsage:
        await self._session.execute(select(func.pg_advisory_xact_lock(_lock_id(submitter))))
        mine = or_(S.key_id == submitter, and_(S.key_id.is_(None), S.owner_id == submitter))
        row = (
            await self._session.execute(
                select(
                    func.count().filter(S.created_at > since),
                    func.count().filter(S.status != SubmissionStatus.FINISHED.value),
                    func.min(S.created_at).filter(S.created_at > since),
                ).where(mine, or_(S.created_at > since, S.status != SubmissionStatus.FINISHED.value))
            )
        ).one()
        return SubmitterUsage(recent=row[0], unfinished=row[1], oldest_recent_at=row[2])


def _lock_id(submitter: UUID) -> int:
    """A signed 64-bit advisory-lock key from the id."""
    return int.from_bytes(submitter.bytes[:8], "big", signed=True)


class SqlJudgingStore(JudgingStore):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _current(self, claim: Claim) -> list[ColumnElement[bool]]:
        return [
            S.id == claim.submission_id,
            S.attempt == claim.attempt,
            S.lease_owner == claim.worker_id,
            S.status == SubmissionStatus.JUDGING.value,
        ]

    async def claim(
        self, submission_id: UUID, worker_id: UUID, now: datetime, lease_until: datetime
    ) -> Claim | None:
        attempt = await self._session.scalar(
            update(S)
            .where(
                S.id == submission_id,
                or_(
                    S.status == SubmissionStatus.QUEUED.value,
                    and_(S.status == SubmissionStatus.JUDGING.value, S.lease_until < now),
                ),
            )
            .values(
                status=SubmissionStatus.JUDGING.value,
                attempt=S.attempt + 1,
                lease_owner=worker_id,
                lease_until=lease_until,
            )
            .returning(S.attempt)
        )
        if attempt is None:
            return None
        return Claim(
            submission_id=submission_id, attempt=attempt, worker_id=worker_id, lease_until=lease_until
        )

    async def renew(self, claim: Claim, lease_until: datetime) -> bool:
        renewed = await self._session.scalar(
            update(S).where(*self._current(claim)).values(lease_until=lease_until).returning(S.id)
        )
        return renewed is not None

    async def save_test_results(self, claim: Claim, results: Sequence[TestResult]) -> None:
        if not results:
            return
        # Locking the submission row orders this write against a concurrent rejudge or takeover.
        ours = await self._session.scalar(select(S.id).where(*self._current(claim)).with_for_update())
        if ours is None:
            return
        rows = [
            {
                "submission_id": claim.submission_id,
                "attempt": claim.attempt,
                "index": result.index,
                "test_id": result.test_id,
                "name": result.name,
                "group": result.group,
                "verdict": result.verdict.value,
                "time_ms": result.time_ms,
                "wall_time_ms": result.wall_time_ms,
                "memory_kb": result.memory_kb,
                "exit_code": result.exit_code,
                "signal": result.signal,
                "checker_message": _storable(result.checker_message),
                "score": result.score,
            }
            for result in results
        ]
        # One statement, compiled once and cached, executed with many parameter sets (SQLAlchemy batches
        # them into multi-row INSERTs): a `.values(rows)` statement is compiled anew for every batch size.
        await self._session.execute(_INSERT_TEST_RESULT, rows)

    async def finish(self, claim: Claim, result: JudgingResult, now: datetime) -> bool:
        finished = await self._session.scalar(
            update(S)
            .where(*self._current(claim))
            .values(
                status=SubmissionStatus.FINISHED.value,
                verdict=result.verdict.value,
                score=result.score,
                max_score=result.max_score,
                time_ms=result.time_ms,
                memory_kb=result.memory_kb,
                compile_output=_storable(result.compile_output),
                isolated=result.isolated,
                lease_owner=None,
                lease_until=None,
                finished_at=now,
            )
            .returning(S.id)
        )
        if finished is None:
            return False
        await self._session.execute(
            delete(R).where(R.submission_id == claim.submission_id, R.attempt < claim.attempt)
        )
        # Delivered on commit, so a waiter never reads the submission before its result is visible.
        await self._session.execute(select(func.pg_notify(FINISHED_CHANNEL, str(claim.submission_id))))
        return True

    async def expired_leases(self, now: datetime) -> list[UUID]:
        rows = await self._session.scalars(
            update(S)
            .where(S.status == SubmissionStatus.JUDGING.value, S.lease_until < now)
            .values(
                status=SubmissionStatus.QUEUED.value, lease_owner=None, lease_until=None, dispatched_at=None
            )
            .returning(S.id)
        )
        return list(rows)

    async def waiting_since(self, moment: datetime, limit: int) -> list[UUID]:
        rows = await self._session.scalars(
            select(S.id)
            .where(
                S.status == SubmissionStatus.QUEUED.value,
                or_(S.dispatched_at.is_(None), S.dispatched_at < moment),
                S.created_at < moment,
            )
            .order_by(S.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(rows)

    async def mark_dispatched(self, submission_ids: Sequence[UUID], now: datetime) -> None:
        if submission_ids:
            await self._session.execute(update(S).where(S.id.in_(submission_ids)).values(dispatched_at=now))


def _storable(text: str) -> str:
    """Programs' and checkers' output may hold NUL characters, which PostgreSQL text cannot."""
    return text.replace("\x00", "\ufffd")

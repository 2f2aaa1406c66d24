from collections.abc import Collection, Sequence
from datetime import datetime
from typing import cast as type_cast
from uuid import UUID

from sqlalchemy import (
    DateTime,
    Integer,
    Select,
    String,
    Table,
    Text,
    Update,
    Uuid,
    and_,
    bindparam,
    cast,
    column,
    delete,
    func,
    literal_column,
    or_,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain.judging.enums import CheckerType, SubmissionStatus
from domain.submissions.entities import Claim, JudgingResult, Submission, TestResult
from domain.submissions.lifecycle import Transition
from domain.submissions.repositories import (
    Cursor,
    JudgingStore,
    QueueRecovery,
    SubmissionFilter,
    SubmissionReader,
    SubmissionSaver,
    SubmitterUsage,
    SubmitterUsageReader,
)
from infrastructure.database.repositories.problems.models import ProblemModel
from infrastructure.database.repositories.submissions.lifecycle import in_flight, permits
from infrastructure.database.repositories.submissions.mappers import (
    files_columns,
    model_to_submission,
    model_to_test_result,
)
from infrastructure.database.repositories.submissions.models import SubmissionModel, SubmissionTestResultModel

FINISHED_CHANNEL = "submission_finished"

_SUBMISSION_COLUMNS = (
    "id",
    "problem_id",
    "language",
    "file_names",
    "file_contents",
    "status",
    "attempt",
    "owner_id",
    "key_id",
    "created_at",
    "callback_url",
)


_INSERT_SUBMISSION = insert(type_cast(Table, SubmissionModel.__table__))
_INSERT_TEST_RESULT = insert(type_cast(Table, SubmissionTestResultModel.__table__)).on_conflict_do_nothing(
    index_elements=[
        SubmissionTestResultModel.submission_id,
        SubmissionTestResultModel.attempt,
        SubmissionTestResultModel.index,
    ]
)


class SqlSubmissionRepository(SubmissionReader, SubmissionSaver, SubmitterUsageReader):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, submission_id: UUID) -> Submission | None:
        row = await self._session.scalar(
            select(SubmissionModel)
            .where(SubmissionModel.id == submission_id)
            .execution_options(populate_existing=True)
        )
        if row is None:
            return None
        submission = model_to_submission(row)
        results = await self._session.scalars(
            select(SubmissionTestResultModel)
            .where(
                SubmissionTestResultModel.submission_id == submission_id,
                SubmissionTestResultModel.attempt == row.attempt,
            )
            .order_by(SubmissionTestResultModel.index)
        )
        submission.tests = [model_to_test_result(result) for result in results]
        return submission

    async def list_page(
        self, filters: SubmissionFilter, *, after: Cursor | None, limit: int
    ) -> Sequence[Submission]:
        query = select(SubmissionModel)
        if filters.problem_id is not None:
            query = query.where(SubmissionModel.problem_id == filters.problem_id)
        if filters.status is not None:
            query = query.where(SubmissionModel.status == filters.status.value)
        if filters.verdict is not None:
            query = query.where(SubmissionModel.verdict == filters.verdict.value)
        if filters.visible_to is not None:
            viewer = filters.visible_to
            visible = SubmissionModel.owner_id == viewer.account_id
            if viewer.with_owned_problems:
                owned = select(ProblemModel.id).where(ProblemModel.owner_id == viewer.account_id)
                visible = or_(visible, SubmissionModel.problem_id.in_(owned))
            query = query.where(visible)
        if after is not None:
            query = query.where(
                tuple_(SubmissionModel.created_at, SubmissionModel.id) < tuple_(after.created_at, after.id)
            )
        rows = await self._session.scalars(
            query.order_by(SubmissionModel.created_at.desc(), SubmissionModel.id.desc()).limit(limit)
        )
        return [model_to_submission(row) for row in rows]

    async def add(self, submission: Submission) -> None:
        # A Core INSERT (compiled once, cached) instead of session.add + flush: the unit of work costs more
        # than the statement on the hot submit path, and nothing reads the row back through this session.
        await self._session.execute(_INSERT_SUBMISSION, self._values(submission))

    @staticmethod
    def _values(submission: Submission) -> dict[str, object]:
        return {
            "id": submission.id,
            "problem_id": submission.problem_id,
            "language": submission.language,
            **files_columns(submission.files),
            "status": submission.status.value,
            "attempt": submission.attempt,
            "owner_id": submission.owner_id,
            "key_id": submission.key_id,
            "created_at": submission.created_at,
            "callback_url": submission.callback_url,
        }

    async def requeue(self, submission_ids: Sequence[UUID]) -> list[UUID]:
        if not submission_ids:
            return []
        # The effects of `Submission.requeue`.
        rows = await self._session.scalars(
            update(SubmissionModel)
            .where(SubmissionModel.id.in_(submission_ids), permits(Transition.REQUEUE))
            .values(
                status=SubmissionStatus.QUEUED.value,
                verdict=None,
                score=None,
                max_score=None,
                time_ms=None,
                memory_kb=None,
                compile_output=None,
                isolated=None,
                tries=0,
                lease_owner=None,
                lease_until=None,
                finished_at=None,
                dispatched_at=func.now(),
            )
            .returning(SubmissionModel.id)
        )
        requeued = list(rows)
        await self._session.execute(
            delete(SubmissionTestResultModel).where(SubmissionTestResultModel.submission_id.in_(requeued))
        )
        return requeued

    async def ids_for_problem(self, problem_id: UUID) -> list[UUID]:
        return list(
            await self._session.scalars(
                select(SubmissionModel.id).where(SubmissionModel.problem_id == problem_id)
            )
        )

    async def usage_locked(self, submitter: UUID, since: datetime) -> SubmitterUsage:
        await self._session.execute(select(func.pg_advisory_xact_lock(_lock_id(submitter))))
        mine = or_(
            SubmissionModel.key_id == submitter,
            and_(SubmissionModel.key_id.is_(None), SubmissionModel.owner_id == submitter),
        )
        row = (
            await self._session.execute(
                select(
                    func.count().filter(SubmissionModel.created_at > since),
                    func.count().filter(SubmissionModel.status != SubmissionStatus.FINISHED.value),
                    func.min(SubmissionModel.created_at).filter(SubmissionModel.created_at > since),
                ).where(
                    mine,
                    or_(
                        SubmissionModel.created_at > since,
                        SubmissionModel.status != SubmissionStatus.FINISHED.value,
                    ),
                )
            )
        ).one()
        return SubmitterUsage(recent=row[0], unfinished=row[1], oldest_recent_at=row[2])


def _lock_id(submitter: UUID) -> int:
    """A signed 64-bit advisory-lock key from the id."""
    return int.from_bytes(submitter.bytes[:8], "big", signed=True)


class SqlJudgingStore(JudgingStore, QueueRecovery):
    """Every transition is one conditional UPDATE whose condition is the domain's rule for it
    (`lifecycle.permits`); its SET clause makes the changes of the `Submission` method of the same name."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim_next(
        self, worker_id: UUID, languages: Collection[str], now: datetime, lease_until: datetime
    ) -> Claim | None:
        if not languages:
            return None
        row = (
            await self._session.execute(
                _CLAIM_NEXT,
                {
                    "claim_now": now,
                    "claim_languages": list(languages),
                    "claim_worker": worker_id,
                    "claim_lease_until": lease_until,
                },
            )
        ).one_or_none()
        if row is None:
            return None
        values = row._mapping
        claimed = SubmissionModel(**{name: values[name] for name in _SUBMISSION_NAMES})
        return Claim(
            submission_id=row.id,
            attempt=row.attempt,
            tries=row.tries,
            worker_id=worker_id,
            lease_until=lease_until,
            submission=model_to_submission(claimed),  # no test results: the attempt is new
            problem_version=values["problem_version"],
        )

    async def renew(self, claim: Claim, lease_until: datetime) -> bool:
        renewed = await self._session.scalar(
            update(SubmissionModel)
            .where(permits(Transition.RENEW, claim=claim))
            .values(lease_until=lease_until)
            .returning(SubmissionModel.id)
        )
        return renewed is not None

    async def save_test_results(self, claim: Claim, results: Sequence[TestResult]) -> None:
        if not results:
            return
        # Locking the submission row orders this write against a concurrent rejudge or takeover.
        ours = await self._session.scalar(
            select(SubmissionModel.id).where(permits(Transition.RECORD, claim=claim)).with_for_update()
        )
        if ours is None:
            return
        rows = [
            {"submission_id": claim.submission_id, "attempt": claim.attempt, **_result_row(result)}
            for result in results
        ]
        # One statement, compiled once and cached, executed with many parameter sets (SQLAlchemy batches
        # them into multi-row INSERTs): a `.values(rows)` statement is compiled anew for every batch size.
        await self._session.execute(_INSERT_TEST_RESULT, rows)

    async def finish(
        self, claim: Claim, result: JudgingResult, now: datetime, results: Sequence[TestResult] = ()
    ) -> bool:
        # One statement: the final result, the test results not stored yet, earlier attempts' results
        # dropped and the waiters' NOTIFY (delivered on commit, so a waiter never reads the submission before
        # its result is visible). The UPDATE locks the row, which orders the whole against a concurrent
        # rejudge or takeover as `save_test_results` does, and every part is conditional on it.
        columns: dict[str, list[object]] = {name: [] for name in _RESULT_COLUMNS}
        for test in results:
            for name, value in _result_row(test).items():
                columns[name].append(value)
        finished = await self._session.execute(
            _FINISH,
            {
                "finish_id": claim.submission_id,
                "finish_attempt": claim.attempt,
                "finish_worker": claim.worker_id,
                "finish_verdict": result.verdict.value,
                "finish_score": result.score,
                "finish_max_score": result.max_score,
                "finish_time_ms": result.time_ms,
                "finish_memory_kb": result.memory_kb,
                "finish_compile_output": _storable(result.compile_output),
                "finish_isolated": result.isolated,
                "finish_now": now,
                **{f"result_{name}": values for name, values in columns.items()},
            },
        )
        return finished.first() is not None

    async def release(self, claim: Claim) -> bool:
        released = await self._session.scalar(
            update(SubmissionModel)
            .where(permits(Transition.RELEASE, claim=claim))
            .values(
                status=SubmissionStatus.QUEUED.value,
                tries=claim.tries - 1,
                lease_owner=None,
                lease_until=None,
                dispatched_at=None,
            )
            .returning(SubmissionModel.id)
        )
        return released is not None

    async def reap_expired(self, now: datetime) -> list[UUID]:
        rows = await self._session.scalars(
            update(SubmissionModel)
            .where(permits(Transition.REAP, now=now))
            .values(
                status=SubmissionStatus.QUEUED.value, lease_owner=None, lease_until=None, dispatched_at=None
            )
            .returning(SubmissionModel.id)
        )
        return list(rows)

    async def waiting_since(self, moment: datetime, limit: int) -> list[UUID]:
        rows = await self._session.scalars(
            select(SubmissionModel.id)
            .where(
                SubmissionModel.status == SubmissionStatus.QUEUED.value,
                or_(SubmissionModel.dispatched_at.is_(None), SubmissionModel.dispatched_at < moment),
                SubmissionModel.created_at < moment,
            )
            .order_by(SubmissionModel.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(rows)

    async def mark_dispatched(self, submission_ids: Sequence[UUID], now: datetime) -> None:
        if submission_ids:
            await self._session.execute(
                update(SubmissionModel)
                .where(SubmissionModel.id.in_(submission_ids))
                .values(dispatched_at=now)
            )


def _claim_next() -> Update:
    """`Submission.claim` on the claimable submission a worker with `claim_languages` should take, locked
    (skipping rows another claim holds), in the order of `domain/submissions/fairness.py`'s `priority`, each
    account's share computed once. Built once: constructing this statement costs more than running it."""
    now = bindparam("claim_now", type_=DateTime(timezone=True))
    languages = bindparam("claim_languages", expanding=True, type_=String())
    claimable = permits(Transition.CLAIM, now=now)
    busy = (
        select(SubmissionModel.owner_id, func.count().label("in_flight"))
        .where(in_flight(now))
        .group_by(SubmissionModel.owner_id)
        .cte("busy")
    )
    waiting = select(SubmissionModel.owner_id).where(claimable).distinct().cte("waiting")
    latest = aliased(SubmissionModel, name="latest")
    shares = (
        select(
            waiting.c.owner_id,
            func.coalesce(busy.c.in_flight, 0).label("in_flight"),
            select(func.max(latest.claimed_at))
            .where(latest.owner_id == waiting.c.owner_id)
            .scalar_subquery()
            .label("last_claimed_at"),
        )
        .select_from(waiting.outerjoin(busy, busy.c.owner_id == waiting.c.owner_id))
        .cte("shares")
    )
    checker = ProblemModel.checker
    candidate = (
        select(SubmissionModel.id, _PROBLEM_VERSION.label("problem_version"))
        .join(ProblemModel, ProblemModel.id == SubmissionModel.problem_id)
        .outerjoin(shares, shares.c.owner_id == SubmissionModel.owner_id)  # no account: no share
        .where(
            claimable,
            SubmissionModel.language.in_(languages),
            or_(
                checker["type"].astext != CheckerType.CUSTOM.value,
                checker["language"].astext.in_(languages),
            ),
        )
        .order_by(
            func.coalesce(shares.c.in_flight, 0),
            shares.c.last_claimed_at.asc().nulls_first(),
            SubmissionModel.created_at,
            SubmissionModel.id,
        )
        .limit(1)
        .with_for_update(of=SubmissionModel, skip_locked=True)
        .cte("candidate")
    )
    return (
        update(SubmissionModel)
        .where(SubmissionModel.id == candidate.c.id, claimable)
        .values(
            status=SubmissionStatus.JUDGING.value,
            attempt=SubmissionModel.attempt + 1,
            tries=SubmissionModel.tries + 1,
            lease_owner=bindparam("claim_worker"),
            lease_until=bindparam("claim_lease_until"),
            claimed_at=now,
        )
        .returning(*_SUBMISSION_TABLE.c, candidate.c.problem_version)
    )


_SUBMISSION_TABLE = type_cast(Table, SubmissionModel.__table__)
_SUBMISSION_NAMES = tuple(column.name for column in _SUBMISSION_TABLE.c)
_RESULTS_TABLE = type_cast(Table, SubmissionTestResultModel.__table__)
_PROBLEM_VERSION = cast(literal_column("problems.xmin"), Text)
"""The problem row's version: every UPDATE of the row changes its xmin, and every change to a problem's tests
updates its row in the same transaction (test_count, updated_at: `AddTest`, `DeleteTest`, archives)."""
_CLAIM_NEXT = _claim_next()

_RESULT_COLUMNS = (
    "index",
    "test_id",
    "name",
    "group",
    "verdict",
    "time_ms",
    "wall_time_ms",
    "memory_kb",
    "exit_code",
    "signal",
    "checker_message",
    "transcript_to_interactor",
    "transcript_to_solution",
    "score",
)
_TEXT_COLUMNS = ("checker_message", "transcript_to_interactor", "transcript_to_solution")


def _result_row(result: TestResult) -> dict[str, object]:
    """A test result's columns (but the submission's and the attempt's)."""
    row: dict[str, object] = {name: getattr(result, name) for name in _RESULT_COLUMNS}
    row["verdict"] = result.verdict.value
    for name in _TEXT_COLUMNS:
        row[name] = _storable(getattr(result, name))
    return row


class _BoundClaim:
    """A claim whose facts are the statement's parameters, so that `_FINISH` is built once."""

    submission_id = bindparam("finish_id", type_=Uuid())
    attempt = bindparam("finish_attempt", type_=Integer())
    worker_id = bindparam("finish_worker", type_=Uuid())


def _finish() -> Select[tuple[UUID, str]]:
    """`Submission.finish` with the attempt's remaining test results, earlier attempts' results dropped and
    the NOTIFY for waiters, as one statement of data-modifying CTEs, each conditional on the UPDATE."""
    attempt = _BoundClaim.attempt
    finished = (
        update(SubmissionModel)
        .where(permits(Transition.FINISH, claim=type_cast(Claim, _BoundClaim)))
        .values(
            status=SubmissionStatus.FINISHED.value,
            verdict=bindparam("finish_verdict"),
            score=bindparam("finish_score"),
            max_score=bindparam("finish_max_score"),
            time_ms=bindparam("finish_time_ms"),
            memory_kb=bindparam("finish_memory_kb"),
            compile_output=bindparam("finish_compile_output"),
            isolated=bindparam("finish_isolated"),
            lease_owner=None,
            lease_until=None,
            finished_at=bindparam("finish_now"),
        )
        .returning(SubmissionModel.id)
        .cte("finished")
    )
    table = _RESULTS_TABLE
    rows = (
        func.unnest(
            *(bindparam(f"result_{name}", type_=ARRAY(table.c[name].type)) for name in _RESULT_COLUMNS)
        )
        .table_valued(*(column(name, table.c[name].type) for name in _RESULT_COLUMNS))
        .render_derived(name="result", with_types=False)
    )
    saved = (
        insert(table)
        .from_select(
            ["submission_id", "attempt", *_RESULT_COLUMNS],
            select(finished.c.id, attempt, *(rows.c[name] for name in _RESULT_COLUMNS)).select_from(
                finished.join(rows, true())
            ),
        )
        .on_conflict_do_nothing(index_elements=[table.c.submission_id, table.c.attempt, table.c.index])
        .cte("saved")
    )
    dropped = (
        delete(table)
        .where(table.c.submission_id.in_(select(finished.c.id)), table.c.attempt < attempt)
        .cte("dropped")
    )
    return (
        select(finished.c.id, func.pg_notify(FINISHED_CHANNEL, cast(finished.c.id, Text)))
        .select_from(finished)
        .add_cte(saved, dropped)
    )


_FINISH = _finish()


def _storable(text: str) -> str:
    """Programs' and checkers' output may hold NUL characters, which PostgreSQL text cannot."""
    return text.replace("\x00", "\ufffd")

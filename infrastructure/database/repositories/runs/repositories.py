from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, delete, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.runs.entities import (
    Run,
    RunClaim,
    RunFile,
    RunLimitsSpec,
    RunOutcome,
    RunResult,
    RunStatus,
    RunVerdict,
)
from domain.runs.repositories import RunReader, RunSaver, RunStore, RunUsage
from infrastructure.database.repositories.runs.models import RunModel
from infrastructure.database.repositories.submissions.repositories import FINISHED_CHANNEL

# The fairest queued run: the submitter with the fewest runs running under a live lease first, then the
# oldest. SKIP LOCKED lets concurrent workers claim different runs without waiting for each other.
_CLAIM_NEXT = text(
    """
    UPDATE runs SET status = 'running', lease_owner = :worker, lease_until = :lease_until,
           claimed_at = :now, tries = runs.tries + 1
    WHERE id = (
        SELECT r.id FROM runs r
        WHERE r.status = 'queued' AND r.language = ANY(:languages)
        ORDER BY (
            SELECT count(*) FROM runs x
            WHERE x.status = 'running' AND x.lease_until > :now
              AND x.owner_id IS NOT DISTINCT FROM r.owner_id
        ), r.created_at, r.id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
    )
    RETURNING id, tries
    """
)


def _dump_files(files: Sequence[RunFile]) -> list[dict[str, Any]]:
    return [{"name": f.name, "content": f.content.hex()} for f in files]


def _to_run(row: RunModel) -> Run:
    result = None
    if row.outcome is not None:
        result = RunResult(
            outcome=RunOutcome(row.outcome),
            verdict=RunVerdict(row.verdict) if row.verdict else None,
            exit_code=row.exit_code,
            signal=row.signal,
            time_ms=row.time_ms,
            wall_time_ms=row.wall_time_ms,
            memory_kb=row.memory_kb,
            stdout=row.stdout or b"",
            stderr=row.stderr or b"",
            compile_output=row.compile_output or "",
            message=row.message or "",
            isolated=bool(row.isolated) if row.isolated is not None else True,
        )
    return Run(
        id=row.id,
        language=row.language,
        files=[RunFile(name=f["name"], content=bytes.fromhex(f["content"])) for f in row.files],
        stdin=row.stdin,
        limits=RunLimitsSpec(**row.limits),
        created_at=row.created_at,
        owner_id=row.owner_id,
        key_id=row.key_id,
        expected_output=row.expected_output,
        args=list(row.args),
        compiler_options=list(row.compiler_options),
        additional_files=row.additional_files,
        redirect_stderr=row.redirect_stderr,
        callback_url=row.callback_url,
        extra=dict(row.extra),
        status=RunStatus(row.status),
        result=result,
        tries=row.tries,
        finished_at=row.finished_at,
    )


class SqlRunRepository(RunReader, RunSaver):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, run_id: UUID) -> Run | None:
        return (await self.get_many([run_id])).get(run_id)

    async def get_many(self, run_ids: Sequence[UUID]) -> dict[UUID, Run]:
        if not run_ids:
            return {}
        rows = await self._session.scalars(
            select(RunModel).where(RunModel.id.in_(run_ids)).execution_options(populate_existing=True)
        )
        return {row.id: _to_run(row) for row in rows}

    async def add(self, runs: Sequence[Run]) -> None:
        await self._session.execute(
            RunModel.__table__.insert(),  # type: ignore[attr-defined]
            [
                {
                    "id": run.id,
                    "owner_id": run.owner_id,
                    "key_id": run.key_id,
                    "language": run.language,
                    "files": _dump_files(run.files),
                    "stdin": run.stdin,
                    "expected_output": run.expected_output,
                    "limits": {
                        "cpu_ms": run.limits.cpu_ms,
                        "wall_ms": run.limits.wall_ms,
                        "memory_kb": run.limits.memory_kb,
                        "processes": run.limits.processes,
                        "stack_kb": run.limits.stack_kb,
                        "output_bytes": run.limits.output_bytes,
                    },
                    "args": run.args,
                    "compiler_options": run.compiler_options,
                    "additional_files": run.additional_files,
                    "redirect_stderr": run.redirect_stderr,
                    "callback_url": run.callback_url,
                    "extra": run.extra,
                    "status": run.status.value,
                    "tries": 0,
                    "created_at": run.created_at,
                    "dispatched_at": run.created_at,
                }
                for run in runs
            ],
        )

    async def delete(self, run_id: UUID) -> None:
        await self._session.execute(delete(RunModel).where(RunModel.id == run_id))

    async def usage_locked(self, submitter: UUID, since: datetime) -> RunUsage:
        lock = int.from_bytes(submitter.bytes[8:16], "big", signed=True)  # not the submissions' lock key
        await self._session.execute(select(func.pg_advisory_xact_lock(lock)))
        mine = or_(
            RunModel.key_id == submitter, and_(RunModel.key_id.is_(None), RunModel.owner_id == submitter)
        )
        row = (
            await self._session.execute(
                select(
                    func.count().filter(RunModel.created_at > since),
                    func.count().filter(RunModel.status != RunStatus.FINISHED.value),
                    func.min(RunModel.created_at).filter(RunModel.created_at > since),
                ).where(
                    mine,
                    or_(RunModel.created_at > since, RunModel.status != RunStatus.FINISHED.value),
                )
            )
        ).one()
        return RunUsage(recent=row[0], unfinished=row[1], oldest_recent_at=row[2])


class SqlRunStore(RunStore):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim_next(
        self, worker_id: UUID, languages: Collection[str], now: datetime, lease_until: datetime
    ) -> RunClaim | None:
        if not languages:
            return None
        row = (
            await self._session.execute(
                _CLAIM_NEXT,
                {"worker": worker_id, "lease_until": lease_until, "now": now, "languages": list(languages)},
            )
        ).one_or_none()
        if row is None:
            return None
        return RunClaim(run_id=row.id, worker_id=worker_id, tries=row.tries)

    def _ours(self, claim: RunClaim) -> Any:
        return and_(
            RunModel.id == claim.run_id,
            RunModel.status == RunStatus.RUNNING.value,
            RunModel.lease_owner == claim.worker_id,
            RunModel.tries == claim.tries,
        )

    async def finish(self, claim: RunClaim, result: RunResult, now: datetime) -> bool:
        finished = await self._session.scalar(
            update(RunModel)
            .where(self._ours(claim))
            .values(**_result_values(result), status=RunStatus.FINISHED.value, finished_at=now)
            .returning(RunModel.id)
        )
        if finished is None:
            return False
        await self._session.execute(select(func.pg_notify(FINISHED_CHANNEL, str(claim.run_id))))
        return True

    async def release(self, claim: RunClaim) -> None:
        await self._session.execute(
            update(RunModel)
            .where(self._ours(claim))
            .values(
                status=RunStatus.QUEUED.value,
                lease_owner=None,
                lease_until=None,
                tries=RunModel.tries - 1,
                dispatched_at=None,
            )
        )

    async def expire_leases(self, now: datetime, max_tries: int) -> tuple[list[UUID], list[UUID]]:
        expired = and_(RunModel.status == RunStatus.RUNNING.value, RunModel.lease_until < now)
        given_up = list(
            await self._session.scalars(
                update(RunModel)
                .where(expired, RunModel.tries >= max_tries)
                .values(
                    **_result_values(
                        RunResult(
                            outcome=RunOutcome.INTERNAL_ERROR,
                            message=f"The run failed {max_tries} times (its workers died); gave up.",
                        )
                    ),
                    status=RunStatus.FINISHED.value,
                    finished_at=now,
                )
                .returning(RunModel.id)
            )
        )
        for run_id in given_up:
            await self._session.execute(select(func.pg_notify(FINISHED_CHANNEL, str(run_id))))
        requeued = list(
            await self._session.scalars(
                update(RunModel)
                .where(expired)
                .values(status=RunStatus.QUEUED.value, lease_owner=None, lease_until=None, dispatched_at=now)
                .returning(RunModel.id)
            )
        )
        return requeued, given_up

    async def undispatched(self, older_than: datetime, now: datetime) -> list[UUID]:
        return list(
            await self._session.scalars(
                update(RunModel)
                .where(
                    RunModel.status == RunStatus.QUEUED.value,
                    or_(RunModel.dispatched_at.is_(None), RunModel.dispatched_at < older_than),
                )
                .values(dispatched_at=now)
                .returning(RunModel.id)
            )
        )

    async def purge(self, finished_before: datetime) -> int:
        purged = await self._session.scalars(
            delete(RunModel)
            .where(RunModel.status == RunStatus.FINISHED.value, RunModel.finished_at < finished_before)
            .returning(RunModel.id)
        )
        return len(list(purged))


def _result_values(result: RunResult) -> dict[str, Any]:
    return {
        "outcome": result.outcome.value,
        "verdict": result.verdict.value if result.verdict else None,
        "exit_code": result.exit_code,
        "signal": result.signal,
        "time_ms": result.time_ms,
        "wall_time_ms": result.wall_time_ms,
        "memory_kb": result.memory_kb,
        "stdout": result.stdout,
        "stderr": result.stderr,
        "compile_output": result.compile_output.replace("\x00", "\ufffd"),
        "message": result.message.replace("\x00", "\ufffd"),
        "isolated": result.isolated,
        "lease_owner": None,
        "lease_until": None,
    }

import contextlib
import time
from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.runs.policy import RunsPolicy
from application.submissions.ports import FinishSignal, SubmissionWatcher
from application.transactions import TransactionManager
from domain.runs.entities import Run, RunStatus
from domain.runs.exceptions import InvalidRunError
from domain.runs.repositories import RunReader
from domain.runs.rules import can_see_run


@dataclass(frozen=True, slots=True, kw_only=True)
class GetRunsInput:
    run_ids: list[UUID]
    wait_seconds: float = 0.0  # > 0: answer once all are finished or when this much time has passed


@dataclass(frozen=True, slots=True)
class GetRuns:
    """Runs by id, in the order asked; None for one that does not exist, was purged, or belongs to
    someone else (only the creator and admins read a run). Optionally waits (bounded) until every one is
    finished."""

    identity: IdentityProvider
    runs: RunReader
    watcher: SubmissionWatcher
    tx: TransactionManager
    policy: RunsPolicy

    async def __call__(self, data: GetRunsInput) -> list[Run | None]:
        principal = await self.identity.principal()
        if len(data.run_ids) > self.policy.batch_max:
            raise InvalidRunError(
                f"At most {self.policy.batch_max} runs at once.",
                details={"field": "tokens", "limit": self.policy.batch_max},
            )
        found = await self._read(data.run_ids)
        visible = [run if run and can_see_run(principal, run.owner_id) else None for run in found]
        wait = min(data.wait_seconds, self.policy.wait_max_seconds)
        pending = [run.id for run in visible if run is not None and run.status is not RunStatus.FINISHED]
        if wait <= 0 or not pending:
            return visible
        async with contextlib.AsyncExitStack() as stack:
            signals: list[FinishSignal] = [
                await stack.enter_async_context(self.watcher.watch(run_id)) for run_id in pending
            ]
            again = await self._read(pending)  # subscribed first: a finish in between is not missed
            await self.tx.rollback()  # a waiting request must not hold a pooled connection
            deadline = time.monotonic() + wait
            for signal, run in zip(signals, again, strict=True):
                if run is not None and run.status is not RunStatus.FINISHED:
                    await signal.wait(max(0.0, deadline - time.monotonic()))  # one deadline for all
        refreshed = {run.id: run for run in await self._read(pending) if run is not None}
        return [refreshed.get(run.id, run) if run is not None else None for run in visible]

    async def _read(self, run_ids: list[UUID]) -> list[Run | None]:
        by_id = await self.runs.get_many(run_ids)
        return [by_id.get(run_id) for run_id in run_ids]

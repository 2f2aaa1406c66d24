from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.transactions import TransactionManager
from domain.runs.entities import Run, RunStatus
from domain.runs.exceptions import RunNotFinishedError, RunNotFoundError
from domain.runs.repositories import RunReader, RunSaver
from domain.runs.rules import can_see_run


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteRunInput:
    run_id: UUID


@dataclass(frozen=True, slots=True)
class DeleteRun:
    """Deletes a finished run of the caller's (admins: anyone's) and returns it as it was. A run still
    queued or running cannot be deleted (409)."""

    identity: IdentityProvider
    runs: RunReader
    saver: RunSaver
    tx: TransactionManager

    async def __call__(self, data: DeleteRunInput) -> Run:
        principal = await self.identity.principal()
        run = await self.runs.get(data.run_id)
        if run is None or not can_see_run(principal, run.owner_id):
            raise RunNotFoundError(f"Run {data.run_id} does not exist.")
        if run.status is not RunStatus.FINISHED:
            raise RunNotFinishedError(
                f"Run {run.id} cannot be deleted while it is {run.status.value}.",
                details={"status": run.status.value},
            )
        await self.saver.delete(run.id)
        await self.tx.commit()
        return run

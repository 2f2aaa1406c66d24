from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.runs.entities import Run, RunClaim, RunResult


@dataclass(frozen=True, slots=True, kw_only=True)
class RunUsage:
    recent: int  # runs created since the window's start
    unfinished: int
    oldest_recent_at: datetime | None


class RunReader(Protocol):
    async def get(self, run_id: UUID) -> Run | None: ...

    async def get_many(self, run_ids: Sequence[UUID]) -> dict[UUID, Run]: ...


class RunSaver(Protocol):
    async def add(self, runs: Sequence[Run]) -> None: ...

    async def delete(self, run_id: UUID) -> None: ...

    async def usage_locked(self, submitter: UUID, since: datetime) -> RunUsage:
        """Serializes concurrent creations by the same submitter until the transaction ends."""
        ...


class RunStore(Protocol):
    """The worker's side: claims, results, recovery and retention."""

    async def claim_next(
        self, worker_id: UUID, languages: Collection[str], now: datetime, lease_until: datetime
    ) -> RunClaim | None:
        """The fairest queued run in one of `languages`: the submitter with the fewest runs running first,
        then the oldest."""
        ...

    async def finish(self, claim: RunClaim, result: RunResult, now: datetime) -> bool:
        """False when the claim was lost (taken over after its lease ran out, or the run was deleted)."""
        ...

    async def release(self, claim: RunClaim) -> None:
        """Queued again at once, the try not counted (the worker is shutting down)."""
        ...

    async def expire_leases(self, now: datetime, max_tries: int) -> tuple[list[UUID], list[UUID]]:
        """Runs whose lease ran out: requeued (ids first), or past `max_tries` finished as internal errors
        (ids second)."""
        ...

    async def undispatched(self, older_than: datetime, now: datetime) -> list[UUID]:
        """Queued runs dispatched before `older_than`, marked dispatched at `now`."""
        ...

    async def purge(self, finished_before: datetime) -> int: ...

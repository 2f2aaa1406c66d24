from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from domain.workers.entities import Worker


class WorkerReader(Protocol):
    async def list_all(self) -> Sequence[Worker]: ...

    async def list_alive_since(self, moment: datetime) -> Sequence[Worker]:
        """Workers whose last heartbeat is at or after `moment`."""
        ...


class WorkerSaver(Protocol):
    async def save(self, worker: Worker) -> None:
        """Insert the worker or replace its stored state (heartbeat, languages, concurrency)."""
        ...

    async def forget_silent_since(self, moment: datetime) -> None:
        """Removes workers whose last heartbeat is older than `moment` (each restart is a new worker)."""
        ...

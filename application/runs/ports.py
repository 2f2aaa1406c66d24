from typing import Protocol

from domain.runs.entities import Run


class RunCallbacks(Protocol):
    """Tells a run's `callback_url` that it finished (one PUT with the run, as Judge0 does). Best effort:
    delivery never fails the run, and it does not hold the worker's slot."""

    async def finished(self, run: Run) -> None: ...


class RunFiles(Protocol):
    """The worker's host files of a run in flight (held in the output store)."""

    async def write(self, path: str, content: bytes) -> None: ...

    async def read(self, path: str, max_bytes: int) -> bytes: ...

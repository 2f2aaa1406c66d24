from typing import Protocol

from application.problems.archive import ArchiveLimits
from domain.runs.entities import RunFile


class RunFiles(Protocol):
    """The worker's host files of a run in flight (held in the output store)."""

    async def write(self, path: str, content: bytes) -> None: ...

    async def read(self, path: str, max_bytes: int) -> bytes: ...


class RunArchives(Protocol):
    async def files(self, archive: bytes, limits: ArchiveLimits) -> list[RunFile]:
        """The files of a run's `additional_files` zip (relative paths, any depth), in archive order.
        Raises InvalidRunError (not a zip; absolute paths, `..`, links, devices, encrypted or duplicate
        entries, too many entries) and RunTooLargeError (sizes or the expansion ratio over `limits`,
        counted while decompressing), both with `field` `additional_files` in their details."""
        ...

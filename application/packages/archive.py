"""Ports for reading a package archive and writing one, without trusting anything inside it."""

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveEntry:
    """A regular file of the archive (a link inside the package is listed as the file it points to)."""

    path: str  # relative, "/"-separated, no "." or ".." segments
    size: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageLimits:
    file_max_bytes: int
    """Largest file."""
    total_max_bytes: int
    """All files read together."""
    max_ratio: int
    """Largest uncompressed size as a multiple of the archive's size."""
    max_entries: int
    max_depth: int


class PackageArchive(Protocol):
    @property
    def entries(self) -> Sequence[ArchiveEntry]: ...

    async def read(self, path: str) -> bytes:
        """One file's bytes, counted against the limits while decompressing (TooLargeError over them;
        InvalidPackageError for a corrupt member)."""
        ...


class PackageArchives(Protocol):
    def open(self, location: str, limits: PackageLimits) -> AbstractAsyncContextManager[PackageArchive]:
        """The zip at `location` (a local file). Raises InvalidPackageError for what is not a zip or is
        hostile (unsafe paths, links out of the package, special files, encryption, too many entries or
        levels) and TooLargeError for declared sizes over the limits."""
        ...


class PackageSink(Protocol):
    async def write(self, path: str, data: bytes) -> None: ...

    @property
    def location(self) -> str:
        """Where the zip is: a finished file the caller owns (and deletes) once the context ended."""
        ...


class PackageWriter(Protocol):
    def create(self) -> AbstractAsyncContextManager[PackageSink]:
        """A new archive; if the context ends with an error, the partial file is removed."""
        ...


class ImportProgress(Protocol):
    """Reports a long import (the command line draws a bar); the server ignores it."""

    def start(self, total_bytes: int) -> None: ...

    def advance(self, done_bytes: int) -> None: ...

    def finish(self) -> None: ...

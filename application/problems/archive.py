"""The port that turns an uploaded test archive into tests, without trusting anything inside it."""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveLimits:
    file_max_bytes: int
    """Largest input or answer file."""
    total_max_bytes: int
    """All files together (what is left of the problem's budget)."""
    max_ratio: int
    """Largest uncompressed size as a multiple of the archive's size."""
    max_entries: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveTest:
    """One test found in an archive: `NAME.in` with `NAME.ans` (or `NAME.out`), at the top level
    (`directory` None) or in one directory."""

    name: str
    directory: str | None
    input: bytes
    answer: bytes


class TestArchiveReader(Protocol):
    async def read(self, location: str, limits: ArchiveLimits) -> list[ArchiveTest]:
        """The tests of the archive stored at `location` (an upload spooled to disk), in archive order.
        Raises InvalidArchiveError for a malformed or hostile
        archive (unsafe paths, links, unpaired or duplicate files, too many entries) and TooLargeError
        when sizes or the decompression ratio go over `limits`; sizes are counted while decompressing,
        never taken from the archive's headers alone."""
        ...

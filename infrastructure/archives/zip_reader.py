"""Test archives read with the standard library's zipfile from the file an upload was spooled to (or from
bytes); nothing is extracted to disk.

Layout: `NAME.in` with `NAME.ans` (or `NAME.out`), at the top level or in one directory (the directory is
returned with the test; the use case makes it a group). Refused: absolute paths, `..` or `.` components,
backslashes, deeper directories, links and other non-regular files, encrypted entries, duplicate entries or
test names, unpaired or unknown files, too many entries; and, as too large, sizes over the limits or an
archive that expands more than `max_ratio` times its size (past RATIO_FREE_BYTES). Sizes are checked
against the headers first (cheap) and counted again while decompressing, so lying headers gain nothing.
"""

import asyncio
import io
import lzma
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from application.problems.archive import ArchiveLimits, ArchiveTest, TestArchiveReader
from domain.exceptions import TooLargeError
from domain.problems.exceptions import InvalidArchiveError

CHUNK_BYTES = 64 * 1024
RATIO_FREE_BYTES = 1024 * 1024
"""Expansion up to this is never a bomb: a tiny archive of a few very repetitive tests stays accepted."""
INPUT_SUFFIX = ".in"
ANSWER_SUFFIXES = (".ans", ".out")
_ENCRYPTED = 0x1
_CORRUPT = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)


class ZipTestArchiveReader(TestArchiveReader):
    async def read(self, location: str, limits: ArchiveLimits) -> list[ArchiveTest]:
        # Decompression is CPU work: keep it off the event loop.
        return await asyncio.to_thread(read_zip, location, limits)


def _invalid(message: str, **details: object) -> InvalidArchiveError:
    return InvalidArchiveError(message, details=dict(details))


@dataclass(slots=True)
class _Pair:
    directory: str | None
    name: str
    input: zipfile.ZipInfo | None = None
    answer: zipfile.ZipInfo | None = None


@dataclass(slots=True)
class _Budget:
    """Bytes decompressed so far, against the total and the ratio limits."""

    limits: ArchiveLimits
    archive_bytes: int
    spent: int = field(default=0)

    def check(self, total: int, *, declared: bool) -> None:
        what = "declares" if declared else "expands to"
        if total > self.limits.total_max_bytes:
            raise TooLargeError(
                f"the archive {what} over {self.limits.total_max_bytes} bytes, all that is left for the "
                "problem's tests",
                details={"limit": self.limits.total_max_bytes},
            )
        if total > max(self.limits.max_ratio * self.archive_bytes, RATIO_FREE_BYTES):
            raise TooLargeError(
                f"the archive {what} more than {self.limits.max_ratio} times its size (a zip bomb?)",
                details={"max_ratio": self.limits.max_ratio},
            )

    def spend(self, size: int) -> None:
        self.spent += size
        self.check(self.spent, declared=False)


def _check_safe(info: zipfile.ZipInfo) -> list[str]:
    """The entry's path components; refuses what could leave the directory it is unpacked into or is not a
    plain file or directory."""
    name = info.filename
    if "\\" in name or "\0" in name:
        raise _invalid("entry names may not hold backslashes or NUL bytes", entry=name)
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise _invalid("absolute paths are not allowed", entry=name)
    parts = name.removesuffix("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise _invalid("entry names may not hold empty, '.' or '..' components", entry=name)
    mode = info.external_attr >> 16
    file_type = stat.S_IFMT(mode)
    if stat.S_ISLNK(mode) or (file_type and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))):
        raise _invalid("links and special files are not allowed", entry=name)
    if info.flag_bits & _ENCRYPTED:
        raise _invalid("encrypted entries are not supported", entry=name)
    return parts


def _check_entry(info: zipfile.ZipInfo) -> None:
    parts = _check_safe(info)
    name = info.filename
    if len(parts) > 2 or (info.is_dir() and len(parts) > 1):
        raise _invalid("tests go at the top level or in one directory (their group)", entry=name)


def _pairs(files: list[zipfile.ZipInfo]) -> list[_Pair]:
    pairs: dict[str, _Pair] = {}
    for info in files:
        path = PurePosixPath(info.filename)
        directory = str(path.parent) if str(path.parent) != "." else None
        stem, suffix = path.stem, path.suffix
        if not stem or suffix not in (INPUT_SUFFIX, *ANSWER_SUFFIXES):
            raise _invalid("expected only NAME.in with NAME.ans or NAME.out", entry=info.filename)
        pair = pairs.setdefault(stem, _Pair(directory, stem))
        if pair.directory != directory:
            raise _invalid(f"test {stem!r} appears in two directories", test=stem)
        slot = "input" if suffix == INPUT_SUFFIX else "answer"
        if getattr(pair, slot) is not None:
            raise _invalid(f"test {stem!r} has two {slot} files", test=stem, entry=info.filename)
        setattr(pair, slot, info)
    for pair in pairs.values():
        if pair.input is None or pair.answer is None:
            missing = "NAME.in" if pair.input is None else "NAME.ans or NAME.out"
            raise _invalid(f"test {pair.name!r} has no {missing}", test=pair.name)
    return list(pairs.values())


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(info) as member:
        while chunk := member.read(CHUNK_BYTES):
            yield chunk


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    parts: list[bytes] = []
    size = 0
    for chunk in _chunks(archive, info):
        size += len(chunk)
        if size > budget.limits.file_max_bytes:
            raise TooLargeError(
                f"{info.filename} is over the limit of {budget.limits.file_max_bytes} bytes per file",
                details={"entry": info.filename, "limit": budget.limits.file_max_bytes},
            )
        budget.spend(len(chunk))
        parts.append(chunk)
    return b"".join(parts)


def _open(source: str | bytes) -> tuple[zipfile.ZipFile, int]:
    try:
        if isinstance(source, bytes):
            return zipfile.ZipFile(io.BytesIO(source)), len(source)
        return zipfile.ZipFile(source), os.path.getsize(source)
    except _CORRUPT as error:
        raise _invalid("not a readable zip archive", reason=str(error)) from None


def _checked_files(
    archive: zipfile.ZipFile,
    archive_bytes: int,
    limits: ArchiveLimits,
    check: Callable[[zipfile.ZipInfo], object],
) -> tuple[list[zipfile.ZipInfo], _Budget]:
    """The archive's file entries once every entry passed `check` and the limits (by the headers)."""
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise _invalid(f"the archive has over {limits.max_entries} entries", limit=limits.max_entries)
    names = [info.filename.removesuffix("/") for info in entries]
    if len(set(names)) != len(names):
        raise _invalid("the archive holds an entry twice")
    for info in entries:
        check(info)
    files = [info for info in entries if not info.is_dir()]
    for info in files:
        if info.file_size > limits.file_max_bytes:
            raise TooLargeError(
                f"{info.filename} is over the limit of {limits.file_max_bytes} bytes per file",
                details={"entry": info.filename, "limit": limits.file_max_bytes},
            )
    budget = _Budget(limits, archive_bytes)
    budget.check(sum(info.file_size for info in files), declared=True)
    return files, budget


def read_files(source: bytes, limits: ArchiveLimits) -> list[tuple[str, bytes]]:
    """Every file of the archive as (relative path, content), in archive order: any depth of directories,
    the same refusals and limits as tests (module doc). Directories are implied by the paths."""
    archive, archive_bytes = _open(source)
    with archive:
        files, budget = _checked_files(archive, archive_bytes, limits, _check_safe)
        try:
            return [(info.filename, _read_member(archive, info, budget)) for info in files]
        except _CORRUPT as error:
            raise _invalid("the archive is corrupt", reason=str(error)) from None


def read_zip(source: str | bytes, limits: ArchiveLimits) -> list[ArchiveTest]:
    """`source`: the archive's path, or the archive itself."""
    archive, archive_bytes = _open(source)
    with archive:
        files, budget = _checked_files(archive, archive_bytes, limits, _check_entry)
        pairs = _pairs(files)
        try:
            return [
                ArchiveTest(
                    name=pair.name,
                    directory=pair.directory,
                    input=_read_member(archive, pair.input, budget),
                    answer=_read_member(archive, pair.answer, budget),
                )
                for pair in pairs
                if pair.input is not None and pair.answer is not None
            ]
        except _CORRUPT as error:
            raise _invalid("the archive is corrupt", reason=str(error)) from None

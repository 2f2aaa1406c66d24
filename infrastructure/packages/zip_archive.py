"""Package archives read from a zip file on disk with the standard library's zipfile; nothing is ever
extracted, so no path of the archive can reach the file system.

Refused (422 `invalid_package`): what is not a zip, absolute paths, `.`/`..`/empty segments, backslashes
and NUL bytes, more than `max_depth` levels, duplicate entries, encrypted entries, special files
(devices, FIFOs), too many entries, and links that leave the package, point at a directory or at
nothing, or chain more than 8 times. A link to a file inside the package (the format allows them; a
test reused by two groups) reads as that file. Too large (413): a file over the per-file limit, all
files over the total, or an archive expanding more than `max_ratio` times its size; sizes are checked
against the headers first and counted again while decompressing, so lying headers gain nothing.
"""

import asyncio
import posixpath
import stat
import zipfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from application.packages.archive import ArchiveEntry, PackageArchive, PackageArchives, PackageLimits
from application.problems.archive import ArchiveLimits
from domain.exceptions import TooLargeError
from domain.packages.exceptions import InvalidPackageError
from infrastructure.archives.zip_reader import _CORRUPT, CHUNK_BYTES, _Budget

MAX_PATH_CHARS = 1024
MAX_LINK_HOPS = 8
LINK_MAX_BYTES = 4096
_ENCRYPTED = 0x1


def _invalid(message: str, entry: str | None = None) -> InvalidPackageError:
    details: dict[str, object] = {"file": entry or "(upload)"}
    return InvalidPackageError(message, details=details)


def _check_name(info: zipfile.ZipInfo, limits: PackageLimits) -> str:
    name = info.filename
    if "\\" in name or "\0" in name:
        raise _invalid("entry names may not hold backslashes or NUL bytes", name[:300])
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise _invalid("absolute paths are not allowed", name[:300])
    path = name.removesuffix("/")
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise _invalid("entry names may not hold empty, '.' or '..' segments", name[:300])
    if len(name) > MAX_PATH_CHARS or len(parts) > limits.max_depth:
        raise _invalid(
            f"paths are limited to {limits.max_depth} levels and {MAX_PATH_CHARS} characters", name[:300]
        )
    if info.flag_bits & _ENCRYPTED:
        raise _invalid("encrypted entries are not supported", name[:300])
    return path


@dataclass(slots=True)
class _Zip(PackageArchive):
    archive: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo]  # path -> the regular file it reads as
    listing: list[ArchiveEntry]
    budget: _Budget
    file_max_bytes: int

    @property
    def entries(self) -> Sequence[ArchiveEntry]:
        return self.listing

    async def read(self, path: str) -> bytes:
        return await asyncio.to_thread(self._read, path)

    def _read(self, path: str) -> bytes:
        info = self.members.get(path)
        if info is None:
            raise _invalid("no such file in the package", path)
        parts: list[bytes] = []
        size = 0
        try:
            with self.archive.open(info) as member:
                while chunk := member.read(CHUNK_BYTES):
                    size += len(chunk)
                    if size > self.file_max_bytes:
                        raise TooLargeError(
                            f"{path} is over the limit of {self.file_max_bytes} bytes per file",
                            details={"file": path, "limit": self.file_max_bytes},
                        )
                    self.budget.spend(len(chunk))
                    parts.append(chunk)
        except _CORRUPT as error:
            raise _invalid(f"the archive is corrupt: {error}", path) from None
        return b"".join(parts)


def _link_target(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> str:
    if info.file_size > LINK_MAX_BYTES:
        raise _invalid("a link with an overlong target", info.filename)
    try:
        with archive.open(info) as member:
            raw = member.read(LINK_MAX_BYTES + 1)
    except _CORRUPT as error:
        raise _invalid(f"the archive is corrupt: {error}", info.filename) from None
    budget.spend(len(raw))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid("a link whose target is not UTF-8", info.filename) from None


def _resolve_links(
    archive: zipfile.ZipFile,
    files: dict[str, zipfile.ZipInfo],
    links: dict[str, zipfile.ZipInfo],
    budget: _Budget,
) -> dict[str, zipfile.ZipInfo]:
    targets = {path: _link_target(archive, info, budget) for path, info in links.items()}
    resolved: dict[str, zipfile.ZipInfo] = {}
    for path in links:
        current = path
        for _ in range(MAX_LINK_HOPS + 1):
            target = targets[current]
            if target.startswith("/") or "\0" in target or "\\" in target:
                raise _invalid(f"link points outside the package ({target[:200]!r})", path)
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(current), target))
            if joined == ".." or joined.startswith("../") or joined == ".":
                raise _invalid(f"link points outside the package ({target[:200]!r})", path)
            if joined in files:
                resolved[path] = files[joined]
                break
            if joined not in links:
                raise _invalid(f"link points at a directory or at nothing ({target[:200]!r})", path)
            current = joined
        else:
            raise _invalid(f"links chain more than {MAX_LINK_HOPS} times", path)
    return resolved


def open_zip(location: str, limits: PackageLimits) -> _Zip:
    archive_bytes = Path(location).stat().st_size
    try:
        archive = zipfile.ZipFile(location)
    except _CORRUPT as error:
        raise _invalid(f"not a readable zip archive ({error})") from None
    try:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise _invalid(f"the archive has over {limits.max_entries} entries")
        files: dict[str, zipfile.ZipInfo] = {}
        links: dict[str, zipfile.ZipInfo] = {}
        seen: set[str] = set()
        for info in entries:
            path = _check_name(info, limits)
            if path in seen:
                raise _invalid("the archive holds an entry twice", path)
            seen.add(path)
            mode = info.external_attr >> 16
            kind = stat.S_IFMT(mode)
            if stat.S_ISLNK(mode):
                links[path] = info
            elif info.is_dir() or stat.S_ISDIR(mode):
                continue
            elif kind and not stat.S_ISREG(mode):
                raise _invalid("special files (devices, FIFOs, sockets) are not allowed", path)
            else:
                files[path] = info
        for path, info in files.items():
            if info.file_size > limits.file_max_bytes:
                raise TooLargeError(
                    f"{path} is over the limit of {limits.file_max_bytes} bytes per file",
                    details={"file": path, "limit": limits.file_max_bytes},
                )
        budget = _Budget(
            ArchiveLimits(
                file_max_bytes=limits.file_max_bytes,
                total_max_bytes=limits.total_max_bytes,
                max_ratio=limits.max_ratio,
                max_entries=limits.max_entries,
            ),
            archive_bytes,
        )
        budget.check(sum(info.file_size for info in files.values()), declared=True)
        members = dict(files)
        members.update(_resolve_links(archive, files, links, budget))
        listing = [ArchiveEntry(path=path, size=info.file_size) for path, info in sorted(members.items())]
        return _Zip(
            archive=archive,
            members=members,
            listing=listing,
            budget=budget,
            file_max_bytes=limits.file_max_bytes,
        )
    except BaseException:
        archive.close()
        raise


class ZipPackageArchives(PackageArchives):
    @asynccontextmanager
    async def open(self, location: str, limits: PackageLimits) -> AsyncIterator[PackageArchive]:
        package = await asyncio.to_thread(open_zip, location, limits)
        try:
            yield package
        finally:
            package.archive.close()

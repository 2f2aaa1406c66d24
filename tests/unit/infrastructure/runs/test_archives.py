"""A run's additional files (Judge0's base64 zip) through the hardened zip reader: hostile archives are
refused with `field` additional_files, before anything is decompressed where the headers tell."""

import io
import stat
import zipfile

import pytest

from application.problems.archive import ArchiveLimits
from application.runs.policy import ADDITIONAL_FILES_LIMITS
from domain.runs.exceptions import InvalidRunError, RunTooLargeError
from infrastructure.runs.archives import ZipRunArchives
from tests.unit.infrastructure.archives.test_zip_reader import Entry, info, make_zip

ARCHIVES = ZipRunArchives()


async def refused(archive: bytes, limits: ArchiveLimits = ADDITIONAL_FILES_LIMITS) -> InvalidRunError:
    with pytest.raises(InvalidRunError) as raised:
        await ARCHIVES.files(archive, limits)
    assert raised.value.details["field"] == "additional_files"
    return raised.value


async def test_files_at_any_depth_in_archive_order() -> None:
    archive = make_zip(("data.txt", b"42\n"), ("inc/", b""), ("inc/deep/helper.h", b"#define X 1\n"))
    files = await ARCHIVES.files(archive, ADDITIONAL_FILES_LIMITS)
    assert [(f.name, f.content) for f in files] == [
        ("data.txt", b"42\n"),
        ("inc/deep/helper.h", b"#define X 1\n"),
    ]


@pytest.mark.parametrize(
    "entries",
    [
        [("../escape.txt", b"x")],
        [("inc/../../escape.txt", b"x")],
        [("/etc/cron.d/x", b"x")],
        [("C:/windows.txt", b"x")],
        [("a\\b.txt", b"x")],
        [(info("link", stat.S_IFLNK | 0o777), b"/etc/passwd")],
        [(info("tty", stat.S_IFCHR | 0o666), b"")],
        [(info("fifo", stat.S_IFIFO | 0o666), b"")],
        [("same.txt", b"1"), ("same.txt", b"2")],
        [("dir/", b""), ("dir", b"file and directory")],
    ],
    ids=[
        "dotdot",
        "nested-dotdot",
        "absolute",
        "drive",
        "backslash",
        "symlink",
        "device",
        "fifo",
        "twice",
        "file-dir",
    ],
)
async def test_unsafe_entries_are_refused(entries: list[Entry]) -> None:
    await refused(make_zip(*entries))


@pytest.mark.parametrize(
    "archive", [b"", b"not a zip at all", b"PK\x03\x04" + b"\x00" * 40], ids=["empty", "text", "header"]
)
async def test_what_is_not_a_zip_is_refused(archive: bytes) -> None:
    assert "zip" in (await refused(archive)).message


async def test_a_corrupt_member_is_refused() -> None:
    archive = bytearray(make_zip(("a.txt", b"hello world " * 100)))
    start = archive.index(b"a.txt") + len(b"a.txt")
    archive[start : start + 20] = b"\xff" * 20  # the deflate stream of the only member
    await refused(bytes(archive))


async def test_ten_thousand_entries_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(10_000):
            archive.writestr(f"f{number}", b"")
    assert "entries" in (await refused(buffer.getvalue())).message


async def test_a_zip_bomb_is_refused_as_too_large() -> None:
    bomb = make_zip(("zeros", b"\0" * (64 << 20)))  # 64 MiB of zeros in ~64 KiB
    assert len(bomb) < 1 << 20
    with pytest.raises(RunTooLargeError) as raised:
        await ARCHIVES.files(bomb, ADDITIONAL_FILES_LIMITS)
    assert raised.value.details["field"] == "additional_files"


async def test_a_bomb_lying_about_its_size_is_caught_while_decompressing() -> None:
    archive = bytearray(make_zip(("zeros", b"\0" * (16 << 20))))
    # Rewrite the declared sizes (local header and central directory) to 1 byte: only counting helps.
    real = (16 << 20).to_bytes(4, "little")
    archive = bytearray(bytes(archive).replace(real, (1).to_bytes(4, "little")))
    with pytest.raises((RunTooLargeError, InvalidRunError)):
        await ARCHIVES.files(bytes(archive), ADDITIONAL_FILES_LIMITS)

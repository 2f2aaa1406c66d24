import io
import stat
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from application.problems.archive import ArchiveLimits
from domain.exceptions import TooLargeError
from domain.problems.exceptions import InvalidArchiveError
from infrastructure.archives.zip_reader import RATIO_FREE_BYTES, ZipTestArchiveReader, read_zip

LIMITS = ArchiveLimits(file_max_bytes=8 << 20, total_max_bytes=64 << 20, max_ratio=100, max_entries=50)

Entry = tuple[str | zipfile.ZipInfo, bytes]


def make_zip(*entries: Entry, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", compression) as archive:
        warnings.simplefilter("ignore")  # duplicate names are the point of one test
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def info(name: str, mode: int) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name)
    entry.external_attr = mode << 16
    return entry


def refused(*entries: Entry, limits: ArchiveLimits = LIMITS) -> InvalidArchiveError:
    with pytest.raises(InvalidArchiveError) as raised:
        read_zip(make_zip(*entries), limits)
    return raised.value


async def test_reads_pairs_at_the_top_level_and_in_directories(tmp_path: Path) -> None:
    archive = make_zip(
        ("1.in", b"1 2\n"),
        ("1.ans", b"3\n"),
        ("sample/", b""),
        ("sample/s.in", b"0 0\n"),
        ("sample/s.out", b"0\n"),
        ("big/10.in", b"5 5\n"),
        ("big/10.ans", b"10\n"),
    )
    spooled = tmp_path / "tests.zip"
    spooled.write_bytes(archive)
    tests = await ZipTestArchiveReader().read(str(spooled), LIMITS)
    found = {(t.name, t.directory, t.input, t.answer) for t in tests}
    assert found == {
        ("1", None, b"1 2\n", b"3\n"),
        ("s", "sample", b"0 0\n", b"0\n"),
        ("10", "big", b"5 5\n", b"10\n"),
    }


def test_reads_stored_and_lzma_entries() -> None:
    for compression in (zipfile.ZIP_STORED, zipfile.ZIP_LZMA, zipfile.ZIP_BZIP2):
        archive = make_zip(("a.in", b"x"), ("a.ans", b"y"), compression=compression)
        assert [(t.input, t.answer) for t in read_zip(archive, LIMITS)] == [(b"x", b"y")]


def test_an_empty_archive_has_no_tests() -> None:
    assert read_zip(make_zip(), LIMITS) == []


@pytest.mark.parametrize(
    "name", ["/etc/passwd.in", "../1.in", "a/../1.in", "./1.in", "a//1.in", "C:/1.in", "a\\1.in"]
)
def test_refuses_unsafe_paths(name: str) -> None:
    error = refused((name, b"x"), ("1.ans", b"y"))
    assert error.details["entry"] == name


def test_refuses_symlinks() -> None:
    error = refused((info("1.in", stat.S_IFLNK | 0o777), b"/etc/passwd"), ("1.ans", b"y"))
    assert "link" in error.message


def test_refuses_special_files() -> None:
    refused((info("1.in", stat.S_IFIFO | 0o644), b""), ("1.ans", b"y"))


def test_accepts_regular_files_with_unix_modes() -> None:
    archive = make_zip((info("1.in", stat.S_IFREG | 0o644), b"x"), ("1.ans", b"y"))
    assert len(read_zip(archive, LIMITS)) == 1


def test_refuses_encrypted_entries() -> None:
    archive = make_zip(("1.in", b"x"), ("1.ans", b"y"), compression=zipfile.ZIP_STORED)
    encrypted = _patch_headers(archive, b"1.in", local_offset=6, central_offset=8, value=0x1)
    assert zipfile.ZipFile(io.BytesIO(encrypted)).getinfo("1.in").flag_bits & 0x1
    with pytest.raises(InvalidArchiveError) as raised:
        read_zip(encrypted, LIMITS)
    assert "encrypted" in raised.value.message


def test_refuses_deeper_directories() -> None:
    refused(("a/b/1.in", b"x"), ("a/b/1.ans", b"y"))
    refused(("a/b/", b""))


@pytest.mark.parametrize(
    "entries",
    [
        [("1.in", b"x")],
        [("1.ans", b"x")],
        [("1.out", b"x")],
        [("1.in", b"x"), ("2.ans", b"y")],
    ],
)
def test_refuses_unpaired_files(entries: list[Entry]) -> None:
    assert "has no" in refused(*entries).message


def test_refuses_two_answers_for_one_test() -> None:
    refused(("1.in", b"x"), ("1.ans", b"y"), ("1.out", b"y"))


def test_refuses_the_same_test_name_in_two_directories() -> None:
    refused(("1.in", b"x"), ("1.ans", b"y"), ("sample/1.in", b"x"), ("sample/1.ans", b"y"))


def test_refuses_an_entry_stored_twice() -> None:
    refused(("1.in", b"x"), ("1.in", b"x"), ("1.ans", b"y"))


@pytest.mark.parametrize("name", ["readme.txt", "1", ".in", "__MACOSX/1.in"])
def test_refuses_unknown_files(name: str) -> None:
    refused(("1.in", b"x"), ("1.ans", b"y"), (name, b"z"))


def test_refuses_too_many_entries() -> None:
    limits = ArchiveLimits(file_max_bytes=100, total_max_bytes=10_000, max_ratio=100, max_entries=4)
    entries = [(f"{i}.{kind}", b"1") for i in range(3) for kind in ("in", "ans")]
    refused(*entries, limits=limits)


def test_refuses_what_is_not_a_zip() -> None:
    with pytest.raises(InvalidArchiveError):
        read_zip(b"PK\x03\x04 certainly not a zip", LIMITS)


def test_a_file_over_the_per_file_limit_is_too_large() -> None:
    limits = ArchiveLimits(file_max_bytes=10, total_max_bytes=1000, max_ratio=100, max_entries=10)
    read_zip(make_zip(("1.in", b"x" * 10), ("1.ans", b"")), limits)
    with pytest.raises(TooLargeError):
        read_zip(make_zip(("1.in", b"x" * 11), ("1.ans", b"")), limits)


def test_files_over_the_total_limit_are_too_large() -> None:
    limits = ArchiveLimits(file_max_bytes=10, total_max_bytes=15, max_ratio=100, max_entries=10)
    with pytest.raises(TooLargeError):
        read_zip(make_zip(("1.in", b"x" * 8), ("1.ans", b"y" * 8)), limits)


def test_a_decompression_bomb_is_too_large() -> None:
    bomb = make_zip(("1.in", bytes(RATIO_FREE_BYTES * 5)), ("1.ans", b""))
    assert len(bomb) * LIMITS.max_ratio < RATIO_FREE_BYTES * 5 < LIMITS.file_max_bytes
    with pytest.raises(TooLargeError) as raised:
        read_zip(bomb, LIMITS)
    assert "times its size" in raised.value.message


def test_small_archives_may_expand_a_lot() -> None:
    archive = make_zip(("1.in", bytes(RATIO_FREE_BYTES // 2)), ("1.ans", b""))
    assert len(read_zip(archive, LIMITS)[0].input) == RATIO_FREE_BYTES // 2


def _patch_headers(archive: bytes, name: bytes, local_offset: int, central_offset: int, value: int) -> bytes:
    """Overwrites a 4-byte (sizes) or 2-byte (flags, offsets 6/8) field of `name`'s local and central
    headers, as a hostile tool could."""
    data = bytearray(archive)
    width = "<H" if local_offset == 6 else "<I"
    for signature, name_at, fixed, offset in (
        (b"PK\x03\x04", 26, 30, local_offset),
        (b"PK\x01\x02", 28, 46, central_offset),
    ):
        header = data.find(signature)
        while header != -1:
            name_length = struct.unpack_from("<H", data, header + name_at)[0]
            if data[header + fixed : header + fixed + name_length] == name:
                struct.pack_into(width, data, header + offset, value)
            header = data.find(signature, header + 4)
    return bytes(data)


def test_lying_size_headers_gain_nothing() -> None:
    honest = make_zip(("1.in", bytes(RATIO_FREE_BYTES * 5)), ("1.ans", b""))
    lying = _patch_headers(honest, b"1.in", local_offset=22, central_offset=24, value=10)
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("1.in").file_size == 10
    with pytest.raises(InvalidArchiveError) as raised:
        read_zip(lying, LIMITS)  # zipfile stops at the declared size and the CRC no longer matches
    assert raised.value.message == "the archive is corrupt"

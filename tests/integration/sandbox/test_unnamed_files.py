"""Opening host files without their host path, keeping the clones of files opened before: a file opened
again reads as itself, from its start, under no name; a file replaced at its path is opened anew; clones
beyond what is kept still open the file."""

import os
import time
from pathlib import Path

import pytest

from infrastructure.sandbox import detached
from infrastructure.sandbox.detached import UnnamedFiles


def _read(fd: int) -> bytes:
    try:
        return os.pread(fd, 1 << 16, 0)
    finally:
        os.close(fd)


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    paths = [tmp_path / f"{index}.in" for index in range(3)]
    for index, path in enumerate(paths):
        path.write_bytes(f"input {index}\n".encode())
    return paths


def test_a_file_opened_again_reads_as_itself_under_no_name(files: list[Path]) -> None:
    opener = UnnamedFiles()
    first, again = opener.open(str(files[0])), opener.open(str(files[0]))
    try:
        assert first != again
        if not detached._refused:  # open_tree allowed (root): the descriptors name no host path
            assert os.readlink(f"/proc/self/fd/{again}") == "/"
        assert os.read(first, 100) == b"input 0\n"
        assert os.read(again, 100) == b"input 0\n", "each open has its own offset"
    finally:
        os.close(first)
        os.close(again)
        opener.close()


def test_a_file_replaced_at_its_path_is_opened_anew(files: list[Path], tmp_path: Path) -> None:
    opener = UnnamedFiles()
    assert _read(opener.open(str(files[0]))) == b"input 0\n"
    replacement = tmp_path / "replacement"
    replacement.write_bytes(b"new content\n")
    os.replace(replacement, files[0])
    assert _read(opener.open(str(files[0]))) == b"new content\n"
    files[0].unlink()
    with pytest.raises(FileNotFoundError):
        opener.open(str(files[0]))
    opener.close()


def test_files_beyond_those_kept_still_open_and_idle_clones_make_room(
    files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    opener = UnnamedFiles(keep=1, idle_seconds=5.0, expire_seconds=60.0)
    now = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    assert [_read(opener.open(str(path))) for path in files] == [b"input 0\n", b"input 1\n", b"input 2\n"]
    assert list(opener._clones) == [str(files[0])] or detached._refused, "the first stays, in use"
    now[0] += 10  # idle: the next file takes its place
    assert _read(opener.open(str(files[1]))) == b"input 1\n"
    assert list(opener._clones) == [str(files[1])] or detached._refused
    now[0] += 100  # expired: closed at the next open
    assert _read(opener.open(str(files[2]))) == b"input 2\n"
    assert list(opener._clones) == [str(files[2])] or detached._refused
    opener.close()
    assert not opener._clones

"""File operations on a box the untrusted program controls.

Everything goes through directory file descriptors with O_NOFOLLOW: a symlink or FIFO the program leaves in
its box is never followed, read through or blocked on, whatever its name (Judge0 CVE-2024-28185/28189).
"""

import contextlib
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

_COMPONENT = re.compile(r"^[A-Za-z0-9_$][A-Za-z0-9_.$+\-]*$")
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class BoxPathError(ValueError):
    pass


def check_name(name: str) -> list[str]:
    """A relative path of plain components; no '..', no absolute paths, no hidden tricks."""
    parts = name.split("/")
    if not name or len(name) > 255 or not all(_COMPONENT.match(p) and p not in (".", "..") for p in parts):
        raise BoxPathError(f"invalid file name in the box: {name!r}")
    return parts


def open_dir(path: str) -> int:
    return os.open(path, _DIR_FLAGS)


@contextlib.contextmanager
def _parent(box_fd: int, parts: list[str], create: bool, owner: tuple[int, int] | None) -> Iterator[int]:
    fd = os.dup(box_fd)
    try:
        for part in parts[:-1]:
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o755, dir_fd=fd)
                    if owner is not None:
                        os.chown(part, *owner, dir_fd=fd, follow_symlinks=False)
            child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def write_file(box_fd: int, name: str, data: bytes, *, executable: bool = False) -> None:
    parts = check_name(name)
    with _parent(box_fd, parts, create=True, owner=None) as parent:
        fd = os.open(
            parts[-1],
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
            0o755 if executable else 0o644,
            dir_fd=parent,
        )
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)


def copy_file_in(box_fd: int, name: str, source: Path) -> None:
    """Copies a trusted host file into the box, keeping its executable bit."""
    parts = check_name(name)
    src = os.open(source, os.O_RDONLY | os.O_CLOEXEC)
    try:
        info = os.fstat(src)
        with _parent(box_fd, parts, create=True, owner=None) as parent:
            mode = 0o755 if info.st_mode & stat.S_IXUSR else 0o644
            dst = os.open(
                parts[-1],
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                mode,
                dir_fd=parent,
            )
            try:
                remaining = info.st_size
                while remaining > 0:
                    sent = os.sendfile(dst, src, None, remaining)
                    if sent == 0:
                        break
                    remaining -= sent
            finally:
                os.close(dst)
    finally:
        os.close(src)


def make_dir(box_fd: int, name: str, owner: tuple[int, int]) -> None:
    parts = check_name(name)
    with _parent(box_fd, [*parts, ""], create=True, owner=owner):
        pass


def read_file(box_fd: int, name: str, cap: int) -> bytes | None:
    """At most `cap` bytes of a regular file the program left, or None if there is no such regular file."""
    parts = check_name(name)
    try:
        with _parent(box_fd, parts, create=False, owner=None) as parent:
            fd = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=parent)
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    return None
                chunks, left = [], cap
                while left > 0:
                    chunk = os.read(fd, min(left, 1 << 20))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    left -= len(chunk)
                return b"".join(chunks)
            finally:
                os.close(fd)
    except OSError:
        return None


def copy_tree_out(box_fd: int, destination: Path, max_bytes: int) -> int:
    """Copies the box's regular files and directories (never symlinks or special files) to a trusted place.

    Returns the number of bytes copied; raises BoxPathError past `max_bytes`.
    """
    destination.mkdir(parents=True, exist_ok=True)
    total = 0
    for entry in os.scandir(box_fd):
        if not _COMPONENT.match(entry.name):
            continue
        info = entry.stat(follow_symlinks=False)
        if stat.S_ISDIR(info.st_mode):
            child = os.open(entry.name, _DIR_FLAGS, dir_fd=box_fd)
            try:
                total += copy_tree_out(child, destination / entry.name, max_bytes - total)
            finally:
                os.close(child)
        elif stat.S_ISREG(info.st_mode):
            src = os.open(
                entry.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=box_fd
            )
            try:
                size = os.fstat(src).st_size
                total += size
                if total > max_bytes:
                    raise BoxPathError("the compiled files are too large")
                mode = 0o755 if info.st_mode & stat.S_IXUSR else 0o644
                dst = os.open(
                    destination / entry.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode
                )
                try:
                    while os.sendfile(dst, src, None, 1 << 24) > 0:
                        pass
                finally:
                    os.close(dst)
            finally:
                os.close(src)
    return total


def empty_dir(dir_fd: int) -> None:
    """Removes everything inside, never following a link (used where the box is not a disposable tmpfs)."""
    for entry in os.scandir(dir_fd):
        if entry.is_dir(follow_symlinks=False):
            child = os.open(entry.name, _DIR_FLAGS, dir_fd=dir_fd)
            try:
                empty_dir(child)
            finally:
                os.close(child)
            os.rmdir(entry.name, dir_fd=dir_fd)
        else:
            os.unlink(entry.name, dir_fd=dir_fd)

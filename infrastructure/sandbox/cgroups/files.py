"""Cgroup file-system plumbing shared by both hierarchies: finding mounts, reading and writing control files,
emptying and removing cgroups."""

import contextlib
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from infrastructure.sandbox.cgroups.base import PREFIX, CgroupUnavailableError, owner_pid


@dataclass(frozen=True, slots=True)
class Mount:
    point: Path
    root: str
    fstype: str
    options: frozenset[str]


def mounts(mountinfo: str) -> list[Mount]:
    mounts = []
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) < 5 or len(tail) < 3 or not tail[0].startswith("cgroup"):
            continue
        point = fields[4].replace("\\040", " ")
        mounts.append(Mount(Path(point), fields[3], tail[0], frozenset(tail[2].split(","))))
    return mounts


def own_paths(proc_cgroup: str) -> dict[str, str]:
    """controller (or "" for the v2 unified tree) -> this process's cgroup path."""
    own: dict[str, str] = {}
    for line in proc_cgroup.splitlines():
        _id, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            own[controller] = path
    return own


def inside(mount: Mount, cgroup_path: str) -> Path:
    if mount.root != "/" and cgroup_path.startswith(mount.root):
        cgroup_path = cgroup_path[len(mount.root) :]
    return mount.point / cgroup_path.lstrip("/")


def write(path: Path, value: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)


def read(path: Path) -> str:
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        return os.read(fd, 65536).decode()
    finally:
        os.close(fd)


def field(text: str, key: str) -> int:
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name == key:
            return int(value)
    return 0


def members(directory: Path) -> list[int]:
    try:
        return [int(p) for p in read(directory / "cgroup.procs").split()]
    except FileNotFoundError:
        return []


def _kill(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def kill_members(directory: Path, deadline: float) -> None:
    """Kills every process in the cgroup and waits until it has none; raises past `deadline`."""
    while pids := members(directory):
        _kill(pids)
        if time.monotonic() > deadline:
            raise CgroupUnavailableError(f"cannot empty cgroup {directory}: {pids}")
        time.sleep(0.001)


def pread_int(fd: int) -> int:
    return int(os.pread(fd, 64, 0))


def pwrite_text(fd: int, value: str) -> None:
    os.pwrite(fd, value.encode(), 0)


def kill_and_rmdir(directory: Path, kill_file: bool) -> None:
    """Empties and removes a cgroup; children first. Used for runs and for a dead worker's leftovers."""
    try:
        directory.rmdir()
        return
    except FileNotFoundError:
        return
    except OSError:
        pass  # busy: processes or child cgroups left
    for child in directory.iterdir():
        if child.is_dir() and not child.is_symlink():
            kill_and_rmdir(child, kill_file)
    deadline = time.monotonic() + 5
    while True:
        pids = members(directory)
        if not pids:
            with contextlib.suppress(FileNotFoundError):
                directory.rmdir()
                return
            if not directory.exists():
                return
        elif kill_file and (directory / "cgroup.kill").exists():
            write(directory / "cgroup.kill", "1")
        else:
            _kill(pids)
        if time.monotonic() > deadline:
            raise CgroupUnavailableError(f"cannot empty cgroup {directory}: {pids}")
        time.sleep(0.001)


def remove_stale(parent: Path, kill_file: bool) -> None:
    for entry in parent.glob(PREFIX + "*"):
        pid = owner_pid(entry.name)
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            kill_and_rmdir(entry, kill_file)

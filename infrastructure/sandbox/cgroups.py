"""Per-run cgroups on v1 and v2 hierarchies: limits in, kernel counters out.

The sandbox nests everything under the cgroup this process already lives in (`sandbox-<pid>`), so it needs
no system-wide configuration and a crashed worker's leftovers are recognisable and removed at the next start.
"""

import contextlib
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

CPU_V1_NS = 1
CPU_V2_STAT = 2

_V1_CONTROLLERS = ("memory", "pids", "cpuacct")
_V2_CONTROLLERS = ("memory", "pids", "cpu")
_PREFIX = "sandbox-"


class CgroupUnavailableError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class CgroupUsage:
    cpu_ms: int
    memory_kib: int
    oom_kills: int


@dataclass(frozen=True, slots=True)
class RunCgroupLimits:
    memory_bytes: int
    pids: int


class RunCgroup(Protocol):
    @property
    def procs_paths(self) -> list[str]: ...

    @property
    def cpu_path(self) -> str: ...

    @property
    def cpu_kind(self) -> int: ...

    def limit(self, limits: RunCgroupLimits) -> None: ...

    def usage(self) -> CgroupUsage: ...

    def remove(self) -> None: ...


class Cgroups(Protocol):
    @property
    def version(self) -> int: ...

    def create(self, slot: int) -> RunCgroup:
        """An empty cgroup for one run of `slot`; `limit` it before use, `remove` it after."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class _Mount:
    point: Path
    root: str
    fstype: str
    options: frozenset[str]


def _mounts(mountinfo: str) -> list[_Mount]:
    mounts = []
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) < 5 or len(tail) < 3 or not tail[0].startswith("cgroup"):
            continue
        point = fields[4].replace("\\040", " ")
        mounts.append(_Mount(Path(point), fields[3], tail[0], frozenset(tail[2].split(","))))
    return mounts


def _own_paths(proc_cgroup: str) -> dict[str, str]:
    """controller (or "" for the v2 unified tree) -> this process's cgroup path."""
    own: dict[str, str] = {}
    for line in proc_cgroup.splitlines():
        _id, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            own[controller] = path
    return own


def _inside(mount: _Mount, cgroup_path: str) -> Path:
    if mount.root != "/" and cgroup_path.startswith(mount.root):
        cgroup_path = cgroup_path[len(mount.root) :]
    return mount.point / cgroup_path.lstrip("/")


def _write(path: Path, value: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)


def _read(path: Path) -> str:
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        return os.read(fd, 65536).decode()
    finally:
        os.close(fd)


def _field(text: str, key: str) -> int:
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name == key:
            return int(value)
    return 0


def _pids(directory: Path) -> list[int]:
    try:
        return [int(p) for p in _read(directory / "cgroup.procs").split()]
    except FileNotFoundError:
        return []


def _kill_and_rmdir(directory: Path, kill_file: bool) -> None:
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
            _kill_and_rmdir(child, kill_file)
    deadline = time.monotonic() + 5
    while True:
        pids = _pids(directory)
        if not pids:
            with contextlib.suppress(FileNotFoundError):
                directory.rmdir()
                return
            if not directory.exists():
                return
        elif kill_file and (directory / "cgroup.kill").exists():
            _write(directory / "cgroup.kill", "1")
        else:
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if time.monotonic() > deadline:
            raise CgroupUnavailableError(f"cannot empty cgroup {directory}: {pids}")
        time.sleep(0.001)


def _remove_stale(parent: Path, kill_file: bool) -> None:
    for entry in parent.glob(_PREFIX + "*"):
        pid = entry.name[len(_PREFIX) :]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            _kill_and_rmdir(entry, kill_file)


class _V1Run:
    def __init__(self, dirs: dict[str, Path], extra_procs: list[str]) -> None:
        self._dirs = dirs
        for directory in dirs.values():
            directory.mkdir()
        self._memsw = (dirs["memory"] / "memory.memsw.limit_in_bytes").exists()
        self._procs = [str(d / "cgroup.procs") for d in dirs.values()] + extra_procs

    def limit(self, limits: RunCgroupLimits) -> None:
        memory = self._dirs["memory"]
        _write(memory / "memory.limit_in_bytes", str(limits.memory_bytes))
        if self._memsw:
            _write(memory / "memory.memsw.limit_in_bytes", str(limits.memory_bytes))
        _write(self._dirs["pids"] / "pids.max", str(limits.pids))

    @property
    def procs_paths(self) -> list[str]:
        return self._procs

    @property
    def cpu_path(self) -> str:
        return str(self._dirs["cpuacct"] / "cpuacct.usage")

    @property
    def cpu_kind(self) -> int:
        return CPU_V1_NS

    def usage(self) -> CgroupUsage:
        memory = self._dirs["memory"]
        return CgroupUsage(
            cpu_ms=int(_read(self._dirs["cpuacct"] / "cpuacct.usage")) // 1_000_000,
            memory_kib=int(_read(memory / "memory.max_usage_in_bytes")) // 1024,
            oom_kills=_field(_read(memory / "memory.oom_control"), "oom_kill"),
        )

    def remove(self) -> None:
        for directory in self._dirs.values():
            _kill_and_rmdir(directory, kill_file=False)


class CgroupsV1:
    version = 1

    def __init__(self, mountinfo: str, proc_cgroup: str, cores: list[int] | None) -> None:
        own = _own_paths(proc_cgroup)
        mounts = {opt: m for m in _mounts(mountinfo) if m.fstype == "cgroup" for opt in m.options}
        missing = [c for c in _V1_CONTROLLERS if c not in mounts or c not in own]
        if missing:
            raise CgroupUnavailableError(f"cgroup v1 controllers not mounted: {', '.join(missing)}")
        self._parents: dict[str, Path] = {}
        self._slot_cpusets: list[str] = []
        self._counter = 0
        wanted = list(_V1_CONTROLLERS) + (["cpuset"] if cores and "cpuset" in mounts else [])
        for controller in wanted:
            base = _inside(mounts[controller], own[controller])
            try:
                _remove_stale(base, kill_file=False)
                parent = base / f"{_PREFIX}{os.getpid()}"
                parent.mkdir(exist_ok=True)
            except OSError as error:
                self.close()
                raise CgroupUnavailableError(f"cannot create cgroups under {base}: {error}") from error
            self._parents[controller] = parent
        if "cpuset" in self._parents and cores:
            parent = self._parents["cpuset"]
            base = parent.parent
            _write(parent / "cpuset.cpus", _read(base / "cpuset.cpus").strip())
            _write(parent / "cpuset.mems", _read(base / "cpuset.mems").strip())
            for slot, core in enumerate(cores):
                directory = parent / f"slot-{slot}"
                directory.mkdir(exist_ok=True)
                _write(directory / "cpuset.cpus", str(core))
                _write(directory / "cpuset.mems", _read(parent / "cpuset.mems").strip())
                self._slot_cpusets.append(str(directory / "cgroup.procs"))

    def create(self, slot: int) -> RunCgroup:
        self._counter += 1
        name = f"run-{slot}-{self._counter}"
        dirs = {c: self._parents[c] / name for c in _V1_CONTROLLERS}
        extra = [self._slot_cpusets[slot]] if slot < len(self._slot_cpusets) else []
        try:
            return _V1Run(dirs, extra)
        except OSError:
            for directory in dirs.values():
                _kill_and_rmdir(directory, kill_file=False)
            raise

    def close(self) -> None:
        for parent in self._parents.values():
            _kill_and_rmdir(parent, kill_file=False)


class _V2Run:
    def __init__(self, directory: Path, core: int | None) -> None:
        self._dir = directory
        directory.mkdir()
        if core is not None:
            _write(directory / "cpuset.cpus", str(core))
        if (directory / "memory.swap.max").exists():
            _write(directory / "memory.swap.max", "0")

    def limit(self, limits: RunCgroupLimits) -> None:
        _write(self._dir / "memory.max", str(limits.memory_bytes))
        _write(self._dir / "pids.max", str(limits.pids))

    @property
    def procs_paths(self) -> list[str]:
        return [str(self._dir / "cgroup.procs")]

    @property
    def cpu_path(self) -> str:
        return str(self._dir / "cpu.stat")

    @property
    def cpu_kind(self) -> int:
        return CPU_V2_STAT

    def usage(self) -> CgroupUsage:
        peak_file = self._dir / "memory.peak"
        peak = int(_read(peak_file)) if peak_file.exists() else int(_read(self._dir / "memory.current"))
        return CgroupUsage(
            cpu_ms=_field(_read(self._dir / "cpu.stat"), "usage_usec") // 1000,
            memory_kib=peak // 1024,
            oom_kills=_field(_read(self._dir / "memory.events"), "oom_kill"),
        )

    def remove(self) -> None:
        _kill_and_rmdir(self._dir, kill_file=True)


class CgroupsV2:
    version = 2

    def __init__(self, mountinfo: str, proc_cgroup: str, cores: list[int] | None) -> None:
        mounts = [m for m in _mounts(mountinfo) if m.fstype == "cgroup2"]
        own = _own_paths(proc_cgroup).get("")
        if not mounts or own is None:
            raise CgroupUnavailableError("no cgroup v2 hierarchy is mounted")
        base = _inside(mounts[0], own)
        available = set(_read(base / "cgroup.controllers").split())
        wanted = list(_V2_CONTROLLERS) + (["cpuset"] if cores and "cpuset" in available else [])
        missing = [c for c in _V2_CONTROLLERS if c not in available]
        if missing:
            raise CgroupUnavailableError(
                f"cgroup v2 controllers not delegated to {base}: {', '.join(missing)}"
            )
        self._cores = cores if "cpuset" in wanted else None
        self._counter = 0
        try:
            _remove_stale(base, kill_file=True)
            self._enable(base, wanted)
            self._parent = base / f"{_PREFIX}{os.getpid()}"
            self._parent.mkdir(exist_ok=True)
            _write(self._parent / "cgroup.subtree_control", " ".join("+" + c for c in wanted))
        except OSError as error:
            raise CgroupUnavailableError(f"cannot create cgroups under {base}: {error}") from error

    @staticmethod
    def _enable(base: Path, wanted: list[str]) -> None:
        """Controllers can only be enabled for children of a cgroup without processes of its own
        ("no internal processes"), so the processes of our cgroup move to a leaf first."""
        enabled = set(_read(base / "cgroup.subtree_control").split())
        if all(c in enabled for c in wanted):
            return
        if _pids(base) and (base / "cgroup.type").exists():
            leaf = base / "leaf"
            leaf.mkdir(exist_ok=True)
            for pid in _pids(base):
                with contextlib.suppress(ProcessLookupError, OSError):
                    _write(leaf / "cgroup.procs", str(pid))
        _write(base / "cgroup.subtree_control", " ".join("+" + c for c in wanted))

    def create(self, slot: int) -> RunCgroup:
        self._counter += 1
        directory = self._parent / f"run-{slot}-{self._counter}"
        core = self._cores[slot] if self._cores and slot < len(self._cores) else None
        try:
            return _V2Run(directory, core)
        except OSError:
            _kill_and_rmdir(directory, kill_file=True)
            raise

    def close(self) -> None:
        _kill_and_rmdir(self._parent, kill_file=True)


def open_cgroups(version: str, cores: list[int] | None) -> Cgroups:
    """Detects (or forces, with version "1"/"2") the hierarchy to use; raises with every reason on failure."""
    mountinfo = Path("/proc/self/mountinfo").read_text()
    proc_cgroup = Path("/proc/self/cgroup").read_text()
    kinds: dict[str, list[type[CgroupsV1] | type[CgroupsV2]]] = {"1": [CgroupsV1], "2": [CgroupsV2]}
    order = kinds.get(version, [CgroupsV2, CgroupsV1])
    reasons = []
    for kind in order:
        try:
            return kind(mountinfo, proc_cgroup, cores)
        except (CgroupUnavailableError, OSError) as error:
            reasons.append(f"v{kind.version}: {error}")
    raise CgroupUnavailableError("; ".join(reasons))

"""Cgroup v2: one unified hierarchy; controllers must be delegated to the cgroup the worker lives in."""

import contextlib
from pathlib import Path

from infrastructure.sandbox.cgroups import files as fs
from infrastructure.sandbox.cgroups.base import (
    CPU_V2_STAT,
    CgroupUnavailableError,
    CgroupUsage,
    RunCgroup,
    RunCgroupLimits,
    own_cgroup_name,
)

_CONTROLLERS = ("memory", "pids", "cpu")


class _V2Run:
    def __init__(self, directory: Path, core: int | None) -> None:
        self._dir = directory
        directory.mkdir()
        if core is not None:
            fs.write(directory / "cpuset.cpus", str(core))
        if (directory / "memory.swap.max").exists():
            fs.write(directory / "memory.swap.max", "0")

    def limit(self, limits: RunCgroupLimits) -> None:
        fs.write(self._dir / "memory.max", str(limits.memory_bytes))
        fs.write(self._dir / "pids.max", str(limits.pids))

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
        peak = int(fs.read(peak_file)) if peak_file.exists() else int(fs.read(self._dir / "memory.current"))
        return CgroupUsage(
            cpu_ms=fs.field(fs.read(self._dir / "cpu.stat"), "usage_usec") // 1000,
            memory_kib=peak // 1024,
            oom_kills=fs.field(fs.read(self._dir / "memory.events"), "oom_kill"),
        )

    def remove(self) -> None:
        fs.kill_and_rmdir(self._dir, kill_file=True)


class CgroupsV2:
    version = 2

    def __init__(self, mountinfo: str, proc_cgroup: str, cores: list[int] | None) -> None:
        mounts = [m for m in fs.mounts(mountinfo) if m.fstype == "cgroup2"]
        own = fs.own_paths(proc_cgroup).get("")
        if not mounts or own is None:
            raise CgroupUnavailableError("no cgroup v2 hierarchy is mounted")
        base = fs.inside(mounts[0], own)
        available = set(fs.read(base / "cgroup.controllers").split())
        wanted = list(_CONTROLLERS) + (["cpuset"] if cores and "cpuset" in available else [])
        missing = [c for c in _CONTROLLERS if c not in available]
        if missing:
            raise CgroupUnavailableError(
                f"cgroup v2 controllers not delegated to {base}: {', '.join(missing)}"
            )
        self._cores = cores if "cpuset" in wanted else None
        self._counter = 0
        try:
            fs.remove_stale(base, kill_file=True)
            self._enable(base, wanted)
            self._parent = base / own_cgroup_name()
            self._parent.mkdir(exist_ok=True)
            fs.write(self._parent / "cgroup.subtree_control", " ".join("+" + c for c in wanted))
        except OSError as error:
            raise CgroupUnavailableError(f"cannot create cgroups under {base}: {error}") from error

    @staticmethod
    def _enable(base: Path, wanted: list[str]) -> None:
        """Controllers can only be enabled for children of a cgroup without processes of its own
        ("no internal processes"), so the processes of our cgroup move to a leaf first."""
        enabled = set(fs.read(base / "cgroup.subtree_control").split())
        if all(c in enabled for c in wanted):
            return
        if fs.members(base) and (base / "cgroup.type").exists():
            leaf = base / "leaf"
            leaf.mkdir(exist_ok=True)
            for pid in fs.members(base):
                with contextlib.suppress(ProcessLookupError, OSError):
                    fs.write(leaf / "cgroup.procs", str(pid))
        fs.write(base / "cgroup.subtree_control", " ".join("+" + c for c in wanted))

    def for_slot(self, slot: int) -> None:
        """Runs get a fresh cgroup each here: reusing one needs `memory.peak` resets, not measured on v2."""

    def create(self, slot: int) -> RunCgroup:
        self._counter += 1
        directory = self._parent / f"run-{slot}-{self._counter}"
        core = self._cores[slot] if self._cores and slot < len(self._cores) else None
        try:
            return _V2Run(directory, core)
        except OSError:
            fs.kill_and_rmdir(directory, kill_file=True)
            raise

    def close(self) -> None:
        fs.kill_and_rmdir(self._parent, kill_file=True)

"""Cgroup v1: one hierarchy per controller (memory, pids, cpuacct, optionally cpuset for pinned slots).

The run's init joins through the v1 `tasks` files, not `cgroup.procs`: writing `cgroup.procs` moves a whole
thread group and takes the global threadgroup lock for writing, which waits for an RCU grace period
(6-28 ms) whenever the previous cgroup write is older than about one grace period: every run that follows a
pause in the worker paid it. A `tasks` write moves one thread and skips that lock; the init is
single-threaded and everything it forks inherits its cgroups, so the result is the same.
"""

import os
import time
from pathlib import Path

from infrastructure.sandbox.cgroups import files as fs
from infrastructure.sandbox.cgroups.base import (
    CPU_V1_NS,
    CgroupUnavailableError,
    CgroupUsage,
    RunCgroup,
    RunCgroupLimits,
    SlotCgroup,
    own_cgroup_name,
)
from infrastructure.sandbox.zygote import close_fds, open_fds

_CONTROLLERS = ("memory", "pids", "cpuacct")
JOIN_FILE = "tasks"  # see the module's docstring


class _V1Cgroups:
    """What both kinds of a run's v1 cgroups share: the cpuacct counter the zygote watches."""

    _dirs: dict[str, Path]

    @property
    def cpu_path(self) -> str:
        return str(self._dirs["cpuacct"] / "cpuacct.usage")

    @property
    def cpu_kind(self) -> int:
        return CPU_V1_NS


class _V1Run(_V1Cgroups):
    def __init__(self, dirs: dict[str, Path], extra_procs: list[str]) -> None:
        self._dirs = dirs
        for directory in dirs.values():
            directory.mkdir()
        self._memsw = (dirs["memory"] / "memory.memsw.limit_in_bytes").exists()
        self._procs = [str(d / JOIN_FILE) for d in dirs.values()] + extra_procs

    def limit(self, limits: RunCgroupLimits) -> None:
        memory = self._dirs["memory"]
        fs.write(memory / "memory.limit_in_bytes", str(limits.memory_bytes))
        if self._memsw:
            fs.write(memory / "memory.memsw.limit_in_bytes", str(limits.memory_bytes))
        fs.write(self._dirs["pids"] / "pids.max", str(limits.pids))

    @property
    def procs_paths(self) -> list[str]:
        return self._procs

    def usage(self) -> CgroupUsage:
        memory = self._dirs["memory"]
        return CgroupUsage(
            cpu_ms=int(fs.read(self._dirs["cpuacct"] / "cpuacct.usage")) // 1_000_000,
            memory_kib=int(fs.read(memory / "memory.max_usage_in_bytes")) // 1024,
            oom_kills=fs.field(fs.read(memory / "memory.oom_control"), "oom_kill"),
        )

    def remove(self) -> None:
        for directory in self._dirs.values():
            fs.kill_and_rmdir(directory, kill_file=False)


# Past this much left charged by earlier runs, a slot's cgroups are made anew (the kernel hands the charges
# to the parent): a run's limit is its own allowance plus what is left, and what is left should stay small.
RENEW_BYTES = 16 << 20
_EMPTY_TIMEOUT_S = 5


class _V1Slot(_V1Cgroups):
    """A slot's memory, pids and cpuacct cgroups, reused run after run (see `SlotCgroup`): no mkdir, rmdir
    or path lookups per run, which cost ~0.3 ms of a trivial run. Control files are held open."""

    def __init__(self, dirs: dict[str, Path], extra_procs: list[str]) -> None:
        self._dirs = dirs
        self._extra = extra_procs
        self._fds: list[int] = []
        self._limits: RunCgroupLimits | None = None
        self._baseline = 0
        self._oom_base = 0
        self._generation = 0
        self._open()

    def _open(self) -> None:
        for directory in self._dirs.values():
            directory.mkdir(exist_ok=True)
        memory, pids = self._dirs["memory"], self._dirs["pids"]
        self._memsw = (memory / "memory.memsw.limit_in_bytes").exists()
        try:
            self._join = open_fds(self.procs_paths, os.O_WRONLY)
            self._fds = list(self._join)
            paths = [
                (self._dirs["cpuacct"] / "cpuacct.usage", os.O_RDWR),
                (memory / "memory.max_usage_in_bytes", os.O_RDWR),
                (memory / "memory.oom_control", os.O_RDONLY),
                (memory / "memory.limit_in_bytes", os.O_WRONLY),
                (pids / "pids.max", os.O_WRONLY),
                (pids / "pids.current", os.O_RDONLY),
            ]
            for path, flags in paths:
                self._fds.append(os.open(path, flags | os.O_CLOEXEC))
            if self._memsw:
                self._fds.append(os.open(memory / "memory.memsw.limit_in_bytes", os.O_WRONLY | os.O_CLOEXEC))
        except OSError:
            self._close_fds()
            raise
        n = len(self._join)
        counters = self._fds[n : n + 6]
        self._cpu, self._max_usage, self._oom, self._limit, self._pids_max, self._pids_current = counters
        self._memsw_limit = self._fds[n + 6] if self._memsw else -1
        self._limits = None
        self._generation += 1

    def _close_fds(self) -> None:
        close_fds(self._fds)
        self._fds = []

    @property
    def zygote_fds(self) -> tuple[int, list[int]]:
        return self._generation, [self._cpu, self._max_usage, self._oom, *self._join]

    @property
    def procs_paths(self) -> list[str]:
        return [str(d / JOIN_FILE) for d in self._dirs.values()] + self._extra

    def begin(self, limits: RunCgroupLimits) -> None:
        if fs.pread_int(self._pids_current):  # never the case after a clean run: its pid namespace is gone
            fs.kill_members(self._dirs["pids"], time.monotonic() + _EMPTY_TIMEOUT_S)
            for directory in self._dirs.values():
                fs.kill_members(directory, time.monotonic() + _EMPTY_TIMEOUT_S)
        fs.pwrite_text(self._max_usage, "0")  # the peak restarts from what is charged now
        left = fs.pread_int(self._max_usage)
        if left > RENEW_BYTES:
            self.remove()
            self._open()
            fs.pwrite_text(self._max_usage, "0")
            left = fs.pread_int(self._max_usage)
        self._apply(RunCgroupLimits(limits.memory_bytes + left, limits.pids))
        self._baseline = left
        self._oom_base = fs.field(os.pread(self._oom, 4096, 0).decode(), "oom_kill")
        fs.pwrite_text(self._cpu, "0")

    def _apply(self, limits: RunCgroupLimits) -> None:
        old = self._limits
        if old is None or old.memory_bytes != limits.memory_bytes:
            # memsw may never be below the memory limit: raise it first, lower it last (a new cgroup's
            # limits are both unlimited, so its first limits lower them)
            raising = old is not None and limits.memory_bytes > old.memory_bytes
            value = str(limits.memory_bytes)
            if self._memsw and raising:
                fs.pwrite_text(self._memsw_limit, value)
            fs.pwrite_text(self._limit, value)
            if self._memsw and not raising:
                fs.pwrite_text(self._memsw_limit, value)
        if old is None or old.pids != limits.pids:
            fs.pwrite_text(self._pids_max, str(limits.pids))
        self._limits = limits

    def limit(self, limits: RunCgroupLimits) -> None:
        self.begin(limits)

    def usage(self) -> CgroupUsage:
        oom = fs.field(os.pread(self._oom, 4096, 0).decode(), "oom_kill")
        return self._usage(fs.pread_int(self._cpu) // 1_000_000, fs.pread_int(self._max_usage), oom)

    def usage_from(self, cpu_us: int, peak_bytes: int, oom_kills: int) -> CgroupUsage:
        if cpu_us < 0 or peak_bytes < 0 or oom_kills < 0:
            raise OSError("the zygote could not read the slot's cgroup counters")
        return self._usage(cpu_us // 1000, peak_bytes, oom_kills)  # floor(floor(ns/1e3)/1e3) = floor(ns/1e6)

    def _usage(self, cpu_ms: int, peak_bytes: int, oom_kills: int) -> CgroupUsage:
        return CgroupUsage(
            cpu_ms=cpu_ms,
            memory_kib=max(0, peak_bytes - self._baseline) // 1024,
            oom_kills=oom_kills - self._oom_base,
        )

    def remove(self) -> None:
        self._close_fds()
        for directory in self._dirs.values():
            fs.kill_and_rmdir(directory, kill_file=False)


class CgroupsV1:
    version = 1

    def __init__(self, mountinfo: str, proc_cgroup: str, cores: list[int] | None) -> None:
        own = fs.own_paths(proc_cgroup)
        mounts = {opt: m for m in fs.mounts(mountinfo) if m.fstype == "cgroup" for opt in m.options}
        missing = [c for c in _CONTROLLERS if c not in mounts or c not in own]
        if missing:
            raise CgroupUnavailableError(f"cgroup v1 controllers not mounted: {', '.join(missing)}")
        self._parents: dict[str, Path] = {}
        self._slot_cpusets: list[str] = []
        self._counter = 0
        self._slots: dict[int, _V1Slot] = {}
        wanted = list(_CONTROLLERS) + (["cpuset"] if cores and "cpuset" in mounts else [])
        for controller in wanted:
            base = fs.inside(mounts[controller], own[controller])
            try:
                fs.remove_stale(base, kill_file=False)
                parent = base / own_cgroup_name()
                parent.mkdir(exist_ok=True)
            except OSError as error:
                self.close()
                raise CgroupUnavailableError(f"cannot create cgroups under {base}: {error}") from error
            self._parents[controller] = parent
        if "cpuset" in self._parents and cores:
            parent = self._parents["cpuset"]
            base = parent.parent
            fs.write(parent / "cpuset.cpus", fs.read(base / "cpuset.cpus").strip())
            fs.write(parent / "cpuset.mems", fs.read(base / "cpuset.mems").strip())
            for slot, core in enumerate(cores):
                directory = parent / f"slot-{slot}"
                directory.mkdir(exist_ok=True)
                fs.write(directory / "cpuset.cpus", str(core))
                fs.write(directory / "cpuset.mems", fs.read(parent / "cpuset.mems").strip())
                self._slot_cpusets.append(str(directory / JOIN_FILE))

    def create(self, slot: int) -> RunCgroup:
        self._counter += 1
        name = f"run-{slot}-{self._counter}"
        dirs = {c: self._parents[c] / name for c in _CONTROLLERS}
        extra = [self._slot_cpusets[slot]] if slot < len(self._slot_cpusets) else []
        try:
            return _V1Run(dirs, extra)
        except OSError:
            for directory in dirs.values():
                fs.kill_and_rmdir(directory, kill_file=False)
            raise

    def for_slot(self, slot: int) -> SlotCgroup:
        found = self._slots.get(slot)
        if found is None:
            dirs = {c: self._parents[c] / f"slot-{slot}" for c in _CONTROLLERS}
            extra = [self._slot_cpusets[slot]] if slot < len(self._slot_cpusets) else []
            try:
                found = self._slots[slot] = _V1Slot(dirs, extra)
            except OSError:
                for directory in dirs.values():
                    fs.kill_and_rmdir(directory, kill_file=False)
                raise
        return found

    def close(self) -> None:
        for slot in self._slots.values():
            slot.remove()
        self._slots.clear()
        for parent in self._parents.values():
            fs.kill_and_rmdir(parent, kill_file=False)

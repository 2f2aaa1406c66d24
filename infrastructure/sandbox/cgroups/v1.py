"""Cgroup v1: one hierarchy per controller (memory, pids, cpuacct, optionally cpuset for pinned slots).

The run's init joins through the v1 `tasks` files, not `cgroup.procs`: writing `cgroup.procs` moves a whole
thread group and takes the global threadgroup lock for writing, which waits for an RCU grace period
(6-28 ms) whenever the previous cgroup write is older than about one grace period: every run that follows a
pause in the worker paid it. A `tasks` write moves one thread and skips that lock; the init is
single-threaded and everything it forks inherits its cgroups, so the result is the same.
"""

from pathlib import Path

from infrastructure.sandbox.cgroups import files as fs
from infrastructure.sandbox.cgroups.base import (
    CPU_V1_NS,
    CgroupUnavailableError,
    CgroupUsage,
    RunCgroup,
    RunCgroupLimits,
    own_cgroup_name,
)

_CONTROLLERS = ("memory", "pids", "cpuacct")
JOIN_FILE = "tasks"  # see the module's docstring


class _V1Run:
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

    @property
    def cpu_path(self) -> str:
        return str(self._dirs["cpuacct"] / "cpuacct.usage")

    @property
    def cpu_kind(self) -> int:
        return CPU_V1_NS

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

    def close(self) -> None:
        for parent in self._parents.values():
            fs.kill_and_rmdir(parent, kill_file=False)

"""What a run's cgroup is to the sandbox: limits in, kernel counters out, on either hierarchy."""

import itertools
import os
from dataclasses import dataclass
from typing import Protocol

CPU_V1_NS = 1  # cpuacct.usage, nanoseconds
CPU_V2_STAT = 2  # cpu.stat usage_usec
PREFIX = "sandbox-"  # our cgroup is `sandbox-<worker pid>-<n>`: a dead worker's is recognisable
_SANDBOXES = itertools.count()


def own_cgroup_name() -> str:
    """A name for one sandbox's parent cgroup: the pid makes a dead worker's recognisable, the counter
    keeps two sandboxes of one process (tests, a rebuilt sandbox) from sharing and removing each other's."""
    return f"{PREFIX}{os.getpid()}-{next(_SANDBOXES)}"


def owner_pid(name: str) -> str:
    """The pid part of a sandbox cgroup's name (`sandbox-<pid>` or `sandbox-<pid>-<n>`)."""
    return name[len(PREFIX) :].split("-", 1)[0]


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


class SlotCgroup(RunCgroup, Protocol):
    """A slot's cgroup, kept for all its runs: `begin` before each one checks that no process is left in it,
    applies the run's limits and resets its counters; `usage` then counts that run only (what earlier runs
    left charged, page cache and kernel objects, is measured at `begin` and subtracted)."""

    @property
    def zygote_fds(self) -> tuple[int, list[int]]:
        """A number that changes when the files do (the cgroups were made anew), and the files the zygote
        holds for the slot's runs: the CPU counter, the memory peak, the OOM counter, then the join files."""
        ...

    def begin(self, limits: RunCgroupLimits) -> None: ...

    def usage_from(self, cpu_us: int, peak_bytes: int, oom_kills: int) -> CgroupUsage:
        """This run's usage from the counters as the zygote read them after it (see `usage`)."""
        ...


class Cgroups(Protocol):
    @property
    def version(self) -> int: ...

    def for_slot(self, slot: int) -> SlotCgroup | None:
        """The slot's reusable cgroup, made on first use; None where each run gets a fresh one (`create`)."""
        ...

    def create(self, slot: int) -> RunCgroup:
        """An empty cgroup for one run of `slot`; `limit` it before use, `remove` it after."""
        ...

    def close(self) -> None: ...

"""One run in a slot: a run spec in; a fresh cgroup, the zygote's run and the classified report out."""

import asyncio
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from application.judging.sandbox import RunLimits, RunReport
from application.judging.verdicts import KernelFacts, internal_report, run_outcome
from infrastructure.sandbox import box as boxfs
from infrastructure.sandbox.cgroups import Cgroups, CgroupUsage, RunCgroup, RunCgroupLimits, SlotCgroup
from infrastructure.sandbox.isolation import Isolation
from infrastructure.sandbox.slots import Slot, SlotPool
from infrastructure.sandbox.wire import RunOrder, RunReply
from infrastructure.sandbox.zygote import ZygoteError, close_fds, open_fds

logger = logging.getLogger(__name__)


def _nothing(box_fd: int, owner: tuple[int, int]) -> None:
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Streams:
    """The program's standard streams (None: /dev/null). With `merge` stderr shares stdout's pipe and cap;
    with `truncate` output past a cap is dropped and the run goes on (a compiler), else the run is killed
    (`output_limit`)."""

    stdin: int | None = None
    stdout: int | None = None
    stderr: int | None = None
    merge: bool = False
    truncate: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RunSpec:
    """Everything one run needs. `limits` are already clamped; `runtime_processes` is what the runtime itself
    needs (the JVM's threads). `prepare` fills the box and `collect` reads it after the run, both given the
    box's directory fd (`prepare` also the slot's uid and gid, owner of what the program must write to); the
    box is emptied afterwards in any case."""

    argv: Sequence[str]
    env: Mapping[str, str]
    limits: RunLimits
    runtime_processes: int = 1
    streams: Streams = field(default_factory=Streams)
    prepare: Callable[[int, tuple[int, int]], None] = _nothing
    collect: Callable[[int], None] | None = None
    read_only_box: bool = False  # the program may not create files in its working directory
    # With a read-only box: a name for exactly what `prepare` puts in it (e.g. an artifact's key). A run with
    # the same name in the slot next finds the box as `prepare` left it (the zygote did not empty it: the
    # program could not change it), and `prepare` is skipped; any other run empties it first.
    keep: str | None = None
    kept_files: tuple[str, ...] = ()  # with `keep`: what `prepare` made, parents first, directories end in /


@dataclass(frozen=True, slots=True)
class RunResult:
    report: RunReport
    stdout_bytes: int = 0  # written by the program, kept or not


def kernel_facts(reply: RunReply, usage: CgroupUsage | None) -> KernelFacts:
    """The zygote's reply and the cgroup's counters; `wait4` numbers only when there is no cgroup."""
    return KernelFacts(
        end=reply.status,
        exit_code=reply.code,
        signal=reply.sig,
        killed=reply.killed,
        cpu_ms=usage.cpu_ms if usage is not None else reply.ru_cpu_us // 1000,
        wall_ms=reply.wall_us // 1000,
        memory_kib=usage.memory_kib if usage is not None else reply.ru_maxrss_kib,
        oom_kills=usage.oom_kills if usage is not None else 0,
        setup_error=reply.err,
        sink_error=reply.sink_error,
    )


@dataclass(slots=True)
class _Accounting:
    """A run's cgroup and the fds the zygote needs for it: cgroup.procs files to join, the CPU counter."""

    cgroup: RunCgroup | None = None
    procs_fds: list[int] = field(default_factory=list)
    cpu_fd: int | None = None
    owned: bool = True  # a run's own cgroup and fds, removed after it (not a slot's, which is kept)
    slot: SlotCgroup | None = None  # the slot's cgroups, which its zygote holds, joins and reads

    def usage(self, reply: RunReply) -> CgroupUsage | None:
        if self.slot is not None:
            return self.slot.usage_from(reply.cg_cpu_us, reply.cg_mem_peak, reply.cg_oom_kills)
        return self.cgroup.usage() if self.cgroup is not None else None

    def close(self) -> None:
        if not self.owned:
            self.cgroup = self.slot = None
            return
        close_fds([*self.procs_fds, *([self.cpu_fd] if self.cpu_fd is not None else [])])
        self.procs_fds, self.cpu_fd = [], None
        if self.cgroup is not None:
            try:
                self.cgroup.remove()
            except OSError:
                logger.exception("could not remove a run cgroup")
            self.cgroup = None


class Runner:
    def __init__(self, pool: SlotPool, cgroups: Cgroups | None, isolation: Isolation) -> None:
        self._pool = pool
        self._cgroups = cgroups
        self._isolation = isolation
        self.started = 0  # runs begun (compilations, programs, checkers), for tests and metrics
        self._null_read = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
        self._null_write = os.open(os.devnull, os.O_WRONLY | os.O_CLOEXEC)

    def close(self) -> None:
        close_fds([self._null_read, self._null_write])
        self._null_read = self._null_write = -1

    def failed(self, reason: str) -> RunResult:
        return RunResult(internal_report(reason, isolated=self._isolation.isolated))

    async def run(self, spec: RunSpec) -> RunResult:
        self.started += 1
        try:
            slot = await self._pool.acquire()
        except (OSError, ZygoteError) as error:
            return self.failed(f"sandbox slot could not be restarted: {error}")
        try:
            return await self._run_in(slot, spec)
        finally:
            self._pool.release(slot)

    async def run_in(self, slot: Slot, spec: RunSpec) -> RunResult:
        """A run in a slot the caller already holds (an interactive run holds two at once)."""
        return await self._run_in(slot, spec)

    async def _run_in(self, slot: Slot, spec: RunSpec) -> RunResult:
        accounting = _Accounting()
        box_fd = -1
        cleaned = False
        clean = self._isolation.cleans_with_reply and spec.collect is None
        keep = spec.keep if clean and spec.read_only_box else None
        try:
            kept, slot.kept = slot.kept, None  # set again only once this run's reply is in
            if kept is not None and kept != keep:
                box_fd = await self._discard(slot)
            # Creating cgroups in a background thread was tried: it contends with the run's own cgroup
            # attach on the kernel's cgroup mutex and made runs slower, so it stays inline.
            self._account(slot, spec, accounting)
            if kept is None or kept != keep:
                if box_fd < 0:
                    box_fd = boxfs.open_dir(slot.box)
                spec.prepare(box_fd, slot.owner)
            try:
                if accounting.slot is not None:
                    generation, fds = accounting.slot.zygote_fds
                    if slot.cgroups_sent != generation:  # once per zygote and per renewal of the cgroups
                        await slot.zygote.set_cgroups(accounting.slot.cpu_kind, fds)
                        slot.cgroups_sent = generation
                order = self._order(slot, spec, accounting, clean=clean, keep=keep is not None)
                reply = await slot.zygote.run(order)
            except ZygoteError as error:
                await slot.zygote.close()
                return self.failed(f"sandbox zygote failed: {error}")
            except asyncio.CancelledError:
                # The caller gave up on this run, but the zygote would still answer it later and a next run
                # in the slot would read that stale reply. Killing the zygote ends every process of the run
                # at once (they live in its pid namespace); the slot restarts on its next use.
                await slot.zygote.close()
                raise
            cleaned = clean
            facts = kernel_facts(reply, accounting.usage(reply))
            report = run_outcome(facts, spec.limits, isolated=self._isolation.isolated)
            if spec.collect is not None:
                spec.collect(box_fd)
            if reply.reset_error:
                await slot.zygote.close()
            elif keep is not None:
                slot.kept, slot.kept_files = keep, spec.kept_files
            return RunResult(report, reply.out_bytes)
        except (OSError, boxfs.BoxPathError) as error:
            logger.exception("sandbox run failed")
            return self.failed(f"{type(error).__name__}: {error}")
        finally:
            if box_fd >= 0:
                os.close(box_fd)
            if not cleaned:
                await self._isolation.empty_box(slot.zygote, slot.box)
            accounting.close()

    async def _discard(self, slot: Slot) -> int:
        """Removes what an earlier run kept in the box (its own files, which a read-only run cannot have
        changed: no zygote round trip needed); the box's fd. Anything unexpected: the zygote empties it."""
        box_fd = boxfs.open_dir(slot.box)
        try:
            for name in reversed(slot.kept_files):
                if name.endswith("/"):
                    os.rmdir(name.rstrip("/"), dir_fd=box_fd)
                else:
                    os.unlink(name, dir_fd=box_fd)
            if not os.listdir(box_fd):
                return box_fd
        except OSError:
            pass
        os.close(box_fd)
        await self._isolation.empty_box(slot.zygote, slot.box)
        return -1

    def _account(self, slot: Slot, spec: RunSpec, accounting: _Accounting) -> None:
        """A fresh, limited cgroup for the run, in `accounting` (which the caller closes, also on error)."""
        if self._cgroups is None:
            return
        pids = max(spec.limits.processes, spec.runtime_processes) + 1  # +1: the run's init
        limits = RunCgroupLimits(spec.limits.memory_kib * 1024, pids)
        kept = self._cgroups.for_slot(slot.index)
        if kept is not None:
            kept.begin(limits)
            accounting.cgroup, accounting.owned, accounting.slot = kept, False, kept
            return
        accounting.cgroup = cgroup = self._cgroups.create(slot.index)
        cgroup.limit(limits)
        accounting.procs_fds = open_fds(cgroup.procs_paths, os.O_WRONLY)
        accounting.cpu_fd = os.open(cgroup.cpu_path, os.O_RDONLY | os.O_CLOEXEC)

    def _order(
        self, slot: Slot, spec: RunSpec, accounting: _Accounting, *, clean: bool, keep: bool
    ) -> RunOrder:
        limits, streams = spec.limits, spec.streams
        return RunOrder(
            cpu_ms=limits.cpu_ms,
            wall_ms=limits.wall_ms,
            file_size=limits.file_size_bytes,
            open_files=limits.open_files,
            # Unlimited, not the memory limit: the main thread may still grow until the memory cgroup
            # stops it, and glibc then gives threads created without a size its platform default
            # (2 MiB on x86-64) instead of a stack as large as RLIMIT_STACK.
            stack=limits.stack_kib * 1024 if limits.stack_kib else -1,
            stdout_cap=limits.stdout_bytes,
            stderr_cap=limits.stderr_bytes,
            ncpu=slot.cpus,
            merge=streams.merge,
            truncate=streams.truncate,
            cpu_kind=accounting.cgroup.cpu_kind if accounting.cgroup is not None else 0,
            clean=clean,
            ro_box=spec.read_only_box,
            keep_box=keep,
            slot_cgroups=accounting.slot is not None,
            argv=spec.argv,
            env=spec.env,
            stdin_fd=self._null_read if streams.stdin is None else streams.stdin,
            stdout_fd=self._null_write if streams.stdout is None else streams.stdout,
            stderr_fd=self._null_write if streams.stderr is None else streams.stderr,
            cpu_fd=accounting.cpu_fd,
            cgroup_fds=accounting.procs_fds,
        )

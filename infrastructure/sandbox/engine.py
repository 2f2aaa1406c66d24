"""The sandbox behind `application.judging.sandbox.Sandbox`: slots of bubblewrap-built namespaces with a
zygote each, per-run cgroups for limits and accounting, a box per run, a compile cache."""

import asyncio
import contextlib
import glob
import logging
import os
import re
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from application.judging.sandbox import (
    CompileRequest,
    CompileResult,
    ExecuteRequest,
    ExecuteResult,
    Outcome,
    RunLimits,
    RunReport,
    Sandbox,
    SourceFile,
    TimeLimitKind,
)
from domain.languages.commands import entry_point, render
from domain.languages.entities import Language, LanguageSpec
from domain.languages.exceptions import EntryPointNotFoundError
from domain.languages.specs import SPECS_BY_ID
from infrastructure.sandbox import box as boxfs
from infrastructure.sandbox.cache import Artifact, CompileCache, cache_key
from infrastructure.sandbox.cgroups import Cgroups, CgroupUsage, RunCgroup, RunCgroupLimits
from infrastructure.sandbox.config import SandboxConfig
from infrastructure.sandbox.toolchains import toolchain_prefix
from infrastructure.sandbox.zygote import RunOrder, RunReply, Zygote, ZygoteError, close_fds, open_fds

logger = logging.getLogger(__name__)

COMPILER_OUTPUT_CAP = 64 * 1024
COLLECT_CAP = 1024 * 1024
_BASE_PATH = "/usr/local/bin:/usr/bin:/bin"
_ZYGOTE_CAPS = ("CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_DAC_OVERRIDE", "CAP_FOWNER")
_SIGNALS_AS_TIME_LIMIT = {signal.SIGXCPU}
_SIGNALS_AS_OUTPUT_LIMIT = {signal.SIGXFSZ}


@dataclass(slots=True)
class _Slot:
    index: int
    core: int | None
    zygote: Zygote


@dataclass(frozen=True, slots=True)
class _RunResult:
    report: RunReport
    reply: RunReply | None


def _clamp(limits: RunLimits, maximum: RunLimits) -> RunLimits:
    return RunLimits(
        cpu_ms=max(1, min(limits.cpu_ms, maximum.cpu_ms)),
        wall_ms=max(1, min(limits.wall_ms, maximum.wall_ms)),
        memory_kib=max(1024, min(limits.memory_kib, maximum.memory_kib)),
        processes=max(1, min(limits.processes, maximum.processes)),
        stdout_bytes=max(0, min(limits.stdout_bytes, maximum.stdout_bytes)),
        stderr_bytes=max(0, min(limits.stderr_bytes, maximum.stderr_bytes)),
        file_size_bytes=max(0, min(limits.file_size_bytes, maximum.file_size_bytes)),
        open_files=max(8, min(limits.open_files, maximum.open_files)),
        stack_kib=max(0, min(limits.stack_kib, maximum.stack_kib)),
    )


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"SIG{number}"


def classify(reply: RunReply, usage: CgroupUsage | None, limits: RunLimits, *, isolated: bool) -> RunReport:
    """The verdict from kernel facts: the OOM counter, cgroup CPU time, the zygote's kill reason, the status.

    Precedence: our own failures, then memory (an OOM kill is certain), output caps, CPU, wall, then how the
    program ended.
    """
    cpu_ms = usage.cpu_ms if usage is not None else reply.ru_cpu_us // 1000
    exited = reply.status == "exited"
    signalled = reply.sig if reply.status == "signaled" else 0

    def report(outcome: Outcome, kind: TimeLimitKind | None = None, reason: str | None = None) -> RunReport:
        return RunReport(
            outcome=outcome,
            time_limit_kind=kind,
            cpu_ms=cpu_ms,
            wall_ms=reply.wall_us // 1000,
            memory_kib=usage.memory_kib if usage is not None else reply.ru_maxrss_kib,
            exit_code=reply.code if exited else None,
            signal=_signal_name(signalled) if signalled else None,
            internal_reason=reason,
            isolated=isolated,
        )

    if reply.status == "setup_error":
        return report(Outcome.INTERNAL_ERROR, reason=f"sandbox setup: {reply.err}")
    if reply.sink_error:
        return report(Outcome.INTERNAL_ERROR, reason=f"output sink: {reply.sink_error}")
    if usage is not None and usage.oom_kills > 0:
        return report(Outcome.MEMORY_LIMIT)
    if reply.killed in ("stdout", "stderr"):
        return report(Outcome.OUTPUT_LIMIT)
    if reply.killed == "cpu" or cpu_ms > limits.cpu_ms or signalled in _SIGNALS_AS_TIME_LIMIT:
        return report(Outcome.TIME_LIMIT, TimeLimitKind.CPU)
    if reply.killed == "wall":
        return report(Outcome.TIME_LIMIT, TimeLimitKind.WALL)
    if signalled in _SIGNALS_AS_OUTPUT_LIMIT:
        return report(Outcome.OUTPUT_LIMIT)
    if signalled or (exited and reply.code != 0):
        return report(Outcome.RUNTIME_ERROR)
    if not exited:
        return report(Outcome.INTERNAL_ERROR, reason="the run ended without a status")
    return report(Outcome.OK)


def _internal(reason: str, isolated: bool) -> RunReport:
    return RunReport(outcome=Outcome.INTERNAL_ERROR, internal_reason=reason, isolated=isolated)


_JAVA_PUBLIC_CLASS = re.compile(
    r"^\s*public\s+(?:(?:final|abstract)\s+)*(?:class|interface|enum|record)\s+(\w+)", re.MULTILINE
)


def _java_file_name(name: str, text: str) -> str:
    """javac insists a public class lives in <Class>.java; contestants name their files anything."""
    match = _JAVA_PUBLIC_CLASS.search(text)
    if match is None or "/" in name:
        return name
    return f"{match.group(1)}.java"


class SandboxUnavailableError(RuntimeError):
    """No isolation is possible here; the message says why."""


class IsolatedSandbox(Sandbox):
    """Use `create_sandbox` (in infrastructure.sandbox) to build and start one; `close()` when done."""

    def __init__(
        self, config: SandboxConfig, languages: Sequence[Language], cgroups: Cgroups | None, *, secure: bool
    ) -> None:
        self._config = config
        self._languages = {language.id: language for language in languages}
        self._cgroups = cgroups
        self._secure = secure
        self._cache = CompileCache(config.root / "cache")
        self._slots: list[_Slot] = []
        self._free: asyncio.Queue[_Slot] = asyncio.Queue()
        self._null_read = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
        self._null_write = os.open(os.devnull, os.O_WRONLY | os.O_CLOEXEC)
        self._cores = self._plan_cores()
        self._ncpu = len(os.sched_getaffinity(0))

    @property
    def isolated(self) -> bool:
        return self._secure

    @property
    def cgroup_version(self) -> int | None:
        return self._cgroups.version if self._cgroups is not None else None

    @property
    def slot_count(self) -> int:
        return len(self._slots)

    @property
    def zygote_pids(self) -> list[int]:
        """Host pids of the slots' zygotes; between runs they have no children."""
        return [slot.zygote.pid for slot in self._slots]

    def _slot_total(self) -> int:
        return self._config.slots or len(os.sched_getaffinity(0))

    def _plan_cores(self) -> list[int] | None:
        cores = sorted(os.sched_getaffinity(0))
        if not self._config.pin_cpus or len(cores) < self._slot_total():
            return None
        return cores[: self._slot_total()]

    @property
    def cores(self) -> list[int] | None:
        return self._cores

    # --- lifecycle

    def _bwrap_argv(self) -> list[str]:
        argv = [
            self._config.bwrap,
            "--unshare-net",
            "--unshare-uts",
            "--unshare-ipc",
            "--unshare-pid",
            "--hostname",
            "sandbox",
            "--die-with-parent",
            "--new-session",
            "--clearenv",
        ]
        for cap in _ZYGOTE_CAPS:
            argv += ["--cap-add", cap]
        for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
            path = "/" + name
            if os.path.islink(path):
                argv += ["--symlink", os.readlink(path), path]
            elif os.path.isdir(path):
                argv += ["--ro-bind", path, path]
        mounted: list[str] = []
        created: set[str] = set()

        def bind(path: str) -> None:
            # bwrap would create missing parents with mode 0700, which the sandbox user could not traverse
            parents = [str(p) for p in reversed(Path(path).parents) if str(p) != "/"]
            for parent in parents:
                if parent not in created:
                    created.add(parent)
                    argv.extend(["--perms", "0755", "--dir", parent])
            mounted.append(path)
            argv.extend(["--ro-bind", path, path])

        for pattern in self._config.host_paths:
            for path in sorted(glob.glob(pattern)):
                bind(path)
        for language in self._languages.values():
            for tool in language.tools.values():
                prefix = toolchain_prefix(tool)
                if prefix and not any(prefix == m or prefix.startswith(m + "/") for m in mounted):
                    bind(prefix)
        argv += [
            "--dev",
            "/dev",
            "--proc",
            "/proc",
            "--dir",
            "/box",
            "--dir",
            "/tmp",
            "--ro-bind",
            str(self._config.helper),
            "/.sbx",
            "--chdir",
            "/",
            "--",
        ]
        return argv

    async def _start_slot(self, index: int) -> _Slot:
        slot_dir = self._config.root / "slots" / str(index)
        slot_dir.mkdir(parents=True, exist_ok=True)
        box = slot_dir / "box"
        if self._secure:
            zygote = await Zygote.start(
                self._bwrap_argv(),
                "/.sbx",
                secure=True,
                uid=self._config.uid,
                gid=self._config.gid,
                box="/box",
                tmpfs_bytes=self._config.box_bytes,
                log_path=slot_dir / "zygote.log",
            )
        else:
            box.mkdir(exist_ok=True)
            fd = boxfs.open_dir(str(box))
            try:
                boxfs.empty_dir(fd)
            finally:
                os.close(fd)
            zygote = await Zygote.start(
                [],
                str(self._config.helper),
                secure=False,
                uid=os.getuid(),
                gid=os.getgid(),
                box=str(box),
                tmpfs_bytes=0,
                log_path=slot_dir / "zygote.log",
            )
        core = self._cores[index] if self._cores else None
        return _Slot(index=index, core=core, zygote=zygote)

    async def start(self) -> None:
        try:
            for index in range(self._slot_total()):
                slot = await self._start_slot(index)
                self._slots.append(slot)
                self._free.put_nowait(slot)
        except (OSError, ZygoteError) as error:
            await self.close()
            raise SandboxUnavailableError(str(error)) from error

    async def close(self) -> None:
        for slot in self._slots:
            await slot.zygote.close()
        self._slots.clear()
        if self._cgroups is not None:
            self._cgroups.close()
            self._cgroups = None
        close_fds([self._null_read, self._null_write])
        self._null_read = self._null_write = -1

    def prune_cache(self, max_bytes: int, idle_seconds: float) -> int:
        """Bounds the compile cache (see CompileCache.prune); blocking, run it in a thread."""
        return self._cache.prune(max_bytes, idle_seconds)

    async def _acquire(self) -> _Slot:
        slot = await self._free.get()
        if not slot.zygote.alive:
            try:
                await slot.zygote.close()
                slot = await self._start_slot(slot.index)
            except BaseException:
                self._free.put_nowait(slot)  # still dead: the next run tries to restart it again
                raise
            self._slots[slot.index] = slot
        return slot

    # --- one run

    def _env(self, extra: dict[str, str], tools: dict[str, str]) -> dict[str, str]:
        bins = [os.path.dirname(t) for t in tools.values() if toolchain_prefix(t)]
        home = "/box" if self._secure else str(self._config.root)
        env = {
            "PATH": ":".join([*dict.fromkeys(bins), _BASE_PATH]),
            "LANG": "C.UTF-8",
            "HOME": home,
            "TMPDIR": "/tmp",
        }
        env.update(self._config.extra_env)
        env.update(extra)
        return env

    async def _run(
        self,
        *,
        argv: Sequence[str],
        env: dict[str, str],
        limits: RunLimits,
        runtime_processes: int,
        stdin_fd: int,
        stdout_fd: int,
        stderr_fd: int,
        merge: bool,
        truncate: bool,
        prepare: Callable[[int], None],
        collect: Callable[[int], None] | None,
    ) -> _RunResult:
        try:
            slot = await self._acquire()
        except (OSError, ZygoteError) as error:
            return _RunResult(_internal(f"sandbox slot could not be restarted: {error}", self._secure), None)
        try:
            return await self._run_in(
                slot,
                argv=argv,
                env=env,
                limits=limits,
                runtime_processes=runtime_processes,
                stdin_fd=stdin_fd,
                stdout_fd=stdout_fd,
                stderr_fd=stderr_fd,
                merge=merge,
                truncate=truncate,
                prepare=prepare,
                collect=collect,
            )
        finally:
            self._free.put_nowait(slot)

    async def _run_in(
        self,
        slot: _Slot,
        *,
        argv: Sequence[str],
        env: dict[str, str],
        limits: RunLimits,
        runtime_processes: int,
        stdin_fd: int,
        stdout_fd: int,
        stderr_fd: int,
        merge: bool,
        truncate: bool,
        prepare: Callable[[int], None],
        collect: Callable[[int], None] | None,
    ) -> _RunResult:
        isolated = self._secure
        memory_bytes = limits.memory_kib * 1024
        run_cgroup: RunCgroup | None = None
        fds: list[int] = []
        box_fd = -1
        try:
            # Creating cgroups in a background thread was tried: it contends with the run's own cgroup
            # attach on the kernel's cgroup mutex and made runs slower, so it stays inline.
            run_cgroup = self._cgroups.create(slot.index) if self._cgroups is not None else None
            if run_cgroup is not None:
                pids = max(limits.processes, runtime_processes) + 1  # +1: the run's init
                run_cgroup.limit(RunCgroupLimits(memory_bytes, pids))
                fds = open_fds(run_cgroup.procs_paths, os.O_WRONLY)
                cpu_fd = os.open(run_cgroup.cpu_path, os.O_RDONLY | os.O_CLOEXEC)
                fds.append(cpu_fd)
            box_fd = boxfs.open_dir(slot.zygote.box_path)
            prepare(box_fd)
            order = RunOrder(
                argv=argv,
                env=env,
                stdin_fd=stdin_fd,
                stdout_fd=stdout_fd,
                stderr_fd=stderr_fd,
                cpu_fd=fds[-1] if run_cgroup else None,
                cpu_kind=run_cgroup.cpu_kind if run_cgroup else 0,
                cgroup_fds=fds[:-1] if run_cgroup else [],
                cpu_ms=limits.cpu_ms,
                wall_ms=limits.wall_ms,
                file_size=limits.file_size_bytes,
                open_files=limits.open_files,
                stack=limits.stack_kib * 1024 if limits.stack_kib else memory_bytes,
                stdout_cap=limits.stdout_bytes,
                stderr_cap=limits.stderr_bytes,
                ncpu=1 if slot.core is not None else self._ncpu,
                merge=merge,
                truncate=truncate,
                clean=collect is None and self._secure,
            )
            try:
                reply = await slot.zygote.run(order)
            except ZygoteError as error:
                await slot.zygote.close()
                return _RunResult(_internal(f"sandbox zygote failed: {error}", isolated), None)
            except asyncio.CancelledError:
                # The caller gave up on this run, but the zygote would still answer it later and a next run
                # in the slot would read that stale reply. Killing the zygote ends every process of the run
                # at once (they live in its pid namespace); the slot restarts on its next use.
                await asyncio.shield(slot.zygote.close())
                raise
            usage = run_cgroup.usage() if run_cgroup is not None else None
            report = classify(reply, usage, limits, isolated=isolated)
            if collect is not None:
                collect(box_fd)
            if reply.reset_error:
                await slot.zygote.close()
            return _RunResult(report, reply)
        except (OSError, boxfs.BoxPathError) as error:
            logger.exception("sandbox run failed")
            return _RunResult(_internal(f"{type(error).__name__}: {error}", isolated), None)
        finally:
            if box_fd >= 0:
                if not self._secure:
                    with contextlib.suppress(OSError):
                        boxfs.empty_dir(box_fd)
                os.close(box_fd)
            close_fds(fds)
            if collect is not None and self._secure and slot.zygote.alive:
                try:
                    await slot.zygote.clean()
                except ZygoteError:
                    await slot.zygote.close()
            if run_cgroup is not None:
                try:
                    run_cgroup.remove()
                except OSError:
                    logger.exception("could not remove a run cgroup")

    # --- the port

    def _language(self, language: Language) -> tuple[Language, LanguageSpec] | str:
        spec = SPECS_BY_ID.get(language.id)
        known = self._languages.get(language.id)
        if spec is None or known is None:
            return f"language {language.id!r} is not available in this sandbox"
        return language, spec

    async def compile(self, request: CompileRequest) -> CompileResult:
        found = self._language(request.language)
        if isinstance(found, str):
            return CompileResult(report=_internal(found, self.isolated), output="", artifact=None)
        language, spec = found
        key = cache_key(language, spec, request.files)
        cached = self._cache.load(key)
        if cached is not None:
            return CompileResult(
                report=cached.report, output=cached.output, artifact=key if cached.ok else None, cached=True
            )
        try:
            for source in request.files:
                boxfs.check_name(source.name)
            if not request.files:
                raise boxfs.BoxPathError("no source files")
            texts = [(s.name, s.content.decode("utf-8", errors="replace")) for s in request.files]
            main = entry_point(spec, texts)
        except (boxfs.BoxPathError, EntryPointNotFoundError) as error:
            report = RunReport(outcome=Outcome.RUNTIME_ERROR, exit_code=1, isolated=self.isolated)
            return CompileResult(report=report, output=str(error), artifact=None)
        main_file = texts[0][0]
        main_class = main if spec.entry_point == "java_main_class" else ""
        names = [s.name for s in request.files]
        if spec.entry_point == "java_main_class":
            names = [_java_file_name(name, text) for name, text in texts]
        sources = [SourceFile(name=n, content=s.content) for n, s in zip(names, request.files, strict=True)]
        run_argv = render(
            spec.run, tools=language.tools, sources=names, main=main_file, main_class=main_class
        )
        env = self._env(dict(spec.env), language.tools)
        staging = self._cache.staging()

        def prepare(box_fd: int) -> None:
            for source in sources:
                boxfs.write_file(box_fd, source.name, source.content)

        if spec.compile is None:
            (staging / "files").mkdir()
            files_fd = boxfs.open_dir(str(staging / "files"))
            try:
                prepare(files_fd)
            finally:
                os.close(files_fd)
            report = RunReport(outcome=Outcome.OK, isolated=self.isolated)
            artifact = Artifact(
                key=key,
                ok=True,
                output="",
                report=report,
                run=tuple(run_argv),
                env=env,
                processes=spec.run_processes,
            )
            self._cache.store(artifact, staging)
            return CompileResult(report=report, output="", artifact=key)

        compile_argv = render(
            spec.compile, tools=language.tools, sources=names, main=main_file, main_class=main_class
        )
        collected: list[str] = []

        def collect(box_fd: int) -> None:
            target = staging / "files"
            if spec.compiled_files == ("*",):
                boxfs.copy_tree_out(box_fd, target, self._config.box_bytes)
                return
            target.mkdir()
            target_fd = boxfs.open_dir(str(target))
            try:
                for name in spec.compiled_files:
                    data = boxfs.read_file(box_fd, name, self._config.box_bytes)
                    if data is not None:
                        boxfs.write_file(target_fd, name, data, executable=True)
                        collected.append(name)
            finally:
                os.close(target_fd)

        output_fd = os.memfd_create("compiler-output", os.MFD_CLOEXEC)
        try:
            limits = _clamp(request.limits, self._config.max_limits)
            result = await self._run(
                argv=compile_argv,
                env=env,
                limits=replace(limits, stdout_bytes=COMPILER_OUTPUT_CAP),
                runtime_processes=spec.run_processes,
                stdin_fd=self._null_read,
                stdout_fd=output_fd,
                stderr_fd=output_fd,
                merge=True,
                truncate=True,
                prepare=prepare,
                collect=collect,
            )
            output = os.pread(output_fd, COMPILER_OUTPUT_CAP, 0).decode("utf-8", errors="replace")
        finally:
            os.close(output_fd)
        report = result.report
        ok = report.outcome is Outcome.OK
        if ok and spec.compiled_files != ("*",) and len(collected) != len(spec.compiled_files):
            ok = False
            report = RunReport(
                outcome=Outcome.RUNTIME_ERROR,
                exit_code=report.exit_code,
                cpu_ms=report.cpu_ms,
                wall_ms=report.wall_ms,
                memory_kib=report.memory_kib,
                isolated=self.isolated,
            )
            output += "\nthe compiler did not produce " + ", ".join(spec.compiled_files)
        artifact = Artifact(
            key=key,
            ok=ok,
            output=output,
            report=report,
            run=tuple(run_argv),
            env=env,
            processes=spec.run_processes,
        )
        # Only deterministic results are cached: success, or the compiler rejecting the source.
        if ok or (report.outcome is Outcome.RUNTIME_ERROR and report.exit_code is not None):
            self._cache.store(artifact, staging)
        else:
            self._cache.discard(staging)
        return CompileResult(report=report, output=output, artifact=key if ok else None)

    async def execute(self, request: ExecuteRequest) -> ExecuteResult:
        artifact = self._cache.load(request.artifact)
        if artifact is None or not artifact.ok:
            return ExecuteResult(
                report=_internal("unknown artifact", self.isolated), stdout_bytes=0, stderr=b""
            )
        limits = _clamp(request.limits, self._config.max_limits)
        opened: list[int] = []
        try:
            stdin_fd = self._null_read
            if request.stdin_path is not None:
                stdin_fd = os.open(request.stdin_path, os.O_RDONLY | os.O_CLOEXEC)
                opened.append(stdin_fd)
            stdout_fd = self._null_write
            if request.stdout_path is not None:
                stdout_fd = os.open(
                    request.stdout_path,
                    os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC,
                    0o644,
                )
                opened.append(stdout_fd)
            stderr_fd = os.memfd_create("stderr", os.MFD_CLOEXEC)
            opened.append(stderr_fd)
        except OSError as error:
            close_fds(opened)
            return ExecuteResult(
                report=_internal(f"cannot open run files: {error}", self.isolated), stdout_bytes=0, stderr=b""
            )
        owner = (self._config.uid, self._config.gid) if self._secure else (os.getuid(), os.getgid())
        collected: dict[str, bytes] = {}

        def prepare(box_fd: int) -> None:
            for relative in artifact.files:
                if relative.endswith("/"):
                    boxfs.make_dir(box_fd, relative.rstrip("/"), owner)
                else:
                    boxfs.copy_file_in(box_fd, relative, artifact.directory / relative)
            for name, host_path in request.files.items():
                boxfs.copy_file_in(box_fd, name, Path(host_path))
            for name in request.dirs:
                boxfs.make_dir(box_fd, name, owner)

        def collect(box_fd: int) -> None:
            for name in request.collect:
                data = boxfs.read_file(box_fd, name, COLLECT_CAP)
                if data is not None:
                    collected[name] = data

        try:
            result = await self._run(
                argv=[*artifact.run, *request.args],
                env=artifact.env,
                limits=limits,
                runtime_processes=artifact.processes,
                stdin_fd=stdin_fd,
                stdout_fd=stdout_fd,
                stderr_fd=stderr_fd,
                merge=False,
                truncate=False,
                prepare=prepare,
                collect=collect if request.collect else None,
            )
            stderr = os.pread(stderr_fd, limits.stderr_bytes, 0) if limits.stderr_bytes else b""
        finally:
            close_fds(opened)
        written = min(result.reply.out_bytes, limits.stdout_bytes) if result.reply else 0
        return ExecuteResult(report=result.report, stdout_bytes=written, stderr=stderr, collected=collected)

"""The sandbox behind `application.judging.sandbox.Sandbox`, put together from its parts: a slot pool
(`slots.py`), a runner (`runner.py`), a compiler with its cache (`compiler.py`, `cache.py`) and the isolation
strategy (`isolation.py`). This module runs compiled artifacts (`execute`)."""

import os
from collections.abc import Sequence
from pathlib import Path

from application.judging.sandbox import (
    CompileRequest,
    CompileResult,
    ExecuteRequest,
    ExecuteResult,
    InteractiveRequest,
    InteractiveResult,
    InteractiveSandbox,
    RunLimits,
)
from application.judging.verdicts import internal_report
from domain.languages.entities import Language
from infrastructure.sandbox import box as boxfs
from infrastructure.sandbox.cache import Artifact, CompileCache
from infrastructure.sandbox.cgroups import Cgroups
from infrastructure.sandbox.compiler import Compiler
from infrastructure.sandbox.config import SandboxConfig, clamp
from infrastructure.sandbox.detached import UnnamedFiles
from infrastructure.sandbox.interactive import PairRunner, RunIn, SideStreams
from infrastructure.sandbox.isolation import Isolation
from infrastructure.sandbox.runner import Runner, RunResult, RunSpec, Streams
from infrastructure.sandbox.slots import Slot, SlotPool
from infrastructure.sandbox.zygote import ZygoteError, close_fds

COLLECT_CAP = 1024 * 1024


class SandboxUnavailableError(RuntimeError):
    """No isolation is possible here; the message says why."""


class IsolatedSandbox(InteractiveSandbox):
    """Use `create_sandbox` (in infrastructure.sandbox) to build and start one; `close()` when done."""

    def __init__(
        self,
        config: SandboxConfig,
        languages: Sequence[Language],
        cgroups: Cgroups | None,
        isolation: Isolation,
    ) -> None:
        self._config = config
        self._cgroups = cgroups
        self._isolation = isolation
        self._cache = CompileCache(config.root / "cache")
        self._pool = SlotPool(config, isolation)
        self._runner = Runner(self._pool, cgroups, isolation)
        self._pairs = PairRunner(self._pool)
        known = {language.id: language for language in languages}
        self._compiler = Compiler(self._runner, self._cache, config, isolation, known)
        self._inputs = UnnamedFiles()  # stdin files: a problem's inputs are opened once per submission

    @property
    def isolated(self) -> bool:
        return self._isolation.isolated

    @property
    def cgroup_version(self) -> int | None:
        return self._cgroups.version if self._cgroups is not None else None

    @property
    def slot_count(self) -> int:
        return len(self._pool)

    @property
    def zygote_pids(self) -> list[int]:
        """Host pids of the slots' zygotes; between runs they have no children."""
        return self._pool.zygote_pids

    @property
    def instance(self) -> int | None:
        """This sandbox's instance number on the host (None when insecure: programs run as the worker)."""
        return self._isolation.instance

    @property
    def slot_uids(self) -> list[int]:
        """The uid each slot's programs run as, by slot index."""
        return [uid for uid, _gid in self._pool.owners]

    @property
    def runs_started(self) -> int:
        """Runs begun in the slots so far: compilations, programs and checkers."""
        return self._runner.started

    @property
    def cores(self) -> list[int] | None:
        return self._pool.cores

    async def start(self) -> None:
        try:
            await self._pool.start()
        except (OSError, ZygoteError) as error:
            await self.close()
            raise SandboxUnavailableError(str(error)) from error

    async def close(self) -> None:
        await self._pool.close()
        if self._cgroups is not None:
            self._cgroups.close()
            self._cgroups = None
        self._runner.close()
        self._inputs.close()
        self._isolation.close()

    async def set_languages(self, languages: Sequence[Language]) -> None:
        """The languages it compiles from now on. When their toolchains need other mounts, every slot is
        restarted with them first (see SlotPool.restart_all), so a language is compiled only in slots that
        reach its tools."""
        if self._isolation.set_tool_paths(tool for language in languages for tool in language.tools.values()):
            await self._pool.restart_all()
        self._compiler.set_languages({language.id: language for language in languages})

    def prune_cache(self, max_bytes: int, idle_seconds: float) -> int:
        """Bounds the compile cache (see CompileCache.prune); blocking, run it in a thread."""
        return self._cache.prune(max_bytes, idle_seconds)

    async def compile(self, request: CompileRequest) -> CompileResult:
        return await self._compiler.compile(request)

    async def execute(self, request: ExecuteRequest) -> ExecuteResult:
        artifact = self._cache.load(request.artifact)
        if artifact is None or not artifact.ok:
            return self._failed("unknown artifact")
        limits = clamp(request.limits, self._config.max_limits)
        opened: list[int] = []
        try:
            stdin = stdout = None
            if request.stdin_path is not None:
                stdin = self._inputs.open(request.stdin_path)
                opened.append(stdin)
            if request.stdout_path is not None:
                flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
                stdout = os.open(request.stdout_path, flags, 0o644)
                opened.append(stdout)
            stderr = os.memfd_create("stderr", os.MFD_CLOEXEC)
            opened.append(stderr)
        except OSError as error:
            close_fds(opened)
            return self._failed(f"cannot open run files: {error}")
        collected: dict[str, bytes] = {}
        try:
            streams = Streams(stdin=stdin, stdout=stdout, stderr=stderr)
            spec = self._spec(artifact, request, streams, collected, limits)
            result = await self._runner.run(spec)
            return _result(result, limits, stderr, collected)
        finally:
            close_fds(opened)

    def _spec(
        self,
        artifact: Artifact,
        request: ExecuteRequest,
        streams: Streams,
        collected: dict[str, bytes],
        limits: RunLimits | None = None,
    ) -> RunSpec:
        """The run of `request`; the files it collects land in `collected`."""

        def collect(box_fd: int) -> None:
            for name in request.collect:
                data = boxfs.read_file(box_fd, name, COLLECT_CAP)
                if data is not None:
                    collected[name] = data

        return RunSpec(
            argv=[*artifact.run, *request.args],
            env=artifact.env,
            limits=limits or clamp(request.limits, self._config.max_limits),
            runtime_processes=artifact.processes,
            streams=streams,
            prepare=lambda box_fd, owner: self._fill_box(box_fd, owner, artifact, request),
            collect=collect if request.collect else None,
            read_only_box=not request.allow_file_writing,
            # the artifact's files stay in the box for the next run of it (only its own files: a request's
            # files are host paths whose content may change between runs)
            keep=artifact.key if not request.files and not request.dirs else None,
            kept_files=artifact.files,
        )

    async def execute_interactive(self, request: InteractiveRequest) -> InteractiveResult:
        """Both sides at once in two slots (`interactive.py`), each with its stderr and collected files."""
        sides = (request.solution, request.interactor)
        artifacts = [self._cache.load(side.artifact) for side in sides]
        if any(artifact is None or not artifact.ok for artifact in artifacts):
            failed = self._failed("unknown artifact")
            return InteractiveResult(solution=failed, interactor=failed, interactor_first=False)
        stderrs = [os.memfd_create("stderr", os.MFD_CLOEXEC) for _ in sides]
        collected: list[dict[str, bytes]] = [{}, {}]

        def side(index: int) -> RunIn:
            artifact = artifacts[index]
            assert artifact is not None

            async def run(slot: Slot, pipes: SideStreams) -> RunResult:
                streams = Streams(stdin=pipes.stdin, stdout=pipes.stdout, stderr=stderrs[index])
                spec = self._spec(artifact, sides[index], streams, collected[index])
                return await self._runner.run_in(slot, spec)

            return run

        try:
            pair = await self._pairs.run(side(0), side(1), request.transcript_bytes)
            if isinstance(pair, str):
                failed = self._failed(pair)
                return InteractiveResult(solution=failed, interactor=failed, interactor_first=False)
            results = [
                _result(run, clamp(sides[i].limits, self._config.max_limits), stderrs[i], collected[i])
                for i, run in enumerate((pair.solution, pair.interactor))
            ]
        finally:
            close_fds(stderrs)
        return InteractiveResult(
            solution=results[0],
            interactor=results[1],
            interactor_first=pair.interactor_first,
            to_interactor=pair.to_interactor,
            to_solution=pair.to_solution,
        )

    def _fill_box(
        self, box_fd: int, owner: tuple[int, int], artifact: Artifact, request: ExecuteRequest
    ) -> None:
        """The artifact's files, then the request's read-only files and writable directories (`owner`'s)."""
        for relative in artifact.files:
            if relative.endswith("/"):
                boxfs.make_dir(box_fd, relative.rstrip("/"), owner)
            else:
                boxfs.copy_file_in(box_fd, relative, artifact.directory / relative)
        for name, host_path in request.files.items():
            boxfs.copy_file_in(box_fd, name, Path(host_path))
        for name in request.dirs:
            boxfs.make_dir(box_fd, name, owner)

    def _failed(self, reason: str) -> ExecuteResult:
        return ExecuteResult(
            report=internal_report(reason, isolated=self.isolated), stdout_bytes=0, stderr=b""
        )


def _result(result: RunResult, limits: RunLimits, stderr: int, collected: dict[str, bytes]) -> ExecuteResult:
    stderr_data = os.pread(stderr, limits.stderr_bytes, 0) if limits.stderr_bytes else b""
    written = min(result.stdout_bytes, limits.stdout_bytes)
    return ExecuteResult(report=result.report, stdout_bytes=written, stderr=stderr_data, collected=collected)

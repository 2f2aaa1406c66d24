"""Compiling in the sandbox: the cache first, then the language's hook lays out the sources, the compiler
runs in a slot, and what it leaves for the run step is staged and published to the cache."""

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from application.judging.sandbox import (
    BoxFile,
    CompileRequest,
    CompileResult,
    RunLimits,
    RunOutcome,
    RunReport,
)
from application.judging.verdicts import internal_report
from domain.languages.commands import render
from domain.languages.entities import Language, LanguageSpec
from domain.languages.exceptions import EntryPointNotFoundError
from domain.languages.layouts import Layout
from domain.languages.specs import SPECS_BY_ID
from infrastructure.sandbox import box as boxfs
from infrastructure.sandbox.cache import Artifact, CompileCache, cache_key
from infrastructure.sandbox.config import SandboxConfig, clamp
from infrastructure.sandbox.isolation import Isolation
from infrastructure.sandbox.runner import Runner, RunSpec, Streams
from infrastructure.sandbox.toolchains import toolchain_prefix

_BASE_PATH = "/usr/local/bin:/usr/bin:/bin"
_WHOLE_BOX = ("*",)
_JURY_ENV = {"CPATH": "."}  # the box on the include path: `#include <testlib.h>` works as "testlib.h" does


@dataclass(frozen=True, slots=True, kw_only=True)
class _Build:
    """One compilation's plan: the sources under the names the language wants, its commands, its staging."""

    key: str
    spec: LanguageSpec
    sources: tuple[BoxFile, ...]
    extras: tuple[BoxFile, ...]
    run: tuple[str, ...]
    env: dict[str, str]
    staging: Path

    def write_sources(self, dir_fd: int, owner: tuple[int, int] | None = None) -> None:
        for source in (*self.sources, *self.extras):
            boxfs.write_file(dir_fd, source.name, source.content)

    def write_extras(self, dir_fd: int) -> None:
        for extra in self.extras:
            boxfs.write_file(dir_fd, extra.name, extra.content)

    def artifact(
        self,
        *,
        ok: bool,
        output: str,
        report: RunReport,
        timed_out_under: tuple[int, int] | None = None,
        expires_at: float | None = None,
    ) -> Artifact:
        return Artifact(
            key=self.key,
            ok=ok,
            output=output,
            report=report,
            run=self.run,
            env=self.env,
            processes=self.spec.run_processes,
            timed_out_under=timed_out_under,
            expires_at=expires_at,
        )


def _lay_out(spec: LanguageSpec, files: Sequence[BoxFile], request: CompileRequest) -> Layout:
    """Raises BoxPathError or EntryPointNotFoundError: the contestant's fault, reported as the compiler's."""
    for source in [*files, *request.extra_files]:
        boxfs.check_name(source.name)
    if not files:
        raise boxfs.BoxPathError("no source files")
    names = [f.name for f in [*files, *request.extra_files]]
    if len(set(names)) != len(names):
        raise boxfs.BoxPathError("two files have the same name")
    taken = [f.name for f in request.extra_files if f.name in spec.compiled_files]
    if taken:
        raise boxfs.BoxPathError(f"{taken[0]!r} is the name of what the compiler makes")
    if request.options and not spec.takes_compiler_options:
        raise boxfs.BoxPathError(f"{spec.name} takes no compiler options")
    texts = [(s.name, s.content.decode("utf-8", errors="replace")) for s in files]
    return spec.layout.lay_out(texts, spec.source_extensions)


def load_jury_headers(include_dir: Path) -> dict[str, tuple[BoxFile, ...]]:
    """`include_dir/<language id>/<file>`: the files a jury program of that language finds beside its
    sources. A missing directory gives none."""
    found: dict[str, tuple[BoxFile, ...]] = {}
    if not include_dir.is_dir():
        return found
    for language_dir in sorted(include_dir.iterdir()):
        if language_dir.is_dir():
            files = sorted(path for path in language_dir.iterdir() if path.is_file())
            found[language_dir.name] = tuple(BoxFile(name=f.name, content=f.read_bytes()) for f in files)
    return found


def with_jury_headers(files: Sequence[BoxFile], headers: Sequence[BoxFile]) -> list[BoxFile]:
    """The author's files, then the judge's headers they do not replace (an author's own testlib.h wins)."""
    names = {file.name for file in files}
    return [*files, *(header for header in headers if header.name not in names)]


class Compiler:
    def __init__(
        self,
        runner: Runner,
        cache: CompileCache,
        config: SandboxConfig,
        isolation: Isolation,
        languages: Mapping[str, Language],
    ) -> None:
        self._runner = runner
        self._cache = cache
        self._config = config
        self._isolation = isolation
        self._languages = languages
        self._jury_headers = load_jury_headers(config.jury_include_dir)

    def set_languages(self, languages: Mapping[str, Language]) -> None:
        self._languages = languages

    async def compile(self, request: CompileRequest) -> CompileResult:
        language = request.language
        spec = SPECS_BY_ID.get(language.id)
        isolated = self._isolation.isolated
        if spec is None or language.id not in self._languages:
            reason = f"language {language.id!r} is not available in this sandbox"
            return CompileResult(report=internal_report(reason, isolated=isolated), output="", artifact=None)
        files = request.files
        if request.jury:
            files = with_jury_headers(files, self._jury_headers.get(language.id, ()))
        key = cache_key(
            language,
            spec,
            files,
            jury=request.jury,
            options=request.options,
            extra_files=request.extra_files,
        )
        limits = clamp(request.limits, self._config.max_limits)
        cached = self._cache.load(key)
        if cached is not None and not cached.holds(limits.cpu_ms, limits.wall_ms, time.time()):
            self._cache.forget(key)
            cached = None
        if cached is not None:
            artifact = key if cached.ok else None
            return CompileResult(report=cached.report, output=cached.output, artifact=artifact, cached=True)
        try:
            layout = _lay_out(spec, files, request)
        except (boxfs.BoxPathError, EntryPointNotFoundError) as error:
            report = RunReport(outcome=RunOutcome.RUNTIME_ERROR, exit_code=1, isolated=isolated)
            return CompileResult(report=report, output=str(error), artifact=None)
        names = zip(layout.names, files, strict=True)
        build = _Build(
            key=key,
            spec=spec,
            sources=tuple(BoxFile(name=name, content=source.content) for name, source in names),
            extras=tuple(request.extra_files),
            run=tuple(render(spec.run, tools=language.tools, layout=layout)),
            env=self._env(spec, language) | (_JURY_ENV if request.jury else {}),
            staging=self._cache.staging(),
        )
        present = {*layout.names, *(extra.name for extra in build.extras)}
        if spec.compile is None or (spec.compile_when is not None and spec.compile_when not in present):
            return self._publish_sources(build)
        compile_argv = render(spec.compile, tools=language.tools, layout=layout, options=request.options)
        return await self._run_compiler(build, compile_argv, limits)

    def _env(self, spec: LanguageSpec, language: Language) -> dict[str, str]:
        bins = [os.path.dirname(t) for t in language.tools.values() if toolchain_prefix(t)]
        env = {
            "PATH": ":".join([*dict.fromkeys(bins), _BASE_PATH]),
            "LANG": "C.UTF-8",
            "HOME": self._isolation.home,
            "TMPDIR": "/tmp",
        }
        env.update(self._config.extra_env)
        env.update(dict(spec.env))
        return env

    def _publish_sources(self, build: _Build) -> CompileResult:
        """A language without a compile step runs its sources as they are."""
        (build.staging / "files").mkdir()
        files_fd = boxfs.open_dir(str(build.staging / "files"))
        try:
            build.write_sources(files_fd)
        finally:
            os.close(files_fd)
        report = RunReport(outcome=RunOutcome.OK, isolated=self._isolation.isolated)
        self._cache.store(build.artifact(ok=True, output="", report=report), build.staging)
        return CompileResult(report=report, output="", artifact=build.key)

    async def _run_compiler(self, build: _Build, argv: list[str], limits: RunLimits) -> CompileResult:
        """Runs the compiler under `limits` (already clamped); its output (stdout and stderr together) is
        cut at `limits.stdout_bytes`."""
        wanted = build.spec.compiled_files
        collected: list[str] = []

        def collect(box_fd: int) -> None:
            target = build.staging / "files"
            if wanted == _WHOLE_BOX:
                boxfs.copy_tree_out(box_fd, target, self._config.box_bytes)
                return
            target.mkdir()
            target_fd = boxfs.open_dir(str(target))
            try:
                for name in wanted:
                    data = boxfs.read_file(box_fd, name, self._config.box_bytes)
                    if data is not None:
                        boxfs.write_file(target_fd, name, data, executable=True)
                        collected.append(name)
                build.write_extras(target_fd)  # as given: the run finds them where the compiler did
            finally:
                os.close(target_fd)

        output_fd = os.memfd_create("compiler-output", os.MFD_CLOEXEC)
        try:
            result = await self._runner.run(
                RunSpec(
                    argv=argv,
                    env=build.env,
                    limits=limits,
                    runtime_processes=build.spec.run_processes,
                    streams=Streams(stdout=output_fd, stderr=output_fd, merge=True, truncate=True),
                    prepare=build.write_sources,
                    collect=collect,
                )
            )
            output = os.pread(output_fd, limits.stdout_bytes, 0).decode("utf-8", errors="replace")
        finally:
            os.close(output_fd)
        report = result.report
        ok = report.outcome is RunOutcome.OK
        if ok and wanted != _WHOLE_BOX and len(collected) != len(wanted):
            ok = False
            report = replace(report, outcome=RunOutcome.RUNTIME_ERROR)
            output += "\nthe compiler did not produce " + ", ".join(wanted)
        # Cached: success and the compiler rejecting the source (deterministic), and for a while a time-out,
        # so a compile bomb submitted again costs no slot.
        if ok or (report.outcome is RunOutcome.RUNTIME_ERROR and report.exit_code is not None):
            self._cache.store(build.artifact(ok=ok, output=output, report=report), build.staging)
        elif report.outcome is RunOutcome.TIME_LIMIT:
            output += (
                f"\nthe compiler exceeded its {report.time_limit_kind or 'time'} limit "
                f"({limits.cpu_ms} ms CPU, {limits.wall_ms} ms wall)"
            )
            timed_out = build.artifact(
                ok=False,
                output=output.lstrip(),
                report=report,
                timed_out_under=(limits.cpu_ms, limits.wall_ms),
                expires_at=time.time() + self._config.compile_timeout_seconds,
            )
            self._cache.store(timed_out, build.staging)
            output = timed_out.output
        else:
            self._cache.discard(build.staging)
        return CompileResult(report=report, output=output, artifact=build.key if ok else None)

"""The one owner of a worker's toolchain set. Detection finds candidates; the sandbox's slots are given
their mounts; each candidate then compiles and runs its spec's self-test program in the sandbox (as DMOJ's
executors do); only those that pass are offered (`DetectedToolchains`: what heartbeats advertise and claims
filter by). A toolchain that goes away or changes stops being offered before the slots change."""

import asyncio
import logging
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from application.judging.sandbox import (
    BoxFile,
    CompileRequest,
    ExecuteRequest,
    RunLimits,
    RunOutcome,
    Sandbox,
)
from domain.languages.entities import SELF_TEST_OUTPUT, Language
from domain.languages.specs import SPECS_BY_ID
from infrastructure.judging.toolchains import DetectedToolchains

logger = logging.getLogger(__name__)

SELF_TEST_RUN_LIMITS = RunLimits(
    cpu_ms=10_000,
    wall_ms=30_000,  # a JVM's first start on a loaded machine
    memory_kib=512 * 1024,
    stdout_bytes=64 * 1024,
    stderr_bytes=64 * 1024,
    file_size_bytes=1024 * 1024,
)


class LanguageSandbox(Sandbox, Protocol):
    async def set_languages(self, languages: Sequence[Language]) -> None: ...


async def self_test(
    sandbox: Sandbox, language: Language, compile_limits: RunLimits, scratch: Path
) -> str | None:
    """None when `language` compiles and runs its self-test program in `sandbox`, else why not."""
    spec = SPECS_BY_ID.get(language.id)
    if spec is None or not spec.self_test:
        return "no self-test program in its spec"
    compiled = await sandbox.compile(
        CompileRequest(
            language=language,
            files=[BoxFile(name=spec.source_name, content=spec.self_test.encode())],
            limits=compile_limits,
        )
    )
    if compiled.artifact is None:
        reason = compiled.report.internal_reason or compiled.output.strip()[-500:] or compiled.report.outcome
        return f"the self-test did not compile: {reason}"
    await asyncio.to_thread(scratch.mkdir, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch, prefix="self-test-") as directory:
        stdout = Path(directory) / "stdout"
        result = await sandbox.execute(
            ExecuteRequest(
                artifact=compiled.artifact,
                stdin_path=None,
                stdout_path=str(stdout),
                limits=replace(SELF_TEST_RUN_LIMITS, processes=spec.run_processes),
            )
        )
        printed = (await asyncio.to_thread(_read, stdout)).strip()
    if result.report.outcome is not RunOutcome.OK:
        detail = result.report.internal_reason or result.stderr.decode(errors="replace").strip()[-300:]
        return f"the self-test ended {result.report.outcome}: {detail}"
    if printed != SELF_TEST_OUTPUT:
        return f"the self-test printed {printed[:100]!r}, not {SELF_TEST_OUTPUT!r}"
    return None


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


@dataclass(slots=True)
class ToolchainOwner:
    toolchains: DetectedToolchains
    sandbox: LanguageSandbox
    detect: Callable[[], Awaitable[list[Language]]]
    compile_limits: RunLimits
    scratch: Path
    mounted: list[Language] | None = None  # what the sandbox's slots were started with
    _failures: dict[str, str] | None = None

    async def refresh(self, found: list[Language] | None = None) -> bool:
        """Detects (unless given what was `found`), mounts, self-tests and offers; True when what is
        offered changed."""
        found = await self.detect() if found is None else found
        offered = self.toolchains.all()
        kept = [language for language in offered if language in found]
        if kept != offered:  # gone or changed: stop offering them before the slots change
            self.toolchains.replace(kept)
        if found != self.mounted:
            await self.sandbox.set_languages(found)
            self.mounted = list(found)
        failures: dict[str, str] = {}
        passed = list(kept)
        for language in found:
            if language in kept:
                continue
            reason = await self_test(self.sandbox, language, self.compile_limits, self.scratch)
            if reason is None:
                passed.append(language)
                logger.info("offering %s (%s): its self-test passed", language.id, language.version)
            else:
                failures[language.id] = reason
                if (self._failures or {}).get(language.id) != reason:
                    logger.warning("not offering %s (%s): %s", language.id, language.version, reason)
        self._failures = failures
        order = {language.id: position for position, language in enumerate(found)}
        passed.sort(key=lambda language: order[language.id])
        self.toolchains.replace(passed)
        return passed != offered

    @property
    def failures(self) -> dict[str, str]:
        """Languages detected but not offered, with why (their self-test failed)."""
        return dict(self._failures or {})

import asyncio
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from application.judging.policy import COMPILE_LIMITS
from application.judging.sandbox import (
    BoxFile,
    CompileRequest,
    CompileResult,
    ExecuteRequest,
    ExecuteResult,
    RunLimits,
)
from domain.languages.entities import Language
from domain.languages.specs import SPECS_BY_ID
from infrastructure.sandbox import IsolatedSandbox


@dataclass(frozen=True, slots=True)
class Ran:
    compiled: CompileResult
    result: ExecuteResult
    stdout: bytes


async def compile_source(
    sandbox: IsolatedSandbox,
    language: Language,
    source: str | bytes,
    *,
    name: str | None = None,
    extra: Sequence[tuple[str, str]] = (),
    limits: RunLimits = COMPILE_LIMITS,
) -> CompileResult:
    content = source.encode() if isinstance(source, str) else source
    files = [BoxFile(name=name or SPECS_BY_ID[language.id].source_name, content=content)]
    files += [BoxFile(name=n, content=c.encode()) for n, c in extra]
    return await sandbox.compile(CompileRequest(language=language, files=files, limits=limits))


async def run_source(
    sandbox: IsolatedSandbox,
    language: Language,
    source: str | bytes,
    *,
    stdin: bytes = b"",
    limits: RunLimits | None = None,
    name: str | None = None,
    extra: Sequence[tuple[str, str]] = (),
    collect: Sequence[str] = (),
    allow_file_writing: bool = True,
) -> Ran:
    compiled = await compile_source(sandbox, language, source, name=name, extra=extra)
    assert compiled.artifact is not None, compiled.output
    with tempfile.TemporaryDirectory() as work:
        stdin_path, stdout_path = Path(work, "in"), Path(work, "out")
        await asyncio.to_thread(stdin_path.write_bytes, stdin)
        result = await sandbox.execute(
            ExecuteRequest(
                artifact=compiled.artifact,
                stdin_path=str(stdin_path),
                stdout_path=str(stdout_path),
                limits=limits or RunLimits(),
                collect=collect,
                allow_file_writing=allow_file_writing,
            )
        )
        return Ran(compiled, result, await asyncio.to_thread(stdout_path.read_bytes))

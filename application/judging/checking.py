"""Checking one output: built-in checkers on the worker, custom checkers in the sandbox under their
protocol. Each protocol is a row of `_PROTOCOLS`: how the checker is invoked and how its exit is read."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from application.judging.ports import OutputChecker, TestPaths
from application.judging.sandbox import (
    BoxFile,
    CompileRequest,
    ExecuteRequest,
    ExecuteResult,
    RunLimits,
    Sandbox,
)
from application.judging.verdicts import checker_exit
from domain.judging.checkers import (
    BuiltinChecker,
    CheckerFailure,
    CustomChecker,
    Judgement,
    interpret_kattis,
    interpret_testlib,
)
from domain.judging.enums import CheckerProtocol
from domain.languages.entities import Language
from domain.languages.specs import SPECS_BY_ID

# The Kattis feedback directory, shared by output validators and interactors.
FEEDBACK_DIR = "feedback"
JUDGEMESSAGE = f"{FEEDBACK_DIR}/judgemessage.txt"
SCORE = f"{FEEDBACK_DIR}/score.txt"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompiledChecker:
    """A custom checker and the sandbox artifact it compiled to."""

    spec: CustomChecker
    artifact: str


PreparedChecker = BuiltinChecker | CompiledChecker
"""A problem's checker, ready to judge outputs."""


def jury_compile_request(spec: CustomChecker, language: Language, limits: RunLimits) -> CompileRequest:
    """A checker's or interactor's compilation: its `files` together (or its one `source` under the
    language's usual name), with the judge's jury headers (testlib.h) on the include path."""
    sources = [BoxFile(name=file.name, content=file.content.encode()) for file in spec.files] or [
        BoxFile(name=SPECS_BY_ID[spec.language].source_name, content=spec.source.encode())
    ]
    return CompileRequest(language=language, files=sources, limits=limits, jury=True)


class _CheckerProtocol(Protocol):
    def request(self, checker: CompiledChecker, paths: TestPaths, output: str) -> ExecuteRequest:
        """The checker's run over one output, with default limits (the caller sets them)."""
        ...

    def interpret(self, exit_code: int, execution: ExecuteResult) -> Judgement: ...


class _Testlib:
    """`checker input output answer [flags]`; the verdict is the exit code, the message stderr."""

    def request(self, checker: CompiledChecker, paths: TestPaths, output: str) -> ExecuteRequest:
        return ExecuteRequest(
            artifact=checker.artifact,
            stdin_path=None,
            stdout_path=None,
            limits=RunLimits(),
            args=["input.txt", "output.txt", "answer.txt", *checker.spec.flags],
            files={"input.txt": paths.input, "output.txt": output, "answer.txt": paths.answer},
        )

    def interpret(self, exit_code: int, execution: ExecuteResult) -> Judgement:
        return interpret_testlib(exit_code, b"", execution.stderr)


class _Kattis:
    """`validator input answer feedback_dir/ [flags] < output`; exit 42 or 43, messages in feedback files."""

    def request(self, checker: CompiledChecker, paths: TestPaths, output: str) -> ExecuteRequest:
        return ExecuteRequest(
            artifact=checker.artifact,
            stdin_path=output,
            stdout_path=None,
            limits=RunLimits(),
            args=["input.txt", "answer.txt", f"{FEEDBACK_DIR}/", *checker.spec.flags],
            files={"input.txt": paths.input, "answer.txt": paths.answer},
            dirs=[FEEDBACK_DIR],
            collect=[JUDGEMESSAGE, SCORE],
        )

    def interpret(self, exit_code: int, execution: ExecuteResult) -> Judgement:
        return interpret_kattis(
            exit_code, execution.collected.get(JUDGEMESSAGE, b""), execution.collected.get(SCORE)
        )


_PROTOCOLS: Mapping[CheckerProtocol, _CheckerProtocol] = {
    CheckerProtocol.TESTLIB: _Testlib(),
    CheckerProtocol.KATTIS: _Kattis(),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputJudge:
    """Judges one clean run's output with the problem's checker."""

    sandbox: Sandbox
    output_checker: OutputChecker
    checker: PreparedChecker
    limits: RunLimits  # of a custom checker's run

    async def __call__(self, paths: TestPaths, output: str) -> Judgement:
        checker = self.checker
        if not isinstance(checker, CompiledChecker):
            return await self.output_checker.check(checker, output, paths.answer)
        protocol = _PROTOCOLS[checker.spec.protocol]
        request = replace(protocol.request(checker, paths, output), limits=self.limits)
        execution = await self.sandbox.execute(request)
        exit_code = checker_exit(execution.report)
        if isinstance(exit_code, CheckerFailure):
            return exit_code
        return protocol.interpret(exit_code, execution)

"""Runs one test of an interactive problem: the solution and the interactor at once, cross-wired by the
sandbox, then the verdict by `verdicts.verdict_of_interaction`. Each protocol is a row of `_PROTOCOLS`: how
the interactor is invoked and how its exit is read. With testlib, a custom testlib checker of the problem
then judges the interactor's output file (the Polygon flow)."""

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from application.judging.checking import FEEDBACK_DIR, JUDGEMESSAGE, SCORE, OutputJudge
from application.judging.ports import OutputStore, TestPaths
from application.judging.sandbox import (
    ExecuteRequest,
    ExecuteResult,
    InteractiveRequest,
    InteractiveSandbox,
    RunLimits,
)
from application.judging.test_runner import result_of_test
from application.judging.verdicts import checker_exit, verdict_of_interaction
from domain.judging.checkers import (
    CheckerFailure,
    CustomChecker,
    Judgement,
    interpret_kattis,
    interpret_testlib,
)
from domain.judging.enums import CheckerProtocol, Verdict
from domain.problems.entities import TestCase
from domain.submissions.entities import TestResult

_TESTLIB_OUTPUT = "output.txt"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompiledInteractor:
    spec: CustomChecker
    artifact: str


class _InteractorProtocol(Protocol):
    def request(
        self, interactor: CompiledInteractor, paths: TestPaths, limits: RunLimits
    ) -> ExecuteRequest: ...

    def interpret(self, exit_code: int, execution: ExecuteResult) -> Judgement: ...


class _Kattis:
    """`interactor input answer feedback_dir/ [flags]`; exit 42 or 43, messages in feedback files."""

    def request(self, interactor: CompiledInteractor, paths: TestPaths, limits: RunLimits) -> ExecuteRequest:
        return ExecuteRequest(
            artifact=interactor.artifact,
            stdin_path=None,
            stdout_path=None,
            limits=limits,
            allow_file_writing=True,  # the jury's interactor writes its feedback and output files
            args=["input.txt", "answer.txt", f"{FEEDBACK_DIR}/", *interactor.spec.flags],
            files={"input.txt": paths.input, "answer.txt": paths.answer},
            dirs=[FEEDBACK_DIR],
            collect=[JUDGEMESSAGE, SCORE],
        )

    def interpret(self, exit_code: int, execution: ExecuteResult) -> Judgement:
        return interpret_kattis(
            exit_code, execution.collected.get(JUDGEMESSAGE, b""), execution.collected.get(SCORE)
        )


class _Testlib:
    """`interactor input output answer [flags]`: testlib's exit codes, the message on stderr; `output` is
    the interactor's own output file (what a checker judges afterwards)."""

    def request(self, interactor: CompiledInteractor, paths: TestPaths, limits: RunLimits) -> ExecuteRequest:
        return ExecuteRequest(
            artifact=interactor.artifact,
            stdin_path=None,
            stdout_path=None,
            limits=limits,
            allow_file_writing=True,  # the jury's interactor writes its feedback and output files
            args=["input.txt", _TESTLIB_OUTPUT, "answer.txt", *interactor.spec.flags],
            files={"input.txt": paths.input, "answer.txt": paths.answer},
            collect=[_TESTLIB_OUTPUT],
        )

    def interpret(self, exit_code: int, execution: ExecuteResult) -> Judgement:
        return interpret_testlib(exit_code, b"", execution.stderr)


_PROTOCOLS: Mapping[CheckerProtocol, _InteractorProtocol] = {
    CheckerProtocol.KATTIS: _Kattis(),
    CheckerProtocol.TESTLIB: _Testlib(),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class InteractiveTestRunner:
    """The interactive counterpart of `TestRunner`. `checker` (testlib only) judges the interactor's output
    file when the interactor accepted; `transcript_bytes` of each direction are kept in the result."""

    __test__ = False

    sandbox: InteractiveSandbox
    interactor: CompiledInteractor
    checker: OutputJudge | None
    outputs: OutputStore
    artifact: str
    limits: RunLimits
    interactor_limits: RunLimits
    transcript_bytes: int

    async def run(self, position: int, test: TestCase, paths: TestPaths) -> TestResult:
        index = position + 1
        protocol = _PROTOCOLS[self.interactor.spec.protocol]
        interaction = await self.sandbox.execute_interactive(
            InteractiveRequest(
                solution=ExecuteRequest(
                    artifact=self.artifact, stdin_path=None, stdout_path=None, limits=self.limits
                ),
                interactor=protocol.request(self.interactor, paths, self._interactor_limits()),
                transcript_bytes=self.transcript_bytes,
            )
        )
        exit_code = checker_exit(interaction.interactor.report)
        judgement: Judgement = (
            CheckerFailure(reason=f"interactor {exit_code.reason.removeprefix('checker ')}")
            if isinstance(exit_code, CheckerFailure)
            else protocol.interpret(exit_code, interaction.interactor)
        )
        if self.checker is not None and judgement.verdict is Verdict.ACCEPTED:
            judgement = await self._check(index, paths, interaction.interactor)
        verdict = verdict_of_interaction(
            interaction.solution.report, judgement, interactor_first=interaction.interactor_first
        )
        return replace(
            result_of_test(index, test, interaction.solution.report, verdict),
            transcript_to_interactor=interaction.to_interactor.decode(errors="replace"),
            transcript_to_solution=interaction.to_solution.decode(errors="replace"),
        )

    def _interactor_limits(self) -> RunLimits:
        """The interactor outlives the solution's wall limit, so a deadlock is always the solution's."""
        limits = self.interactor_limits
        return replace(
            limits,
            wall_ms=max(limits.wall_ms, self.limits.wall_ms + 1000),
            stdout_bytes=max(limits.stdout_bytes, self.limits.stdout_bytes),
        )

    async def _check(self, index: int, paths: TestPaths, interactor: ExecuteResult) -> Judgement:
        assert self.checker is not None
        data = interactor.collected.get(_TESTLIB_OUTPUT, b"")
        async with self.outputs.hold(max(len(data), 1)) as output:
            await asyncio.to_thread(_write, output.path, data)
            return await self.checker(paths, output.path)


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as file:
        file.write(data)

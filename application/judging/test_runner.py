"""Runs one test: the solution in the sandbox, then the checker on its output."""

from dataclasses import dataclass

from application.judging.policy import JudgingPolicy
from application.judging.ports import OutputChecker, TestPaths, Workspace
from application.judging.sandbox import ExecuteRequest, Outcome, RunLimits, RunReport, Sandbox
from domain.judging.checkers import (
    CheckerFailure,
    CheckOutcome,
    CustomChecker,
    ExactChecker,
    TokensChecker,
    interpret_kattis,
    interpret_testlib,
)
from domain.judging.enums import CheckerProtocol, Verdict
from domain.problems.entities import TestCase
from domain.submissions.entities import TestResult

VERDICT_BY_OUTCOME: dict[Outcome, Verdict] = {
    Outcome.TIME_LIMIT: Verdict.TIME_LIMIT_EXCEEDED,
    Outcome.MEMORY_LIMIT: Verdict.MEMORY_LIMIT_EXCEEDED,
    Outcome.OUTPUT_LIMIT: Verdict.OUTPUT_LIMIT_EXCEEDED,
    Outcome.RUNTIME_ERROR: Verdict.RUNTIME_ERROR,
    Outcome.INTERNAL_ERROR: Verdict.INTERNAL_ERROR,
}

_KATTIS_FEEDBACK = "feedback"


@dataclass(frozen=True, slots=True, kw_only=True)
class PreparedChecker:
    spec: ExactChecker | TokensChecker | CustomChecker
    artifact: str | None = None  # compiled custom checker


class TestRunner:
    __test__ = False

    def __init__(
        self,
        *,
        sandbox: Sandbox,
        output_checker: OutputChecker,
        workspace: Workspace,
        policy: JudgingPolicy,
        artifact: str,
        limits: RunLimits,
        checker: PreparedChecker,
    ) -> None:
        self._sandbox = sandbox
        self._output_checker = output_checker
        self._workspace = workspace
        self._policy = policy
        self._artifact = artifact
        self._limits = limits
        self._checker = checker

    async def run(self, position: int, test: TestCase, paths: TestPaths) -> TestResult:
        """`position` counts from 0 in judging order; results number tests from 1, as the tests API does."""
        index = position + 1
        output = self._workspace.path(f"{index}.out")
        execution = await self._sandbox.execute(
            ExecuteRequest(
                artifact=self._artifact, stdin_path=paths.input, stdout_path=output, limits=self._limits
            )
        )
        report = execution.report
        if report.outcome is not Outcome.OK:
            return _result(index, test, report, VERDICT_BY_OUTCOME[report.outcome], _describe(report), None)
        outcome = await self._check(paths, output)
        return _result(index, test, report, outcome.verdict, outcome.message, outcome.score)

    async def _check(self, paths: TestPaths, output: str) -> CheckOutcome:
        spec = self._checker.spec
        if not isinstance(spec, CustomChecker):
            return await self._output_checker.check(spec, output, paths.answer)
        assert self._checker.artifact is not None
        if spec.protocol is CheckerProtocol.TESTLIB:
            execution = await self._sandbox.execute(
                ExecuteRequest(
                    artifact=self._checker.artifact,
                    stdin_path=None,
                    stdout_path=None,
                    limits=self._policy.checker_limits,
                    args=["input.txt", "output.txt", "answer.txt", *spec.flags],
                    files={"input.txt": paths.input, "output.txt": output, "answer.txt": paths.answer},
                )
            )
            exit_code = _checker_exit_code(execution.report)
            if isinstance(exit_code, CheckerFailure):
                return exit_code
            return interpret_testlib(exit_code, b"", execution.stderr)
        execution = await self._sandbox.execute(
            ExecuteRequest(
                artifact=self._checker.artifact,
                stdin_path=output,
                stdout_path=None,
                limits=self._policy.checker_limits,
                args=["input.txt", "answer.txt", f"{_KATTIS_FEEDBACK}/", *spec.flags],
                files={"input.txt": paths.input, "answer.txt": paths.answer},
                dirs=[_KATTIS_FEEDBACK],
                collect=[f"{_KATTIS_FEEDBACK}/judgemessage.txt", f"{_KATTIS_FEEDBACK}/score.txt"],
            )
        )
        exit_code = _checker_exit_code(execution.report)
        if isinstance(exit_code, CheckerFailure):
            return exit_code
        return interpret_kattis(
            exit_code,
            execution.collected.get(f"{_KATTIS_FEEDBACK}/judgemessage.txt", b""),
            execution.collected.get(f"{_KATTIS_FEEDBACK}/score.txt"),
        )


def _checker_exit_code(report: RunReport) -> int | CheckerFailure:
    """A checker speaks through its exit code; one that hit a limit or was killed by a signal said nothing."""
    if report.outcome not in (Outcome.OK, Outcome.RUNTIME_ERROR) or report.exit_code is None:
        return CheckerFailure(reason=f"checker failed: {_describe(report)}")
    return report.exit_code


def _describe(report: RunReport) -> str:
    if report.outcome is Outcome.TIME_LIMIT:
        return f"{report.time_limit_kind or 'time'} limit exceeded"
    if report.outcome is Outcome.RUNTIME_ERROR:
        return f"killed by {report.signal}" if report.signal else f"exit code {report.exit_code}"
    if report.outcome is Outcome.INTERNAL_ERROR:
        return f"internal error: {report.internal_reason}"
    return report.outcome.value.replace("_", " ") + " exceeded"  # memory or output limit


def _result(
    index: int, test: TestCase, report: RunReport, verdict: Verdict, message: str, score: float | None
) -> TestResult:
    return TestResult(
        index=index,
        test_id=test.id,
        name=test.name,
        group=test.group,
        verdict=verdict,
        time_ms=report.cpu_ms,
        wall_time_ms=report.wall_ms,
        memory_kb=report.memory_kib,
        exit_code=report.exit_code,
        signal=report.signal,
        checker_message=message,
        score=score,
    )

"""Runs one test: the solution in the sandbox, then, when it ended cleanly, the checker on its output."""

from dataclasses import dataclass

from application.judging.checking import OutputJudge
from application.judging.ports import TestPaths, Workspace
from application.judging.sandbox import ExecuteRequest, RunLimits, RunReport, Sandbox
from application.judging.verdicts import TestVerdict, needs_checking, verdict_of_test
from domain.problems.entities import TestCase
from domain.submissions.entities import TestResult


@dataclass(frozen=True, slots=True, kw_only=True)
class TestRunner:
    __test__ = False

    sandbox: Sandbox
    judge_output: OutputJudge
    workspace: Workspace
    artifact: str
    limits: RunLimits

    async def run(self, position: int, test: TestCase, paths: TestPaths) -> TestResult:
        """`position` counts from 0 in judging order; results number tests from 1, as the tests API does."""
        index = position + 1
        output = self.workspace.path(f"{index}.out")
        execution = await self.sandbox.execute(
            ExecuteRequest(
                artifact=self.artifact, stdin_path=paths.input, stdout_path=output, limits=self.limits
            )
        )
        report = execution.report
        judgement = await self.judge_output(paths, output) if needs_checking(report) else None
        return result_of_test(index, test, report, verdict_of_test(report, judgement))


def result_of_test(index: int, test: TestCase, report: RunReport, verdict: TestVerdict) -> TestResult:
    """A test's result from the solution's report and the test's verdict."""
    return TestResult(
        index=index,
        test_id=test.id,
        name=test.name,
        group=test.group,
        verdict=verdict.verdict,
        time_ms=report.cpu_ms,
        wall_time_ms=report.wall_ms,
        memory_kb=report.memory_kib,
        exit_code=report.exit_code,
        signal=report.signal,
        checker_message=verdict.message,
        score=verdict.score,
    )

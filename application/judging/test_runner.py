"""Runs one test: the solution in the sandbox, then, when it ended cleanly, the checker on its output.
The output is held in the worker's output store only while the test is in flight."""

from dataclasses import dataclass, replace

from application.judging.checking import OutputJudge
from application.judging.ports import OutputStore, OutputStoreError, TestPaths
from application.judging.sandbox import ExecuteRequest, RunLimits, RunOutcome, RunReport, Sandbox
from application.judging.verdicts import TestVerdict, needs_checking, verdict_of_test
from domain.judging.enums import Verdict
from domain.problems.entities import TestCase
from domain.submissions.entities import TestResult


@dataclass(slots=True)
class OutputBudget:
    """A submission's outputs together: once its tests wrote more than `max_bytes`, the test that crossed it
    and every test not yet started are output limit exceeded, and so is the submission."""

    max_bytes: int
    written: int = 0

    @property
    def exceeded(self) -> bool:
        return self.written > self.max_bytes

    def verdict(self) -> TestVerdict:
        message = f"the submission's outputs exceed {self.max_bytes} bytes in total"
        return TestVerdict(verdict=Verdict.OUTPUT_LIMIT_EXCEEDED, message=message)


@dataclass(frozen=True, slots=True, kw_only=True)
class TestRunner:
    __test__ = False

    sandbox: Sandbox
    judge_output: OutputJudge
    outputs: OutputStore
    budget: OutputBudget
    artifact: str
    limits: RunLimits
    allow_file_writing: bool = False

    async def run(self, position: int, test: TestCase, paths: TestPaths) -> TestResult:
        """`position` counts from 0 in judging order; results number tests from 1, as the tests API does.
        Raises OutputStoreError when the output could not be stored."""
        index = position + 1
        if self.budget.exceeded:
            limit = RunReport(outcome=RunOutcome.OUTPUT_LIMIT)
            return result_of_test(index, test, limit, self.budget.verdict())
        async with self.outputs.hold(min(self.limits.stdout_bytes, self.budget.max_bytes)) as output:
            execution = await self.sandbox.execute(
                ExecuteRequest(
                    artifact=self.artifact,
                    stdin_path=paths.input,
                    stdout_path=output.path,
                    limits=replace(self.limits, stdout_bytes=output.max_bytes),
                    allow_file_writing=self.allow_file_writing,
                )
            )
            report = execution.report
            if report.output_lost:
                raise OutputStoreError(report.internal_reason or "the output could not be stored")
            self.budget.written += execution.stdout_bytes
            if self.budget.exceeded:
                return result_of_test(index, test, report, self.budget.verdict())
            judgement = await self.judge_output(paths, output.path) if needs_checking(report) else None
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

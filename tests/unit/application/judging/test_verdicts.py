"""The verdict chain, step by step and end to end (application/judging/verdicts.py)."""

from dataclasses import replace

import pytest

from application.judging.sandbox import CompileResult, RunLimits, RunOutcome, RunReport, TimeLimitKind
from application.judging.verdicts import (
    KernelFacts,
    Kill,
    RunEnd,
    TestVerdict,
    checker_exit,
    compilation_summary,
    internal_report,
    run_outcome,
    submission_summary,
    verdict_of_test,
)
from domain.judging.checkers import CheckerFailure, CheckResult, interpret_testlib
from domain.judging.enums import ProblemType, Verdict
from domain.judging.scoring import CaseResult, Group
from tests.unit.application.problems.fakes import make_problem

LIMITS = RunLimits(cpu_ms=1000, wall_ms=3000)
EXITED = KernelFacts(end=RunEnd.EXITED, cpu_ms=3, wall_ms=5, memory_kib=900)
OK = RunReport(outcome=RunOutcome.OK, exit_code=0)


# --- 1: kernel facts -> one run's outcome ------------------------------------------------------------------


def test_clean_exit_is_ok_with_kernel_counters() -> None:
    report = run_outcome(EXITED, LIMITS, isolated=True)
    assert (report.outcome, report.cpu_ms, report.memory_kib, report.wall_ms) == (RunOutcome.OK, 3, 900, 5)
    assert (report.exit_code, report.signal, report.isolated) == (0, None, True)


def test_oom_kill_is_a_memory_limit_whatever_the_status() -> None:
    killed = replace(EXITED, end=RunEnd.SIGNALED, signal=9, oom_kills=1)
    report = run_outcome(killed, LIMITS, isolated=True)
    assert report.outcome is RunOutcome.MEMORY_LIMIT
    assert report.signal == "SIGKILL"


def test_sigkill_without_oom_is_a_runtime_error_not_a_memory_limit() -> None:
    report = run_outcome(replace(EXITED, end=RunEnd.SIGNALED, signal=9), LIMITS, isolated=True)
    assert (report.outcome, report.signal, report.exit_code) == (RunOutcome.RUNTIME_ERROR, "SIGKILL", None)


@pytest.mark.parametrize(
    ("facts", "kind"),
    [
        (replace(EXITED, end=RunEnd.KILLED, killed=Kill.CPU, cpu_ms=1001), TimeLimitKind.CPU),
        (replace(EXITED, cpu_ms=1001), TimeLimitKind.CPU),  # exited, but over the limit
        (replace(EXITED, end=RunEnd.KILLED, killed=Kill.WALL), TimeLimitKind.WALL),
        (replace(EXITED, end=RunEnd.SIGNALED, signal=24), TimeLimitKind.CPU),  # SIGXCPU: RLIMIT_CPU
    ],
)
def test_time_limits_say_which(facts: KernelFacts, kind: TimeLimitKind) -> None:
    report = run_outcome(facts, LIMITS, isolated=True)
    assert (report.outcome, report.time_limit_kind) == (RunOutcome.TIME_LIMIT, kind)


def test_output_caps_and_file_size_are_output_limits() -> None:
    for facts in (
        replace(EXITED, killed=Kill.STDOUT),
        replace(EXITED, killed=Kill.STDERR),
        replace(EXITED, end=RunEnd.SIGNALED, signal=25),  # SIGXFSZ: RLIMIT_FSIZE
    ):
        assert run_outcome(facts, LIMITS, isolated=True).outcome is RunOutcome.OUTPUT_LIMIT, facts


def test_memory_comes_before_output_and_time_when_several_hit() -> None:
    facts = replace(EXITED, oom_kills=1, killed=Kill.STDOUT, cpu_ms=5000)
    assert run_outcome(facts, LIMITS, isolated=True).outcome is RunOutcome.MEMORY_LIMIT
    facts = replace(EXITED, killed=Kill.STDOUT, cpu_ms=5000)
    assert run_outcome(facts, LIMITS, isolated=True).outcome is RunOutcome.OUTPUT_LIMIT


def test_nonzero_exit_is_a_runtime_error_with_its_code() -> None:
    report = run_outcome(replace(EXITED, exit_code=3), LIMITS, isolated=False)
    assert (report.outcome, report.exit_code, report.isolated) == (RunOutcome.RUNTIME_ERROR, 3, False)


def test_setup_failure_and_sink_failure_are_our_fault() -> None:
    setup = run_outcome(
        replace(EXITED, end=RunEnd.SETUP_ERROR, setup_error="execve: ENOENT"), LIMITS, isolated=True
    )
    sink = run_outcome(replace(EXITED, sink_error="No space left on device"), LIMITS, isolated=True)
    assert (setup.outcome, sink.outcome) == (RunOutcome.INTERNAL_ERROR, RunOutcome.INTERNAL_ERROR)
    assert setup.internal_reason == "sandbox setup: execve: ENOENT"
    assert sink.internal_reason == "output sink: No space left on device"


def test_a_run_killed_before_any_status_is_an_internal_error() -> None:
    report = run_outcome(replace(EXITED, end=RunEnd.KILLED), LIMITS, isolated=True)
    assert report.outcome is RunOutcome.INTERNAL_ERROR


# --- 2: the compilation -------------------------------------------------------------------------------------


def test_compilation_stops_judging_unless_it_produced_an_artifact() -> None:
    problem = make_problem()
    rejected = CompileResult(
        report=RunReport(outcome=RunOutcome.RUNTIME_ERROR, exit_code=1), output="", artifact=None
    )
    failed = CompileResult(report=internal_report("bwrap died", isolated=True), output="", artifact=None)
    compiled = CompileResult(report=OK, output="", artifact="abc")
    stopped = compilation_summary(problem, rejected)
    assert stopped is not None
    assert stopped.verdict is Verdict.COMPILATION_ERROR
    stopped = compilation_summary(problem, failed)
    assert stopped is not None
    assert stopped.verdict is Verdict.INTERNAL_ERROR  # the sandbox failed, the code was never judged
    assert compilation_summary(problem, compiled) is None


# --- 3 and 4: a test's verdict ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "verdict"),
    [
        (RunOutcome.TIME_LIMIT, Verdict.TIME_LIMIT_EXCEEDED),
        (RunOutcome.MEMORY_LIMIT, Verdict.MEMORY_LIMIT_EXCEEDED),
        (RunOutcome.OUTPUT_LIMIT, Verdict.OUTPUT_LIMIT_EXCEEDED),
        (RunOutcome.RUNTIME_ERROR, Verdict.RUNTIME_ERROR),
        (RunOutcome.INTERNAL_ERROR, Verdict.INTERNAL_ERROR),
    ],
)
def test_a_run_that_did_not_end_cleanly_is_judged_by_its_report(
    outcome: RunOutcome, verdict: Verdict
) -> None:
    report = RunReport(outcome=outcome, exit_code=1)
    assert verdict_of_test(report, None).verdict is verdict


def test_run_messages_say_what_happened() -> None:
    tle = RunReport(outcome=RunOutcome.TIME_LIMIT, time_limit_kind=TimeLimitKind.WALL)
    signalled = RunReport(outcome=RunOutcome.RUNTIME_ERROR, signal="SIGSEGV")
    assert verdict_of_test(tle, None).message == "wall limit exceeded"
    assert verdict_of_test(signalled, None).message == "killed by SIGSEGV"
    assert (
        verdict_of_test(RunReport(outcome=RunOutcome.RUNTIME_ERROR, exit_code=3), None).message
        == "exit code 3"
    )
    assert (
        verdict_of_test(RunReport(outcome=RunOutcome.MEMORY_LIMIT), None).message == "memory limit exceeded"
    )


def test_a_clean_run_is_judged_by_its_checker_with_its_score() -> None:
    partial = CheckResult(verdict=Verdict.WRONG_ANSWER, message="half", score=0.5)
    assert verdict_of_test(OK, partial) == TestVerdict(
        verdict=Verdict.WRONG_ANSWER, message="half", score=0.5
    )
    failure = CheckerFailure(reason="checker failed: exit code 3")
    assert verdict_of_test(OK, failure) == TestVerdict(verdict=Verdict.INTERNAL_ERROR, message=failure.reason)
    with pytest.raises(ValueError, match="checker"):
        verdict_of_test(OK, None)


def test_a_custom_checker_speaks_only_through_its_exit_code() -> None:
    assert checker_exit(OK) == 0
    assert checker_exit(RunReport(outcome=RunOutcome.RUNTIME_ERROR, exit_code=1)) == 1
    for silent in (
        RunReport(outcome=RunOutcome.TIME_LIMIT, time_limit_kind=TimeLimitKind.CPU),
        RunReport(outcome=RunOutcome.RUNTIME_ERROR, signal="SIGKILL"),
        internal_report("no slot", isolated=True),
    ):
        failure = checker_exit(silent)
        assert isinstance(failure, CheckerFailure), silent
        assert failure.reason.startswith("checker failed: ")


# --- 5 and the whole chain ----------------------------------------------------------------------------------


def test_the_chain_from_kernel_facts_to_the_submission_verdict() -> None:
    problem = make_problem(
        type=ProblemType.SCORING, groups=[Group(name="a", points=40), Group(name="b", points=60)]
    )
    runs = {
        "a": replace(EXITED, killed=Kill.CPU, end=RunEnd.KILLED, cpu_ms=1001),  # TLE in group a
        "b": EXITED,  # clean, accepted by a testlib checker
    }
    results = []
    for group, facts in runs.items():
        report = run_outcome(facts, LIMITS, isolated=True)
        checker_report = RunReport(outcome=RunOutcome.OK, exit_code=0)
        judgement = None
        if report.outcome is RunOutcome.OK:
            exit_code = checker_exit(checker_report)
            assert isinstance(exit_code, int)
            judgement = interpret_testlib(exit_code, b"", b"ok")
        verdict = verdict_of_test(report, judgement)
        results.append(
            CaseResult(verdict=verdict.verdict, group=group, score=verdict.score, time_ms=report.cpu_ms)
        )
    summary = submission_summary(problem, results)
    assert (summary.verdict, summary.score, summary.max_score) == (Verdict.TIME_LIMIT_EXCEEDED, 60.0, 100.0)
    assert summary.time_ms == 1001

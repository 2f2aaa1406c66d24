"""How a verdict is decided, from what the kernel saw to the submission's verdict; each step is a pure
function here (the last one's rules are in `domain/judging/scoring.py`):

    kernel facts ─(1 run_outcome)─▶ RunReport ........................ every run: the sandbox's runner
    compiler's RunReport ─(2 compilation_summary)─▶ stop (CE or IE), or go on .......... JudgeSubmission
    solution's RunReport ─(3 verdict_of_test)─▶ TestVerdict .................................. TestRunner
        not ok: TLE, MLE, OLE, RE or IE, from the report alone
        ok: the checker's Judgement, built in (domain/judging/checkers/exact.py, tokens.py) or custom,
            whose RunReport ─(4 checker_exit)─▶ exit code ─(checkers/testlib.py, kattis.py)─▶ Judgement
    interactive problems instead (application/judging/interaction.py):
    solution's and interactor's RunReports, interactor's Judgement ─(3i verdict_of_interaction)─▶ TestVerdict
        interactor failed ▶ IE; interactor rejected first ▶ WA; solution's TLE; its RE/MLE/OLE/IE;
        else the interactor's judgement
    TestVerdicts in test order ─(5 submission_summary)─▶ Summary: verdict, score ........ JudgeSubmission
"""

import signal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from application.judging.sandbox import CompileResult, RunLimits, RunOutcome, RunReport, TimeLimitKind
from domain.judging.checkers import CheckerFailure, Judgement
from domain.judging.enums import Verdict
from domain.judging.scoring import (
    JudgedTest,
    Summary,
    summarize,
    summarize_compilation_error,
    summarize_internal_error,
)
from domain.problems.entities import Problem


class RunEnd(StrEnum):
    """How the program's process ended, as the sandbox's zygote saw it."""

    EXITED = "exited"
    SIGNALED = "signaled"
    KILLED = "killed"  # by the zygote, before the program reported a status
    SETUP_ERROR = "setup_error"  # the sandbox could not start it


class Kill(StrEnum):
    """Why the zygote killed the run, if it did."""

    NONE = "none"
    CPU = "cpu"
    WALL = "wall"
    STDOUT = "stdout"
    STDERR = "stderr"


@dataclass(frozen=True, slots=True, kw_only=True)
class KernelFacts:
    """What is known for certain about one run: CPU time, peak memory and OOM kills from the run's cgroup
    (from `wait4` only when there is none), the zygote's clock and kill reason, and the wait status."""

    end: RunEnd
    exit_code: int = 0
    signal: int = 0
    killed: Kill = Kill.NONE
    cpu_ms: int = 0
    wall_ms: int = 0
    memory_kib: int = 0
    oom_kills: int = 0
    setup_error: str = ""
    sink_error: str = ""  # writing the program's output failed on our side


_SIGNALS_AS_TIME_LIMIT = frozenset({signal.SIGXCPU})  # RLIMIT_CPU, the backstop of the cgroup CPU limit
_SIGNALS_AS_OUTPUT_LIMIT = frozenset({signal.SIGXFSZ})  # RLIMIT_FSIZE


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"SIG{number}"


def internal_report(reason: str, *, isolated: bool) -> RunReport:
    """A run the sandbox could not carry out: our fault, never the program's."""
    return RunReport(outcome=RunOutcome.INTERNAL_ERROR, internal_reason=reason, isolated=isolated)


def run_outcome(facts: KernelFacts, limits: RunLimits, *, isolated: bool) -> RunReport:
    """Step 1: the outcome of one run from kernel facts.

    Precedence: our own failures, then memory (an OOM kill is certain), output caps, CPU, wall, then how the
    program ended. A program killed by SIGKILL without an OOM kill is a runtime error, never a guessed MLE.
    """
    exited = facts.end is RunEnd.EXITED
    signalled = facts.signal if facts.end is RunEnd.SIGNALED else 0

    def report(
        outcome: RunOutcome,
        kind: TimeLimitKind | None = None,
        reason: str | None = None,
        *,
        output_lost: bool = False,
    ) -> RunReport:
        return RunReport(
            outcome=outcome,
            time_limit_kind=kind,
            cpu_ms=facts.cpu_ms,
            wall_ms=facts.wall_ms,
            memory_kib=facts.memory_kib,
            exit_code=facts.exit_code if exited else None,
            signal=_signal_name(signalled) if signalled else None,
            internal_reason=reason,
            isolated=isolated,
            output_lost=output_lost,
        )

    if facts.end is RunEnd.SETUP_ERROR:
        return report(RunOutcome.INTERNAL_ERROR, reason=f"sandbox setup: {facts.setup_error}")
    if facts.sink_error:
        return report(RunOutcome.INTERNAL_ERROR, reason=f"output sink: {facts.sink_error}", output_lost=True)
    if facts.oom_kills > 0:
        return report(RunOutcome.MEMORY_LIMIT)
    if facts.killed in (Kill.STDOUT, Kill.STDERR):
        return report(RunOutcome.OUTPUT_LIMIT)
    if facts.killed is Kill.CPU or facts.cpu_ms > limits.cpu_ms or signalled in _SIGNALS_AS_TIME_LIMIT:
        return report(RunOutcome.TIME_LIMIT, TimeLimitKind.CPU)
    if facts.killed is Kill.WALL:
        return report(RunOutcome.TIME_LIMIT, TimeLimitKind.WALL)
    if signalled in _SIGNALS_AS_OUTPUT_LIMIT:
        return report(RunOutcome.OUTPUT_LIMIT)
    if signalled or (exited and facts.exit_code != 0):
        return report(RunOutcome.RUNTIME_ERROR)
    if not exited:
        return report(RunOutcome.INTERNAL_ERROR, reason="the run ended without a status")
    return report(RunOutcome.OK)


def compilation_summary(problem: Problem, compiled: CompileResult) -> Summary | None:
    """Step 2: a compilation without an artifact ends the judging. The sandbox failing is an internal error
    (the contestant's code was never judged); the compiler rejecting the source is a compilation error.
    None: compiled, judge the tests."""
    if compiled.report.outcome is RunOutcome.INTERNAL_ERROR:
        return summarize_internal_error(problem.type, problem.groups)
    if compiled.artifact is None:
        return summarize_compilation_error(problem.type, problem.groups)
    return None


VERDICT_BY_OUTCOME: Mapping[RunOutcome, Verdict] = {
    RunOutcome.TIME_LIMIT: Verdict.TIME_LIMIT_EXCEEDED,
    RunOutcome.MEMORY_LIMIT: Verdict.MEMORY_LIMIT_EXCEEDED,
    RunOutcome.OUTPUT_LIMIT: Verdict.OUTPUT_LIMIT_EXCEEDED,
    RunOutcome.RUNTIME_ERROR: Verdict.RUNTIME_ERROR,
    RunOutcome.INTERNAL_ERROR: Verdict.INTERNAL_ERROR,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class TestVerdict:
    """One test's verdict with what explains it and the checker's partial score, if any."""

    __test__ = False

    verdict: Verdict
    message: str = ""
    score: float | None = None


def describe(report: RunReport) -> str:
    """A run's outcome in words, for a test's message."""
    if report.outcome is RunOutcome.TIME_LIMIT:
        return f"{report.time_limit_kind or 'time'} limit exceeded"
    if report.outcome is RunOutcome.RUNTIME_ERROR:
        return f"killed by {report.signal}" if report.signal else f"exit code {report.exit_code}"
    if report.outcome is RunOutcome.INTERNAL_ERROR:
        return f"internal error: {report.internal_reason}"
    return report.outcome.value.replace("_", " ") + " exceeded"  # memory or output limit


def needs_checking(report: RunReport) -> bool:
    """Only a run that ended cleanly has an output worth checking."""
    return report.outcome is RunOutcome.OK


def verdict_of_test(report: RunReport, judgement: Judgement | None) -> TestVerdict:
    """Step 3: a run that did not end cleanly is judged by its report; a clean one by its checker's
    judgement (accepted, wrong answer with an optional partial score, or the checker's own failure)."""
    if not needs_checking(report):
        return TestVerdict(verdict=VERDICT_BY_OUTCOME[report.outcome], message=describe(report))
    if judgement is None:
        raise ValueError("a clean run is judged by its checker")
    return TestVerdict(verdict=judgement.verdict, message=judgement.message, score=judgement.score)


def checker_exit(report: RunReport) -> int | CheckerFailure:
    """Step 4: a custom checker speaks through its exit code; one that hit a limit, was killed by a signal
    or could not run said nothing, and the test is an internal error."""
    if report.outcome not in (RunOutcome.OK, RunOutcome.RUNTIME_ERROR) or report.exit_code is None:
        return CheckerFailure(reason=f"checker failed: {describe(report)}")
    return report.exit_code


def verdict_of_interaction(
    solution: RunReport, judgement: Judgement, *, interactor_first: bool
) -> TestVerdict:
    """Step 3i, an interactive test (DOMjudge's and Kattis's precedence), first rule that holds wins:

    1. the interactor crashed, hit a limit or exited outside its protocol (`judgement` is a CheckerFailure,
       from `checker_exit` over its report, then its protocol) ▶ internal error: the jury's program
       failed, the contestant's was not judged;
    2. the interactor ended first and rejected ▶ wrong answer, even if the solution then died of the closed
       pipe or ran out of time waiting for more input;
    3. the solution exceeded its time (CPU or wall; a deadlock ends here) ▶ time limit exceeded;
    4. the solution crashed, exited non-zero or hit another limit ▶ its verdict from the report alone;
    5. otherwise the interactor's judgement (accepted, wrong answer, or a partial score).
    """
    if isinstance(judgement, CheckerFailure):
        return TestVerdict(verdict=Verdict.INTERNAL_ERROR, message=judgement.message)
    if interactor_first and judgement.verdict is Verdict.WRONG_ANSWER:
        return TestVerdict(verdict=judgement.verdict, message=judgement.message, score=judgement.score)
    if not needs_checking(solution):
        return TestVerdict(verdict=VERDICT_BY_OUTCOME[solution.outcome], message=describe(solution))
    return TestVerdict(verdict=judgement.verdict, message=judgement.message, score=judgement.score)


def submission_summary(problem: Problem, results: Sequence[JudgedTest]) -> Summary:
    """Step 5: the submission's verdict (its first non-accepted test's, in test order), score, time and
    memory, by the problem type's rules in `domain/judging/scoring.py`."""
    return summarize(problem.type, problem.groups, results)

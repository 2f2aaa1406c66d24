"""The precedence of an interactive test's verdict (verdicts.verdict_of_interaction), one rule per test."""

from application.judging.sandbox import RunOutcome, RunReport, TimeLimitKind
from application.judging.verdicts import verdict_of_interaction
from domain.judging.checkers import CheckerFailure, CheckResult
from domain.judging.enums import Verdict

CLEAN = RunReport(outcome=RunOutcome.OK, exit_code=0)
WALL = RunReport(outcome=RunOutcome.TIME_LIMIT, time_limit_kind=TimeLimitKind.WALL)
BROKEN_PIPE = RunReport(outcome=RunOutcome.RUNTIME_ERROR, signal="SIGPIPE")
OOM = RunReport(outcome=RunOutcome.MEMORY_LIMIT)
ACCEPT = CheckResult(verdict=Verdict.ACCEPTED)
REJECT = CheckResult(verdict=Verdict.WRONG_ANSWER, message="too many queries")
FAILED = CheckerFailure(reason="validator exited with code 1")


def test_a_failed_interactor_is_an_internal_error_whatever_the_solution_did() -> None:
    for solution in (CLEAN, WALL, BROKEN_PIPE):
        verdict = verdict_of_interaction(solution, FAILED, interactor_first=True)
        assert verdict.verdict is Verdict.INTERNAL_ERROR
        assert "code 1" in verdict.message


def test_an_interactor_rejecting_first_wins_over_the_solutions_time_limit_and_broken_pipe() -> None:
    for solution in (WALL, BROKEN_PIPE, OOM):
        verdict = verdict_of_interaction(solution, REJECT, interactor_first=True)
        assert verdict.verdict is Verdict.WRONG_ANSWER
        assert verdict.message == "too many queries"


def test_a_rejection_after_the_solution_ended_badly_leaves_the_solutions_verdict() -> None:
    assert verdict_of_interaction(WALL, REJECT, interactor_first=False).verdict is Verdict.TIME_LIMIT_EXCEEDED
    assert (
        verdict_of_interaction(OOM, REJECT, interactor_first=False).verdict is Verdict.MEMORY_LIMIT_EXCEEDED
    )
    crashed = verdict_of_interaction(BROKEN_PIPE, REJECT, interactor_first=False)
    assert crashed.verdict is Verdict.RUNTIME_ERROR


def test_the_solutions_time_limit_wins_over_an_acceptance() -> None:
    verdict = verdict_of_interaction(WALL, ACCEPT, interactor_first=True)
    assert verdict.verdict is Verdict.TIME_LIMIT_EXCEEDED
    assert verdict.message == "wall limit exceeded"


def test_a_clean_solution_gets_the_interactors_judgement_with_its_score() -> None:
    assert verdict_of_interaction(CLEAN, ACCEPT, interactor_first=True).verdict is Verdict.ACCEPTED
    partial = CheckResult(verdict=Verdict.WRONG_ANSWER, score=0.5)
    scored = verdict_of_interaction(CLEAN, partial, interactor_first=False)
    assert (scored.verdict, scored.score) == (Verdict.WRONG_ANSWER, 0.5)

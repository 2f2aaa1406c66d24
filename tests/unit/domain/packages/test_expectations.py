import pytest

from domain.judging.enums import Verdict
from domain.packages.exceptions import InvalidPackageError
from domain.packages.expectations import (
    DIRECTORY_EXPECTATIONS,
    Expectation,
    matches,
    parse_expected_annotation,
)
from domain.packages.timing import MAX_TIME_MS, TimeLimitRule, time_limit_from

AC, WA, TLE, RTE, MLE, CE = (
    Verdict.ACCEPTED,
    Verdict.WRONG_ANSWER,
    Verdict.TIME_LIMIT_EXCEEDED,
    Verdict.RUNTIME_ERROR,
    Verdict.MEMORY_LIMIT_EXCEEDED,
    Verdict.COMPILATION_ERROR,
)


def _final(tests: list[Verdict]) -> Verdict:
    return next((verdict for verdict in tests if verdict is not AC), AC)


@pytest.mark.parametrize(
    ("directory", "tests", "expected"),
    [
        ("accepted", [AC, AC], True),
        ("accepted", [AC, WA], False),
        ("wrong_answer", [AC, WA], True),
        ("wrong_answer", [AC, TLE], False),
        ("wrong_answer", [AC, AC], False),
        ("wrong_answer", [WA, TLE], False),  # a scoring problem runs every test: the TLE is not permitted
        ("time_limit_exceeded", [TLE], True),
        ("time_limit_exceeded", [AC, WA], False),
        ("run_time_error", [AC, RTE], True),
        ("run_time_error", [MLE], True),
        ("run_time_error", [WA], False),
        ("rejected", [WA], True),
        ("rejected", [AC], False),
        ("brute_force", [AC, TLE], True),
        ("brute_force", [WA], False),
    ],
)
def test_directory_expectations(directory: str, tests: list[Verdict], expected: bool) -> None:
    expectation = DIRECTORY_EXPECTATIONS[directory]

    assert matches(expectation, verdict=_final(tests), tests=tests, score=0.0, max_score=1.0) is expected


def test_a_compilation_error_matches_only_an_expected_compiler_error() -> None:
    assert not matches(DIRECTORY_EXPECTATIONS["wrong_answer"], verdict=CE, tests=[], score=0, max_score=1)
    assert matches(DIRECTORY_EXPECTATIONS["compiler_error"], verdict=CE, tests=[], score=0, max_score=1)


@pytest.mark.parametrize(("score", "expected"), [(0.0, False), (40.0, True), (100.0, False)])
def test_partially_accepted_needs_a_score_strictly_inside(score: float, expected: bool) -> None:
    partial = DIRECTORY_EXPECTATIONS["partially_accepted"]

    assert matches(partial, verdict=WA, tests=[AC, WA], score=score, max_score=100.0) is expected


def test_a_score_range_is_inclusive() -> None:
    expectation = Expectation(score=(10.0, 20.0))

    assert matches(expectation, verdict=WA, tests=[WA], score=20.0, max_score=100.0)
    assert not matches(expectation, verdict=WA, tests=[WA], score=20.5, max_score=100.0)


def test_domjudge_annotations() -> None:
    source = "/* this shows the @EXPECTED_RESULTS@ tag\n * @EXPECTED_RESULTS@: correct, Run-Error\n */\n"

    expectation = parse_expected_annotation(source, "x.c")

    assert expectation is not None
    assert expectation.final == frozenset({AC, RTE, MLE})
    assert parse_expected_annotation("int main() {}\n", "x.c") is None
    scored = parse_expected_annotation("# @EXPECTED_SCORE@: 42\n", "x.py")
    assert scored is not None
    assert scored.score == (42.0, 42.0)


@pytest.mark.parametrize(
    "source", ["@EXPECTED_RESULTS@: CORRECT\n@EXPECTED_RESULTS@: CORRECT\n", "@EXPECTED_RESULTS@: SUPERB\n"]
)
def test_bad_annotations_are_errors(source: str) -> None:
    with pytest.raises(InvalidPackageError):
        parse_expected_annotation(source, "x.c")


def test_shown_verdicts_follow_the_rules() -> None:
    assert DIRECTORY_EXPECTATIONS["time_limit_exceeded"].verdicts() == [TLE]
    assert AC not in DIRECTORY_EXPECTATIONS["rejected"].verdicts()
    assert DIRECTORY_EXPECTATIONS["brute_force"].verdicts() == [TLE, RTE, MLE, Verdict.OUTPUT_LIMIT_EXCEEDED]


@pytest.mark.parametrize(
    ("rule", "slowest", "limit"),
    [
        (TimeLimitRule(), 10, 1000),  # at least one resolution step
        (TimeLimitRule(), 600, 2000),  # 600 ms x 2 = 1.2 s, rounded up to whole seconds
        (TimeLimitRule(ac_to_time_limit=5.0), 1000, 5000),  # exactly on a step stays there
        (TimeLimitRule(resolution_ms=250), 300, 750),
        (TimeLimitRule(), 40_000, MAX_TIME_MS),
    ],
)
def test_computed_time_limits(rule: TimeLimitRule, slowest: int, limit: int) -> None:
    assert time_limit_from(rule, slowest) == limit

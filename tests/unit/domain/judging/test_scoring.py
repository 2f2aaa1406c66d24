import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.judging import (
    CaseResult,
    DuplicateGroupError,
    Group,
    InvalidGroupError,
    ProblemType,
    Summary,
    Verdict,
    effective_groups,
    final_verdict,
    max_score,
    summarize,
    summarize_compilation_error,
    summarize_internal_error,
)

AC, WA, TLE, RE = Verdict.ACCEPTED, Verdict.WRONG_ANSWER, Verdict.TIME_LIMIT_EXCEEDED, Verdict.RUNTIME_ERROR
PASS_FAIL, SCORING = ProblemType.PASS_FAIL, ProblemType.SCORING


def case(verdict: Verdict, group: str = "default", score: float | None = None) -> CaseResult:
    return CaseResult(verdict=verdict, group=group, score=score)


# --- verdict ----------------------------------------------------------------------------------------------


def test_verdict_is_the_first_non_accepted_in_test_order() -> None:
    assert final_verdict([AC, TLE, WA, AC]) is TLE


def test_verdict_is_accepted_when_every_test_is() -> None:
    assert final_verdict([AC, AC]) is AC


def test_compilation_error_scores_nothing_out_of_the_full_score() -> None:
    assert summarize_compilation_error(SCORING, [Group(name="a", points=30)]) == Summary(
        verdict=Verdict.COMPILATION_ERROR, score=0.0, max_score=30.0, time_ms=0, memory_kb=0
    )


def test_internal_error_scores_nothing_out_of_the_full_score() -> None:
    assert summarize_internal_error(PASS_FAIL, []) == Summary(
        verdict=Verdict.INTERNAL_ERROR, score=0.0, max_score=1.0, time_ms=0, memory_kb=0
    )


# --- pass-fail --------------------------------------------------------------------------------------------


def test_pass_fail_scores_one_out_of_one_when_accepted() -> None:
    summary = summarize(PASS_FAIL, [], [case(AC), case(AC)])

    assert (summary.verdict, summary.score, summary.max_score) == (AC, 1.0, 1.0)


def test_pass_fail_scores_zero_when_not_accepted_whatever_its_groups() -> None:
    summary = summarize(PASS_FAIL, [Group(name="a", points=50)], [case(AC, "a"), case(WA, "a")])

    assert (summary.verdict, summary.score, summary.max_score) == (WA, 0.0, 1.0)


# --- scoring ----------------------------------------------------------------------------------------------

GROUPS = [Group(name="small", points=30), Group(name="large", points=70)]


def test_a_group_earns_its_points_only_when_all_its_tests_pass() -> None:
    results = [case(AC, "small"), case(AC, "small"), case(AC, "large"), case(TLE, "large")]

    summary = summarize(SCORING, GROUPS, results)

    assert (summary.verdict, summary.score, summary.max_score) == (TLE, 30.0, 100.0)


def test_a_group_earns_its_points_times_the_smallest_partial_score() -> None:
    results = [case(AC, "small"), case(WA, "small", score=0.5), case(AC, "large", score=0.9)]

    assert summarize(SCORING, GROUPS, results).score == 30 * 0.5 + 70 * 0.9


def test_a_failed_test_without_a_partial_score_counts_zero() -> None:
    assert summarize(SCORING, GROUPS, [case(AC, "small", score=0.5), case(RE, "small")]).score == 0.0


def test_without_declared_groups_the_default_group_is_worth_100() -> None:
    assert effective_groups([]) == (Group(name="default", points=100.0),)
    assert summarize(SCORING, [], [case(AC), case(AC)]).score == 100.0
    assert max_score(SCORING, []) == 100.0


def test_tests_in_an_undeclared_group_earn_nothing_but_count_for_the_verdict() -> None:
    summary = summarize(SCORING, GROUPS, [case(AC, "small"), case(AC, "large"), case(WA, "samples")])

    assert (summary.verdict, summary.score) == (WA, 100.0)


def test_a_declared_group_without_tests_earns_nothing() -> None:
    summary = summarize(SCORING, GROUPS, [case(AC, "small")])

    assert (summary.score, summary.max_score) == (30.0, 100.0)


def test_scores_are_rounded_so_float_sums_stay_readable() -> None:
    groups = [Group(name="a", points=0.1), Group(name="b", points=0.2)]

    summary = summarize(SCORING, groups, [case(AC, "a"), case(AC, "b")])

    assert (summary.score, summary.max_score) == (0.3, 0.3)


def test_time_and_memory_are_the_maxima_over_the_tests() -> None:
    results = [
        CaseResult(verdict=AC, time_ms=10, memory_kb=900),
        CaseResult(verdict=AC, time_ms=250, memory_kb=100),
    ]

    summary = summarize(PASS_FAIL, [], results)

    assert (summary.time_ms, summary.memory_kb) == (250, 900)


def test_no_tests_use_no_time() -> None:
    assert (summarize(SCORING, [], []).time_ms, summarize(SCORING, [], []).memory_kb) == (0, 0)


def test_group_names_must_be_unique() -> None:
    with pytest.raises(DuplicateGroupError) as raised:
        summarize(SCORING, [Group(name="a", points=1), Group(name="a", points=2)], [])

    assert raised.value.code == "duplicate_group"


@pytest.mark.parametrize(("name", "points"), [("", 1.0), ("  ", 1.0), ("a", -1.0), ("a", float("inf"))])
def test_groups_need_a_name_and_finite_points(name: str, points: float) -> None:
    with pytest.raises(InvalidGroupError) as raised:
        Group(name=name, points=points)

    assert raised.value.code == "invalid_group"


# --- properties -------------------------------------------------------------------------------------------

GROUP_NAMES = ["a", "b", "c"]
verdicts = st.sampled_from(list(Verdict))
results = st.lists(
    st.builds(
        CaseResult,
        verdict=verdicts,
        group=st.sampled_from([*GROUP_NAMES, "undeclared"]),
        score=st.none() | st.floats(min_value=0, max_value=1),
        time_ms=st.integers(min_value=0, max_value=10_000),
        memory_kb=st.integers(min_value=0, max_value=1 << 20),
    ),
    max_size=20,
)
groups = st.lists(st.integers(min_value=0, max_value=100), min_size=3, max_size=3).map(
    lambda points: [Group(name=name, points=p) for name, p in zip(GROUP_NAMES, points, strict=True)]
)


@given(problem_type=st.sampled_from(list(ProblemType)), declared=groups, tests=results)
def test_score_stays_between_zero_and_the_maximum(
    problem_type: ProblemType, declared: list[Group], tests: list[CaseResult]
) -> None:
    summary = summarize(problem_type, declared, tests)

    assert 0.0 <= summary.score <= summary.max_score


@given(declared=groups, tests=results)
def test_passing_every_test_of_every_group_earns_the_maximum(
    declared: list[Group], tests: list[CaseResult]
) -> None:
    everything = [CaseResult(verdict=AC, group=name) for name in GROUP_NAMES]
    passed = [CaseResult(verdict=AC, group=t.group) for t in tests] + everything

    summary = summarize(SCORING, declared, passed)

    assert (summary.verdict, summary.score) == (AC, summary.max_score)


@given(declared=groups, tests=results, data=st.data())
def test_the_score_does_not_depend_on_test_order(
    declared: list[Group], tests: list[CaseResult], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(tests))

    assert summarize(SCORING, declared, shuffled).score == summarize(SCORING, declared, tests).score


@given(declared=groups, tests=results, data=st.data())
def test_fixing_a_test_never_lowers_the_score(
    declared: list[Group], tests: list[CaseResult], data: st.DataObject
) -> None:
    if not tests:
        return
    index = data.draw(st.integers(min_value=0, max_value=len(tests) - 1))
    fixed = [*tests[:index], CaseResult(verdict=AC, group=tests[index].group), *tests[index + 1 :]]

    assert summarize(SCORING, declared, fixed).score >= summarize(SCORING, declared, tests).score


@given(tests=results)
def test_verdict_is_accepted_exactly_when_no_test_failed(tests: list[CaseResult]) -> None:
    verdict = summarize(SCORING, [], tests).verdict

    assert (verdict is AC) is all(t.verdict is AC for t in tests)
    assert verdict is AC or verdict is next(t.verdict for t in tests if t.verdict is not AC)

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.judging import CheckerFailure, CheckResult, Verdict, interpret_kattis, interpret_testlib
from domain.judging.checkers import MAX_MESSAGE_CHARS

# --- testlib ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exit_code", "verdict"),
    [
        (0, Verdict.ACCEPTED),
        (1, Verdict.WRONG_ANSWER),
        (2, Verdict.WRONG_ANSWER),  # presentation error: the API has no PE
        (4, Verdict.WRONG_ANSWER),  # _dirt
        (8, Verdict.WRONG_ANSWER),  # unexpected end of the contestant's output
    ],
)
def test_testlib_exit_codes_give_the_contestant_verdict(exit_code: int, verdict: Verdict) -> None:
    result = interpret_testlib(exit_code, b"", b"  the checker says  \n")

    assert result == CheckResult(verdict=verdict, message="the checker says")


def test_testlib_presentation_error_keeps_the_checker_message() -> None:
    result = interpret_testlib(2, b"", b"wrong output format Expected EOLN")

    assert result == CheckResult(verdict=Verdict.WRONG_ANSWER, message="wrong output format Expected EOLN")


def test_testlib_fail_is_a_checker_failure_with_its_message() -> None:
    result = interpret_testlib(3, b"", b"FAIL answer file is broken")

    assert result == CheckerFailure(reason="checker failed: FAIL answer file is broken")
    assert result.verdict is Verdict.INTERNAL_ERROR
    assert result.score is None


@pytest.mark.parametrize("exit_code", [5, 6, 42, 255, -9, 139])
def test_testlib_unknown_exit_codes_are_checker_failures(exit_code: int) -> None:
    result = interpret_testlib(exit_code, b"", b"")

    assert result == CheckerFailure(reason=f"checker exited with code {exit_code}")


def test_testlib_message_falls_back_to_stdout() -> None:
    assert interpret_testlib(1, b"from stdout", b"").message == "from stdout"


def test_testlib_gives_a_default_message_when_silent() -> None:
    assert interpret_testlib(1, b"", b"").message == "wrong answer"


def test_checker_messages_are_truncated() -> None:
    message = interpret_testlib(1, b"", b"x" * 5000).message

    assert message == "x" * MAX_MESSAGE_CHARS + "..."


def test_invalid_utf8_in_messages_is_replaced_not_raised() -> None:
    assert interpret_testlib(1, b"", b"bad \xff byte").message == "bad \ufffd byte"


@pytest.mark.parametrize(
    ("stderr", "score", "verdict"),
    [
        (b"points 0.5 half of it", 0.5, Verdict.WRONG_ANSWER),
        (b"0.25", 0.25, Verdict.WRONG_ANSWER),
        (b"POINTS .75\n", 0.75, Verdict.WRONG_ANSWER),
        (b"points 1.0000000000 all", 1.0, Verdict.ACCEPTED),
        (b"1", 1.0, Verdict.ACCEPTED),
        (b"0 nothing", 0.0, Verdict.WRONG_ANSWER),
    ],
)
def test_testlib_points_take_the_fraction_at_the_start_of_the_message(
    stderr: bytes, score: float, verdict: Verdict
) -> None:
    result = interpret_testlib(7, b"", stderr)

    assert isinstance(result, CheckResult)
    assert (result.verdict, result.score, result.message) == (verdict, score, stderr.decode().strip())


@pytest.mark.parametrize(
    "stderr", [b"", b"points", b"ok 0.5", b"points 1.5", b"-0.1", b"0.5x", b"nan", b"inf"]
)
def test_testlib_points_without_a_fraction_in_range_are_a_checker_failure(stderr: bytes) -> None:
    assert isinstance(interpret_testlib(7, b"", stderr), CheckerFailure)


@given(exit_code=st.integers(), stdout=st.binary(max_size=64), stderr=st.binary(max_size=64))
def test_testlib_interpretation_never_raises_and_fails_only_on_checker_faults(
    exit_code: int, stdout: bytes, stderr: bytes
) -> None:
    outcome = interpret_testlib(exit_code, stdout, stderr)

    if exit_code in {0, 1, 2, 4, 8}:
        assert isinstance(outcome, CheckResult)
        assert outcome.score is None
    elif exit_code == 7:
        assert isinstance(outcome, CheckerFailure) or outcome.score is not None
    else:
        assert outcome.verdict is Verdict.INTERNAL_ERROR


# --- Kattis -----------------------------------------------------------------------------------------------


def test_kattis_42_accepts_with_the_judge_message() -> None:
    assert interpret_kattis(42, b"fine\n") == CheckResult(verdict=Verdict.ACCEPTED, message="fine")


def test_kattis_43_rejects_with_the_judge_message() -> None:
    assert interpret_kattis(43, b"expected 5\n") == CheckResult(
        verdict=Verdict.WRONG_ANSWER, message="expected 5"
    )


def test_kattis_reject_ignores_score_txt() -> None:
    assert interpret_kattis(43, b"", b"0.5").score is None


@pytest.mark.parametrize("exit_code", [0, 1, 2, 44, -11])
def test_kattis_other_exit_codes_are_checker_failures(exit_code: int) -> None:
    result = interpret_kattis(exit_code, b"segfault")

    assert result == CheckerFailure(reason=f"validator exited with code {exit_code}: segfault")


@pytest.mark.parametrize(
    ("score_txt", "score", "verdict"),
    [
        (b"0.5\n", 0.5, Verdict.WRONG_ANSWER),
        (b"1", 1.0, Verdict.ACCEPTED),
        (b" 0 ", 0.0, Verdict.WRONG_ANSWER),
    ],
)
def test_kattis_score_txt_gives_the_fraction(score_txt: bytes, score: float, verdict: Verdict) -> None:
    result = interpret_kattis(42, b"partial", score_txt)

    assert result == CheckResult(verdict=verdict, message="partial", score=score)


@pytest.mark.parametrize("score_txt", [b"", b"abc", b"2", b"-1", b"0.5 0.5", b"points 0.5", b"nan"])
def test_kattis_malformed_score_txt_is_a_checker_failure(score_txt: bytes) -> None:
    assert isinstance(interpret_kattis(42, b"", score_txt), CheckerFailure)


@given(exit_code=st.integers(), message=st.binary(max_size=64), score_txt=st.none() | st.binary(max_size=16))
def test_kattis_interpretation_never_raises_and_fails_only_on_validator_faults(
    exit_code: int, message: bytes, score_txt: bytes | None
) -> None:
    outcome = interpret_kattis(exit_code, message, score_txt)

    if exit_code == 43 or (exit_code == 42 and score_txt is None):
        assert isinstance(outcome, CheckResult)
    elif exit_code == 42:
        assert isinstance(outcome, CheckerFailure) or outcome.score is not None
    else:
        assert outcome.verdict is Verdict.INTERNAL_ERROR

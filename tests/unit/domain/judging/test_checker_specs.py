import math

import pytest

from domain.exceptions import ValidationError
from domain.judging import (
    CheckerProtocol,
    CheckerType,
    CheckResult,
    CustomChecker,
    ExactChecker,
    InvalidCheckerError,
    InvalidCheckResultError,
    TokensChecker,
    Verdict,
)


def test_specs_name_their_checker_type() -> None:
    assert [spec.type for spec in (TokensChecker(), ExactChecker())] == [
        CheckerType.TOKENS,
        CheckerType.EXACT,
    ]
    assert CustomChecker(protocol=CheckerProtocol.KATTIS, language="cpp", source="int main(){}").type is (
        CheckerType.CUSTOM
    )


def test_tokens_checker_defaults_to_the_lenient_default_validator() -> None:
    assert TokensChecker() == TokensChecker(
        case_sensitive=False, space_change_sensitive=False, absolute_tolerance=None, relative_tolerance=None
    )


@pytest.mark.parametrize("field", ["absolute_tolerance", "relative_tolerance"])
@pytest.mark.parametrize("value", [-1e-9, math.inf, math.nan])
def test_tolerances_must_be_finite_and_not_negative(field: str, value: float) -> None:
    with pytest.raises(InvalidCheckerError) as raised:
        TokensChecker(**{field: value})  # type: ignore[arg-type]

    assert raised.value.code == "invalid_checker"
    assert field in raised.value.details
    assert isinstance(raised.value, ValidationError)


@pytest.mark.parametrize(
    ("language", "source", "field"),
    [("", "int main(){}", "language"), ("cpp", "  \n", "source"), (" ", "x", "language")],
)
def test_custom_checker_needs_a_language_and_source(language: str, source: str, field: str) -> None:
    with pytest.raises(InvalidCheckerError) as raised:
        CustomChecker(protocol=CheckerProtocol.TESTLIB, language=language, source=source)

    assert raised.value.details == {"field": field}


@pytest.mark.parametrize("flag", ["", "a\0b"])
def test_custom_checker_flags_must_be_passable_as_arguments(flag: str) -> None:
    with pytest.raises(InvalidCheckerError):
        CustomChecker(protocol=CheckerProtocol.KATTIS, language="cpp", source="x", flags=("ok", flag))


def test_custom_checker_keeps_its_flags() -> None:
    spec = CustomChecker(
        protocol=CheckerProtocol.KATTIS, language="cpp", source="x", flags=("float_tolerance", "1e-6")
    )

    assert spec.flags == ("float_tolerance", "1e-6")


@pytest.mark.parametrize("verdict", [Verdict.TIME_LIMIT_EXCEEDED, Verdict.INTERNAL_ERROR])
def test_a_check_result_only_accepts_or_rejects(verdict: Verdict) -> None:
    with pytest.raises(InvalidCheckResultError):
        CheckResult(verdict=verdict)


@pytest.mark.parametrize("score", [-0.1, 1.5, math.nan])
def test_a_check_result_score_is_a_fraction(score: float) -> None:
    with pytest.raises(InvalidCheckResultError):
        CheckResult(verdict=Verdict.WRONG_ANSWER, score=score)


def test_verdicts_are_the_api_list() -> None:
    assert [str(verdict) for verdict in Verdict] == [
        "accepted",
        "wrong_answer",
        "time_limit_exceeded",
        "memory_limit_exceeded",
        "output_limit_exceeded",
        "runtime_error",
        "compilation_error",
        "internal_error",
    ]

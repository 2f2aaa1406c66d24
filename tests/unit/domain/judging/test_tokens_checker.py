import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.judging import CheckResult, TokensChecker, Verdict, check_tokens
from tests.unit.domain.judging.helpers import any_bytes, cuts, pieces, tiny_items, tokens, whitespace

DEFAULT = TokensChecker()
STRICT = TokensChecker(case_sensitive=True, space_change_sensitive=True)


def check(output: bytes, answer: bytes, spec: TokensChecker = DEFAULT) -> CheckResult:
    return check_tokens([output], [answer], spec)


def accepted(output: bytes, answer: bytes, spec: TokensChecker = DEFAULT) -> bool:
    return check(output, answer, spec).verdict is Verdict.ACCEPTED


# --- examples ---------------------------------------------------------------------------------------------


def test_accepts_same_tokens_with_different_whitespace() -> None:
    assert accepted(b"1   2\r\n\n3\t", b"1 2 3\n")


def test_reports_line_and_token_of_the_first_wrong_token() -> None:
    result = check(b"1 2\n5 6 7\n", b"1 2\n5 8 7\n")

    assert result == CheckResult(
        verdict=Verdict.WRONG_ANSWER, message="line 2, token 2: expected '8', got '6'"
    )


def test_rejects_missing_tokens_saying_where_the_output_ended() -> None:
    result = check(b"1 2\n", b"1 2 3\n")

    assert result.verdict is Verdict.WRONG_ANSWER
    assert result.message == "line 2: output ended, expected '3'"


def test_rejects_extra_tokens() -> None:
    result = check(b"1 2 3\n4\n", b"1 2 3\n")

    assert result.verdict is Verdict.WRONG_ANSWER
    assert result.message == "line 2, token 1: extra output '4' after the answer ended"


def test_empty_output_matches_blank_answer() -> None:
    assert accepted(b"", b" \n\n")


def test_is_case_insensitive_by_default() -> None:
    assert accepted(b"YES\n", b"yes\n")


def test_case_sensitive_rejects_other_case_and_shows_the_original_spelling() -> None:
    result = check(b"YES\n", b"yes\n", TokensChecker(case_sensitive=True))

    assert result.message == "line 1, token 1: expected 'yes', got 'YES'"


def test_case_insensitive_message_shows_original_spelling_too() -> None:
    assert check(b"YeS\n", b"nO\n").message == "line 1, token 1: expected 'nO', got 'YeS'"


def test_case_folding_is_ascii_only() -> None:
    assert not accepted("ÄÖ".encode(), "äö".encode())


def test_space_change_sensitive_rejects_changed_whitespace() -> None:
    result = check(b"1  2\n", b"1 2\n", TokensChecker(space_change_sensitive=True))

    assert result.verdict is Verdict.WRONG_ANSWER
    assert result.message == "line 1: whitespace differs, expected ' ', got '  '"


def test_space_change_sensitive_rejects_a_missing_final_newline() -> None:
    result = check(b"1 2", b"1 2\n", TokensChecker(space_change_sensitive=True))

    assert result.message == "line 1: output ended, expected '\\n'"


def test_space_change_sensitive_rejects_leading_whitespace() -> None:
    assert not accepted(b" 1\n", b"1\n", TokensChecker(space_change_sensitive=True))


def test_space_change_sensitive_accepts_identical_whitespace_and_other_case() -> None:
    assert accepted(b"A  b\r\n", b"a  B\r\n", TokensChecker(space_change_sensitive=True))


def test_positions_count_tokens_across_chunk_boundaries() -> None:
    result = check_tokens([b"x\na ", b"b c"], [b"x a b d"], DEFAULT)

    assert result.message == "line 2, token 3: expected 'd', got 'c'"


def test_positions_count_lines_across_chunk_boundaries_when_space_sensitive() -> None:
    spec = TokensChecker(space_change_sensitive=True)

    result = check_tokens([b"1\n2 ", b"\n3 4\n5 6", b"\n"], [b"1\n2 \n3 4\n5 7\n"], spec)

    assert result.message == "line 4, token 2: expected '7', got '6'"


def test_positions_count_only_tokens_not_whitespace_when_space_sensitive() -> None:
    spec = TokensChecker(space_change_sensitive=True)

    result = check_tokens([b"1 2 ", b"3 4"], [b"1 2 3 5"], spec)

    assert result.message == "line 1, token 4: expected '5', got '4'"


def test_long_tokens_are_cut_in_messages() -> None:
    result = check(b"x" * 100, b"y" * 100)

    assert result.message == f"line 1, token 1: expected '{'y' * 64}...', got '{'x' * 64}...'"


def test_binary_tokens_are_escaped_in_messages() -> None:
    assert check(b"\x00\x01", b"a").message == "line 1, token 1: expected 'a', got '\\x00\\x01'"


# --- tolerance --------------------------------------------------------------------------------------------


def test_numbers_must_be_equal_as_text_without_a_tolerance() -> None:
    assert not accepted(b"1.0", b"1")


def test_zero_tolerance_compares_numbers_by_value() -> None:
    assert accepted(b"1.0", b"1", TokensChecker(absolute_tolerance=0.0))


@pytest.mark.parametrize(
    ("output", "expected"),
    [(b"1.5", True), (b"0.5", True), (b"1.5000001", False), (b"0.4999999", False)],
)
def test_absolute_tolerance_boundary_is_inclusive(output: bytes, expected: bool) -> None:
    assert accepted(output, b"1.0", TokensChecker(absolute_tolerance=0.5)) is expected


@pytest.mark.parametrize(
    ("output", "answer", "expected"),
    [
        (b"10", b"8", True),  # |diff| 2 <= 0.25 * 8
        (b"6", b"8", True),
        (b"10.5", b"8", False),  # 2.5 <= 0.25 * 10.5 would hold: the answer is the reference
        (b"8", b"10", True),  # 2 <= 0.25 * 10
    ],
)
def test_relative_tolerance_is_relative_to_the_answer(output: bytes, answer: bytes, expected: bool) -> None:
    assert accepted(output, answer, TokensChecker(relative_tolerance=0.25)) is expected


def test_either_tolerance_suffices() -> None:
    spec = TokensChecker(absolute_tolerance=0.5, relative_tolerance=0.25)

    assert accepted(b"1.4", b"1", spec)  # absolute only
    assert accepted(b"1020", b"1000", spec)  # relative only
    assert not accepted(b"1300", b"1000", spec)


@pytest.mark.parametrize(
    ("output", "answer", "expected"),
    [
        (b"inf", b"inf", True),
        (b"Infinity", b"inf", True),
        (b"1e999", b"inf", True),
        (b"-inf", b"inf", False),
        (b"1e308", b"inf", False),
        (b"inf", b"1", False),
        (b"nan", b"1", False),
        (b"NaN", b"nan", False),
    ],
)
def test_infinities_match_only_themselves_and_nan_matches_nothing(
    output: bytes, answer: bytes, expected: bool
) -> None:
    spec = TokensChecker(case_sensitive=True, absolute_tolerance=1e300, relative_tolerance=1.0)

    assert accepted(output, answer, spec) is expected


@pytest.mark.parametrize("output", [b"1_0", b"0x1p3", b"1,0", b"1e", b"--1", b"ten"])
def test_only_decimal_numbers_get_a_tolerance(output: bytes) -> None:
    assert not accepted(output, b"10", TokensChecker(absolute_tolerance=100.0))


def test_words_are_not_compared_numerically() -> None:
    result = check(b"abc", b"abd", TokensChecker(absolute_tolerance=1.0))

    assert result.message == "line 1, token 1: expected 'abd', got 'abc'"


# --- properties -------------------------------------------------------------------------------------------


@given(words=tokens, gaps=st.lists(whitespace, min_size=32, max_size=32))
def test_whitespace_changes_are_accepted_when_not_space_sensitive(
    words: list[bytes], gaps: list[bytes]
) -> None:
    output = gaps[-1] + b"".join(word + gap for word, gap in zip(words, gaps, strict=False))

    assert accepted(output, b" ".join(words) + b"\n")


@given(output=any_bytes, answer=any_bytes)
def test_default_mode_accepts_exactly_when_lowercased_token_lists_agree(output: bytes, answer: bytes) -> None:
    assert accepted(output, answer) is (output.lower().split() == answer.lower().split())


@given(output=any_bytes, answer=any_bytes)
def test_case_sensitive_mode_accepts_exactly_when_token_lists_agree(output: bytes, answer: bytes) -> None:
    assert accepted(output, answer, TokensChecker(case_sensitive=True)) is (output.split() == answer.split())


@given(output=any_bytes, answer=any_bytes)
def test_strict_mode_is_byte_equality(output: bytes, answer: bytes) -> None:
    assert accepted(output, answer, STRICT) is (output == answer)


@given(words=tokens)
def test_changing_the_case_of_letters_is_accepted_unless_case_sensitive(words: list[bytes]) -> None:
    answer = b" ".join(words)
    output = answer.swapcase()

    assert accepted(output, answer)
    assert accepted(output, answer, TokensChecker(case_sensitive=True)) is (output == answer)


@given(
    answer=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    delta=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e3, max_value=1e3),
    tolerance=st.floats(min_value=0, max_value=1e3),
)
def test_absolute_tolerance_accepts_exactly_the_values_within_it(
    answer: float, delta: float, tolerance: float
) -> None:
    output = answer + delta

    within = abs(answer - output) <= tolerance
    assert accepted(
        repr(output).encode(), repr(answer).encode(), TokensChecker(absolute_tolerance=tolerance)
    ) is (within)


@given(
    answer=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    factor=st.floats(min_value=0.5, max_value=1.5),
    tolerance=st.floats(min_value=0, max_value=1),
)
def test_relative_tolerance_accepts_exactly_the_values_within_it(
    answer: float, factor: float, tolerance: float
) -> None:
    output = answer * factor
    spec = TokensChecker(relative_tolerance=tolerance)

    assert accepted(repr(output).encode(), repr(answer).encode(), spec) is (
        abs(answer - output) <= tolerance * abs(answer)
    )
    assert math.isfinite(output)


SPECS = st.builds(
    TokensChecker,
    case_sensitive=st.booleans(),
    space_change_sensitive=st.booleans(),
    absolute_tolerance=st.none() | st.just(0.5),
    relative_tolerance=st.none() | st.just(0.1),
)


@settings(max_examples=400)
@given(output=any_bytes, answer=any_bytes, output_cuts=cuts, answer_cuts=cuts, spec=SPECS)
def test_chunk_boundaries_never_change_the_result(
    output: bytes, answer: bytes, output_cuts: list[int], answer_cuts: list[int], spec: TokensChecker
) -> None:
    whole = check_tokens([output], [answer], spec)

    assert check_tokens(pieces(output, output_cuts), pieces(answer, answer_cuts), spec) == whole


@given(output=any_bytes, answer=any_bytes, output_cuts=cuts, answer_cuts=cuts, spec=SPECS)
def test_chunk_boundaries_never_change_the_result_for_tokens_too_long_to_keep(
    output: bytes, answer: bytes, output_cuts: list[int], answer_cuts: list[int], spec: TokensChecker
) -> None:
    with tiny_items():
        whole = check_tokens([output], [answer], spec)
        chunked = check_tokens(pieces(output, output_cuts), pieces(answer, answer_cuts), spec)

    assert chunked == whole


@given(words=tokens, output_cuts=cuts, answer_cuts=cuts)
def test_case_changes_are_accepted_in_tokens_too_long_to_keep(
    words: list[bytes], output_cuts: list[int], answer_cuts: list[int]
) -> None:
    answer = b" ".join(words)

    with tiny_items():
        result = check_tokens(pieces(answer.swapcase(), output_cuts), pieces(answer, answer_cuts), DEFAULT)

    assert result.verdict is Verdict.ACCEPTED


@given(output=any_bytes, answer=any_bytes, output_cuts=cuts, answer_cuts=cuts)
def test_tokens_too_long_to_keep_still_compare_by_content(
    output: bytes, answer: bytes, output_cuts: list[int], answer_cuts: list[int]
) -> None:
    def verdict(spec: TokensChecker) -> bool:
        with tiny_items():
            result = check_tokens(pieces(output, output_cuts), pieces(answer, answer_cuts), spec)
        return result.verdict is Verdict.ACCEPTED

    assert verdict(DEFAULT) is (output.lower().split() == answer.lower().split())
    assert verdict(STRICT) is (output == answer)


@given(output=any_bytes, answer=any_bytes, spec=SPECS)
def test_checking_bytes_in_memory_judges_as_the_stream_check(
    output: bytes, answer: bytes, spec: TokensChecker
) -> None:
    assert spec.check_bytes(output, answer) == check_tokens([output], [answer], spec)
    assert spec.check_bytes(answer, answer) == check_tokens([answer], [answer], spec)


@given(output=any_bytes, answer=any_bytes, spec=SPECS)
def test_checking_bytes_too_long_to_keep_in_memory_judges_as_the_stream_check(
    output: bytes, answer: bytes, spec: TokensChecker
) -> None:
    with tiny_items():
        assert spec.check_bytes(output, answer) == check_tokens([output], [answer], spec)
        assert spec.check_bytes(output, output) == check_tokens([output], [output], spec)

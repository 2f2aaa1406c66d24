import io

from hypothesis import given

from domain.judging import CheckResult, ExactChecker, Verdict, check_exact
from tests.unit.domain.judging.helpers import any_bytes, cuts, pieces


def test_accepts_identical_bytes() -> None:
    assert check_exact([b"1 2\n"], [b"1 2\n"]).verdict is Verdict.ACCEPTED


def test_reports_line_and_column_of_the_first_difference() -> None:
    result = check_exact([b"abc\nxyZ tail\n"], [b"abc\nxyz tail\n"])

    assert result == CheckResult(
        verdict=Verdict.WRONG_ANSWER, message="line 2, column 3: expected 'z tail\\n', got 'Z tail\\n'"
    )


def test_rejects_a_missing_final_newline() -> None:
    assert check_exact([b"42"], [b"42\n"]).message == "line 1, column 3: output ended, expected '\\n'"


def test_rejects_trailing_extra_bytes() -> None:
    assert check_exact([b"42\n\n"], [b"42\n"]).message == "line 2, column 1: extra output '\\n'"


def test_whitespace_differences_are_wrong() -> None:
    assert check_exact([b"1  2"], [b"1 2"]).verdict is Verdict.WRONG_ANSWER


def test_shows_at_most_64_bytes_of_each_side() -> None:
    result = check_exact([b"a" * 200], [b"b" * 200])

    assert result.message == f"line 1, column 1: expected '{'b' * 64}...', got '{'a' * 64}...'"


def test_reads_binary_files() -> None:
    assert ExactChecker().check(io.BytesIO(b"\x00\xff"), io.BytesIO(b"\x00\xff")).verdict is Verdict.ACCEPTED
    assert (
        ExactChecker().check(io.BytesIO(b"\x00\xfe"), io.BytesIO(b"\x00\xff")).verdict is Verdict.WRONG_ANSWER
    )


@given(output=any_bytes, answer=any_bytes)
def test_accepts_exactly_equal_bytes(output: bytes, answer: bytes) -> None:
    assert (check_exact([output], [answer]).verdict is Verdict.ACCEPTED) is (output == answer)


@given(output=any_bytes, answer=any_bytes, output_cuts=cuts, answer_cuts=cuts)
def test_chunk_boundaries_never_change_the_result(
    output: bytes, answer: bytes, output_cuts: list[int], answer_cuts: list[int]
) -> None:
    whole = check_exact([output], [answer])

    assert check_exact(pieces(output, output_cuts), pieces(answer, answer_cuts)) == whole


@given(output=any_bytes, answer=any_bytes)
def test_checking_bytes_in_memory_judges_as_the_stream_check(output: bytes, answer: bytes) -> None:
    checker = ExactChecker()

    assert checker.check_bytes(output, answer) == check_exact([output], [answer])
    assert checker.check_bytes(answer, answer) == check_exact([answer], [answer])

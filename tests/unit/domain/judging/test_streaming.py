"""Outputs far larger than memory are checked while held only a few chunks at a time."""

import io
import tracemalloc
from collections.abc import Callable, Iterator

import pytest

from domain.judging import CheckResult, TokensChecker, Verdict, check_exact, check_tokens, iter_chunks
from domain.judging.streams import MAX_ITEM_BYTES
from tests.unit.domain.judging.helpers import repeated

FIFTY_MB = 50 << 20
MEMORY_BUDGET = 8 << 20


def peak_memory(run: Callable[[], CheckResult]) -> tuple[CheckResult, int]:
    tracemalloc.start()
    try:
        result = run()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def with_tail(body: Iterator[bytes], tail: bytes) -> Iterator[bytes]:
    yield from body
    yield tail


def test_exact_checks_50_mb_in_bounded_memory() -> None:
    result, peak = peak_memory(
        lambda: check_exact(repeated(b"0123456789\n", FIFTY_MB), repeated(b"0123456789\n", FIFTY_MB))
    )

    assert result.verdict is Verdict.ACCEPTED
    assert peak < MEMORY_BUDGET


def test_tokens_check_50_mb_in_bounded_memory() -> None:
    line = b"%s 3.14159 done\n" % (b"x" * 100)

    result, peak = peak_memory(
        lambda: check_tokens(repeated(line, FIFTY_MB), repeated(line.upper(), FIFTY_MB), TokensChecker())
    )

    assert result.verdict is Verdict.ACCEPTED
    assert peak < MEMORY_BUDGET


def test_a_single_50_mb_token_is_compared_in_bounded_memory() -> None:
    result, peak = peak_memory(
        lambda: check_tokens(
            with_tail(repeated(b"a", FIFTY_MB), b"a"),
            with_tail(repeated(b"A", FIFTY_MB), b"b"),
            TokensChecker(),
        )
    )

    assert result.verdict is Verdict.WRONG_ANSWER
    assert result.message == f"line 1, token 1: expected '{'A' * 64}...', got '{'a' * 64}...'"
    assert peak < MEMORY_BUDGET


def test_a_50_mb_whitespace_run_is_compared_in_bounded_memory_when_space_sensitive() -> None:
    spec = TokensChecker(space_change_sensitive=True)

    result, peak = peak_memory(
        lambda: check_tokens(
            with_tail(repeated(b" \n", FIFTY_MB), b"x"), with_tail(repeated(b" \n", FIFTY_MB), b" x"), spec
        )
    )

    shown = repr(" \n" * 32 + "...")
    assert result.verdict is Verdict.WRONG_ANSWER
    assert result.message == f"line 1: whitespace differs, expected {shown}, got {shown}"
    assert peak < MEMORY_BUDGET


def test_finds_a_difference_after_a_huge_output_and_counts_its_lines() -> None:
    body = b"1 2 3 4 5\n"
    lines = sum(len(block) for block in repeated(body, FIFTY_MB)) // len(body)

    result = check_tokens(
        with_tail(repeated(body, FIFTY_MB), b"6 7\n"),
        with_tail(repeated(body, FIFTY_MB), b"6 8\n"),
        TokensChecker(),
    )

    assert result.message == f"line {lines + 1}, token 2: expected '8', got '7'"


@pytest.mark.parametrize("spec", [TokensChecker(), TokensChecker(space_change_sensitive=True)])
def test_lines_inside_a_huge_whitespace_run_are_counted(spec: TokensChecker) -> None:
    blank = 3 * MAX_ITEM_BYTES

    result = check_tokens(iter([b"\n" * blank, b"x\n"]), iter([b"\n" * blank, b"y\n"]), spec)

    assert result.message == f"line {blank + 1}, token 1: expected 'y', got 'x'"


def test_a_huge_token_differing_only_in_case_is_accepted_unless_case_sensitive() -> None:
    def source(letter: bytes) -> Iterator[bytes]:
        return with_tail(repeated(letter, 1 << 20), b" end\n")

    assert check_tokens(source(b"q"), source(b"Q"), TokensChecker()).verdict is Verdict.ACCEPTED
    assert check_tokens(source(b"q"), source(b"Q"), TokensChecker(case_sensitive=True)).verdict is (
        Verdict.WRONG_ANSWER
    )


def test_a_file_is_read_in_chunks_not_whole() -> None:
    class Recording(io.BytesIO):
        sizes: list[int]

        def read(self, size: int | None = -1, /) -> bytes:
            self.sizes.append(-1 if size is None else size)
            return super().read(size)

    source = Recording(b"x" * 300_000)
    source.sizes = []

    assert b"".join(iter_chunks(source)) == b"x" * 300_000
    assert source.sizes
    assert all(0 < size <= 1 << 16 for size in source.sizes)


def test_oversized_chunks_from_an_iterable_are_sliced() -> None:
    assert max(len(chunk) for chunk in iter_chunks([b"y" * (5 * MAX_ITEM_BYTES)])) <= 1 << 16


@pytest.mark.parametrize("spec", [TokensChecker(), TokensChecker(space_change_sensitive=True)])
@pytest.mark.parametrize(("answer_end", "verdict"), [(b"z", Verdict.ACCEPTED), (b"q", Verdict.WRONG_ANSWER)])
def test_a_token_kept_whole_compares_by_content_with_one_folded_into_a_digest(
    spec: TokensChecker, answer_end: bytes, verdict: Verdict
) -> None:
    length = 100_000
    folded = [b"z", b"z" * MAX_ITEM_BYTES, b"z" * (length - MAX_ITEM_BYTES - 1) + b" "]
    kept_whole = [b"z" * 40_000, b"z" * (length - 40_001) + answer_end + b" "]

    assert check_tokens(iter(folded), iter(kept_whole), spec).verdict is verdict
    assert check_tokens(iter(kept_whole), iter(folded), spec).verdict is verdict

"""The tokens checker: the ICPC/Kattis default output validator, over streams of any size."""

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from domain.judging.checkers.results import ACCEPTED, CheckResult, wrong
from domain.judging.enums import CheckerType
from domain.judging.exceptions import InvalidCheckerError
from domain.judging.streams import Batch, ByteSource, Item, locate, scan

MAX_NUMBER_BYTES = 4096
"""Longer tokens are compared as text only. It must stay below `streams.MAX_ITEM_BYTES`: a token too long
to keep is never a number, so whether a token was kept may not change how it compares."""

_NUMBER = re.compile(rb"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)", re.IGNORECASE)


def _finite_non_negative(name: str, value: float | None) -> None:
    if value is not None and not (math.isfinite(value) and value >= 0):
        raise InvalidCheckerError(f"{name} must be a finite number >= 0", details={name: value})


@dataclass(frozen=True, slots=True, kw_only=True)
class TokensChecker:
    """The ICPC/Kattis default output validator.

    Outputs are compared token by token (tokens are split on ASCII whitespace). With
    `space_change_sensitive` the whitespace between, before and after tokens must match byte for byte too.
    Tokens match when equal (ASCII case-insensitively unless `case_sensitive`) or, when a tolerance is set
    and both are decimal numbers, when |answer - output| <= absolute_tolerance or
    |answer - output| <= relative_tolerance * |answer|. Infinities match only an equal infinity and NaN
    matches nothing numerically (a literal "nan" still matches "nan" as text).
    """

    type: ClassVar[CheckerType] = CheckerType.TOKENS

    case_sensitive: bool = False
    space_change_sensitive: bool = False
    absolute_tolerance: float | None = None
    relative_tolerance: float | None = None

    def __post_init__(self) -> None:
        _finite_non_negative("absolute_tolerance", self.absolute_tolerance)
        _finite_non_negative("relative_tolerance", self.relative_tolerance)

    @property
    def uses_tolerance(self) -> bool:
        return self.absolute_tolerance is not None or self.relative_tolerance is not None

    def check(self, output: ByteSource, answer: ByteSource) -> CheckResult:
        return check_tokens(output, answer, self)

    def check_bytes(self, output: bytes, answer: bytes) -> CheckResult:
        """`check` over an output and an answer held in memory: equal bytes are equal token lists with equal
        whitespace, accepted under every option without scanning them."""
        return ACCEPTED if output == answer else check_tokens([output], [answer], self)


def _parse_number(token: Item) -> float | None:
    if not isinstance(token, bytes) or len(token) > MAX_NUMBER_BYTES or not _NUMBER.fullmatch(token):
        return None
    return float(token)


def _numbers_match(expected: Item, got: Item, spec: TokensChecker) -> bool:
    answer, value = _parse_number(expected), _parse_number(got)
    if answer is None or value is None:
        return False
    if not (math.isfinite(answer) and math.isfinite(value)):
        return answer == value
    difference = abs(answer - value)
    return (spec.absolute_tolerance is not None and difference <= spec.absolute_tolerance) or (
        spec.relative_tolerance is not None and difference <= spec.relative_tolerance * abs(answer)
    )


class _Cursor:
    def __init__(self, batches: Iterator[Batch]) -> None:
        self._batches = batches
        self.batch = Batch([], b"", 1, 0)
        self.index = 0

    def ready(self) -> bool:
        """Moves to the next unread item; False at the end of the stream."""
        while self.index >= len(self.batch.items):
            batch = next(self._batches, None)
            if batch is None:
                return False
            self.batch, self.index = batch, 0
        return True


def check_tokens(output: ByteSource, answer: ByteSource, spec: TokensChecker) -> CheckResult:
    """Token comparison with `spec`'s options (see `TokensChecker`). Messages locate the first mismatch
    in the output: "line L, token T: expected '5', got '6'"."""
    options = {"keep_space": spec.space_change_sensitive, "fold_case": not spec.case_sensitive}
    out, ans = _Cursor(scan(output, **options)), _Cursor(scan(answer, **options))
    while True:
        has_output, has_answer = out.ready(), ans.ready()
        if not has_output and not has_answer:
            return ACCEPTED
        if not has_answer:
            return wrong(_mismatch(out, None, spec))
        if not has_output:
            return wrong(_mismatch(out, ans, spec))
        count = min(len(out.batch.items) - out.index, len(ans.batch.items) - ans.index)
        got = out.batch.items[out.index : out.index + count]
        expected = ans.batch.items[ans.index : ans.index + count]
        if got != expected:
            for offset, (got_item, expected_item) in enumerate(zip(got, expected, strict=True)):
                if got_item != expected_item and not (
                    spec.uses_tolerance and _numbers_match(expected_item, got_item, spec)
                ):
                    out.index += offset
                    ans.index += offset
                    return wrong(_mismatch(out, ans, spec))
        out.index += count
        ans.index += count


def _mismatch(out: _Cursor, ans: _Cursor | None, spec: TokensChecker) -> str:
    keep_space = spec.space_change_sensitive
    if out.index >= len(out.batch.items):
        # `out.batch` is the empty end-of-stream batch: it holds where the output ended.
        assert ans is not None
        expected = locate(ans.batch, ans.index, keep_space=keep_space)
        return f"line {out.batch.line}: output ended, expected {expected.shown}"
    got = locate(out.batch, out.index, keep_space=keep_space)
    where = f"line {got.line}, token {got.token}"
    if ans is None:
        return f"{where}: extra output {got.shown} after the answer ended"
    expected = locate(ans.batch, ans.index, keep_space=keep_space)
    if got.space or expected.space:
        return f"line {got.line}: whitespace differs, expected {expected.shown}, got {got.shown}"
    return f"{where}: expected {expected.shown}, got {got.shown}"

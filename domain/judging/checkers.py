"""Checkers: how a test's output is judged against its answer.

Built-in checkers are pure functions over byte streams that never hold a whole output in memory.
Custom checkers run in the sandbox elsewhere; here only their exit is interpreted, and a checker that
misbehaves yields a `CheckerFailure` (an internal error), never an exception.
"""

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar

from domain.judging.enums import CheckerProtocol, CheckerType, Verdict
from domain.judging.exceptions import InvalidCheckerError, InvalidCheckResultError
from domain.judging.streams import (
    SHOWN_BYTES,
    Batch,
    ByteSource,
    Item,
    iter_chunks,
    locate,
    scan,
    show,
)

MAX_MESSAGE_CHARS = 1024
_CHECKER_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")
MAX_NUMBER_BYTES = 4096
"""Longer tokens are compared as text only. It must stay below `streams.MAX_ITEM_BYTES`: a token too long
to keep is never a number, so whether a token was kept may not change how it compares."""

_NUMBER = re.compile(rb"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult:
    """A checker's judgement. `score` is a fraction in [0, 1] for checkers that give partial credit, None
    otherwise. Partial credit is not acceptance: a score below 1 comes with `wrong_answer`."""

    verdict: Verdict
    message: str = ""
    score: float | None = None

    def __post_init__(self) -> None:
        if self.verdict not in (Verdict.ACCEPTED, Verdict.WRONG_ANSWER):
            raise InvalidCheckResultError(
                "a checker accepts or rejects", details={"verdict": str(self.verdict)}
            )
        if self.score is not None and not 0.0 <= self.score <= 1.0:
            raise InvalidCheckResultError("a score is a fraction in [0, 1]", details={"score": self.score})


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckerFailure:
    """The checker itself failed (testlib FAIL, an unknown exit code, a malformed score): the test is an
    internal error, not the contestant's fault."""

    reason: str

    @property
    def verdict(self) -> Verdict:
        return Verdict.INTERNAL_ERROR

    @property
    def message(self) -> str:
        return self.reason

    @property
    def score(self) -> None:
        return None


CheckOutcome = CheckResult | CheckerFailure

_ACCEPTED = CheckResult(verdict=Verdict.ACCEPTED)


def _wrong(message: str) -> CheckResult:
    return CheckResult(verdict=Verdict.WRONG_ANSWER, message=message)


def _finite_non_negative(name: str, value: float | None) -> None:
    if value is not None and not (math.isfinite(value) and value >= 0):
        raise InvalidCheckerError(f"{name} must be a finite number >= 0", details={name: value})


# --- checker specs ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ExactChecker:
    """Output must equal the answer byte for byte."""

    type: ClassVar[CheckerType] = CheckerType.EXACT

    def check(self, output: ByteSource, answer: ByteSource) -> CheckResult:
        return check_exact(output, answer)


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


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckerFile:
    """One source file of a checker made of several (a validator with its headers)."""

    name: str
    content: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomChecker:
    """An author's checker program, compiled in `language` and run in the sandbox under `protocol`: one
    `source`, or several `files` compiled together (the first is the entry point where a language needs
    one)."""

    type: ClassVar[CheckerType] = CheckerType.CUSTOM

    protocol: CheckerProtocol
    language: str
    source: str = ""
    files: tuple[CheckerFile, ...] = ()
    flags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.language.strip():
            raise InvalidCheckerError("a custom checker needs a language", details={"field": "language"})
        if self.files and self.source.strip():
            raise InvalidCheckerError(
                "give a checker's `source` or its `files`, not both", details={"field": "files"}
            )
        if not self.files and not self.source.strip():
            raise InvalidCheckerError("a custom checker needs source code", details={"field": "source"})
        names = [file.name for file in self.files]
        for name in names:
            if not _CHECKER_FILE_NAME.fullmatch(name):
                raise InvalidCheckerError(
                    f"checker file name {name!r} must match {_CHECKER_FILE_NAME.pattern}",
                    details={"field": "files", "name": name},
                )
        if len(set(names)) != len(names):
            raise InvalidCheckerError("checker file names must be unique", details={"field": "files"})
        if self.files and not any(file.content.strip() for file in self.files):
            raise InvalidCheckerError("a custom checker needs source code", details={"field": "files"})
        for flag in self.flags:
            if not flag or "\0" in flag:
                raise InvalidCheckerError(
                    "checker flags must be non-empty and free of NUL bytes", details={"flag": flag}
                )


BuiltinChecker = ExactChecker | TokensChecker
CheckerSpec = ExactChecker | TokensChecker | CustomChecker


# --- exact -----------------------------------------------------------------------------------------------


class _Reader:
    """A byte stream with a small look-ahead buffer."""

    def __init__(self, source: ByteSource) -> None:
        self._chunks = iter_chunks(source)
        self.buffer = b""

    def fill(self, size: int) -> bytes:
        while len(self.buffer) < size and (chunk := next(self._chunks, b"")):
            self.buffer += chunk
        return self.buffer


def _first_difference(left: bytes, right: bytes) -> int:
    return next(index for index, (a, b) in enumerate(zip(left, right, strict=True)) if a != b)


def _advance(line: int, column: int, data: bytes) -> tuple[int, int]:
    newlines = data.count(b"\n")
    if not newlines:
        return line, column + len(data)
    return line + newlines, len(data) - data.rfind(b"\n")


def check_exact(output: ByteSource, answer: ByteSource) -> CheckResult:
    """Byte-exact comparison. The message locates the first difference in the output (line and column
    from 1) and shows what follows it on both sides."""
    out, ans = _Reader(output), _Reader(answer)
    line, column = 1, 1
    while True:
        got, expected = out.fill(1), ans.fill(1)
        if not got and not expected:
            return _ACCEPTED
        common = min(len(got), len(expected))
        if got and expected and got[:common] == expected[:common]:
            line, column = _advance(line, column, got[:common])
            out.buffer, ans.buffer = got[common:], expected[common:]
            continue
        differ_at = _first_difference(got[:common], expected[:common]) if got and expected else 0
        line, column = _advance(line, column, got[:differ_at])
        got_rest = out.fill(differ_at + SHOWN_BYTES + 1)[differ_at:]
        expected_rest = ans.fill(differ_at + SHOWN_BYTES + 1)[differ_at:]
        where = f"line {line}, column {column}"
        if not got_rest:
            return _wrong(f"{where}: output ended, expected {show(expected_rest)}")
        if not expected_rest:
            return _wrong(f"{where}: extra output {show(got_rest)}")
        return _wrong(f"{where}: expected {show(expected_rest)}, got {show(got_rest)}")


# --- tokens ----------------------------------------------------------------------------------------------


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
            return _ACCEPTED
        if not has_answer:
            return _wrong(_mismatch(out, None, spec))
        if not has_output:
            return _wrong(_mismatch(out, ans, spec))
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
                    return _wrong(_mismatch(out, ans, spec))
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


# --- custom checkers' exits ------------------------------------------------------------------------------


def _text(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS] + "..."


def _scored(score: float, message: str) -> CheckResult:
    verdict = Verdict.ACCEPTED if score >= 1.0 else Verdict.WRONG_ANSWER
    return CheckResult(verdict=verdict, message=message, score=min(score, 1.0))


def _parse_fraction(text: str) -> float | None:
    """A fraction in [0, 1] at the start of `text`, tolerating 1.0000000001 from %.10f printing."""
    found = _LEADING_NUMBER.match(text)
    if found is None:
        return None
    value = float(found.group(1))
    return value if 0.0 <= value <= 1.0 + 1e-9 else None


_LEADING_NUMBER = re.compile(r"\s*(?:points\s+)?([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?=\s|$)", re.I)


def _testlib_points(message: str) -> CheckOutcome:
    score = _parse_fraction(message)
    if score is None:
        return CheckerFailure(reason=f"checker gave points without a fraction in [0, 1]: {message!r}")
    return _scored(score, message)


def _testlib_verdict(verdict: Verdict, default_message: str) -> Callable[[str], CheckOutcome]:
    return lambda message: CheckResult(verdict=verdict, message=message or default_message)


def _with_message(summary: str, message: str) -> str:
    return f"{summary}: {message}" if message else summary


def _testlib_fail(message: str) -> CheckOutcome:
    return CheckerFailure(reason=_with_message("checker failed", message))


_TESTLIB_EXITS: Mapping[int, Callable[[str], CheckOutcome]] = {
    0: _testlib_verdict(Verdict.ACCEPTED, ""),
    1: _testlib_verdict(Verdict.WRONG_ANSWER, "wrong answer"),
    2: _testlib_verdict(Verdict.WRONG_ANSWER, "presentation error"),
    3: _testlib_fail,
    4: _testlib_verdict(Verdict.WRONG_ANSWER, "wrong output format"),  # _dirt: extra data in the output
    7: _testlib_points,
    8: _testlib_verdict(Verdict.WRONG_ANSWER, "unexpected end of output"),
}


def interpret_testlib(exit_code: int, stdout: bytes, stderr: bytes) -> CheckOutcome:
    """A testlib checker's exit: 0 OK, 1 WA, 2 PE (reported as wrong answer), 4 dirt and 8 unexpected EOF
    (wrong answer as well), 3 FAIL (checker failure), 7 points. For points the message (stderr, as
    testlib writes it: "points 0.5 msg" or "0.5 msg") must start with a fraction in [0, 1], optionally
    after the word "points"; it becomes the score (a score of 1 is accepted, less is a wrong answer with
    partial credit). Any other exit code is a checker failure. The message is stderr, else stdout."""
    message = _text(stderr) or _text(stdout)
    handler = _TESTLIB_EXITS.get(exit_code)
    if handler is None:
        return CheckerFailure(reason=_with_message(f"checker exited with code {exit_code}", message))
    return handler(message)


KATTIS_ACCEPT = 42
KATTIS_REJECT = 43


def interpret_kattis(exit_code: int, judgemessage: bytes, score_txt: bytes | None = None) -> CheckOutcome:
    """A Kattis output validator's exit: 42 accept, 43 reject, anything else a checker failure. The
    message is judgemessage.txt. On accept, score.txt (if present) must hold a fraction in [0, 1]: a score
    below 1 is a wrong answer with partial credit. score.txt is ignored on reject."""
    message = _text(judgemessage)
    if exit_code == KATTIS_REJECT:
        return CheckResult(verdict=Verdict.WRONG_ANSWER, message=message or "wrong answer")
    if exit_code != KATTIS_ACCEPT:
        return CheckerFailure(reason=_with_message(f"validator exited with code {exit_code}", message))
    if score_txt is None:
        return CheckResult(verdict=Verdict.ACCEPTED, message=message)
    score_text = _text(score_txt)
    score = _parse_fraction(score_text) if re.fullmatch(r"\S+", score_text) else None
    if score is None:
        return CheckerFailure(reason=f"score.txt does not hold a fraction in [0, 1]: {score_text!r}")
    return _scored(score, message)

"""The exact checker: output and answer must be equal byte for byte."""

from dataclasses import dataclass
from typing import ClassVar

from domain.judging.checkers.results import ACCEPTED, CheckResult, wrong
from domain.judging.enums import CheckerType
from domain.judging.streams import SHOWN_BYTES, ByteSource, iter_chunks, show


@dataclass(frozen=True, slots=True, kw_only=True)
class ExactChecker:
    """Output must equal the answer byte for byte."""

    type: ClassVar[CheckerType] = CheckerType.EXACT

    def check(self, output: ByteSource, answer: ByteSource) -> CheckResult:
        return check_exact(output, answer)

    def check_bytes(self, output: bytes, answer: bytes) -> CheckResult:
        """`check` over an output and an answer held in memory (equal bytes need no scan)."""
        return ACCEPTED if output == answer else check_exact([output], [answer])


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
            return ACCEPTED
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
            return wrong(f"{where}: output ended, expected {show(expected_rest)}")
        if not expected_rest:
            return wrong(f"{where}: extra output {show(got_rest)}")
        return wrong(f"{where}: expected {show(expected_rest)}, got {show(got_rest)}")

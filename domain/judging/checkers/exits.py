"""What the custom checkers' protocols share: their messages, scores and failures."""

import re

from domain.judging.checkers.results import CheckResult
from domain.judging.enums import Verdict

MAX_MESSAGE_CHARS = 1024

_LEADING_NUMBER = re.compile(r"\s*(?:points\s+)?([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?=\s|$)", re.I)


def text(data: bytes) -> str:
    """A checker's message: decoded, stripped and capped at MAX_MESSAGE_CHARS."""
    decoded = data.decode("utf-8", "replace").strip()
    return decoded if len(decoded) <= MAX_MESSAGE_CHARS else decoded[:MAX_MESSAGE_CHARS] + "..."


def scored(score: float, message: str) -> CheckResult:
    """Partial credit: a score of 1 is accepted, less is a wrong answer keeping its score."""
    verdict = Verdict.ACCEPTED if score >= 1.0 else Verdict.WRONG_ANSWER
    return CheckResult(verdict=verdict, message=message, score=min(score, 1.0))


def parse_fraction(value: str) -> float | None:
    """A fraction in [0, 1] at the start of `value`, tolerating 1.0000000001 from %.10f printing."""
    found = _LEADING_NUMBER.match(value)
    if found is None:
        return None
    number = float(found.group(1))
    return number if 0.0 <= number <= 1.0 + 1e-9 else None


def with_message(summary: str, message: str) -> str:
    return f"{summary}: {message}" if message else summary

"""The Kattis output-validator protocol: `validator input answer feedback_dir [flags] < output`."""

import re

from domain.judging.checkers.exits import parse_fraction, scored, text, with_message
from domain.judging.checkers.results import CheckerFailure, CheckResult, Judgement
from domain.judging.enums import Verdict

KATTIS_ACCEPT = 42
KATTIS_REJECT = 43


def interpret_kattis(exit_code: int, judgemessage: bytes, score_txt: bytes | None = None) -> Judgement:
    """A Kattis output validator's exit: 42 accept, 43 reject, anything else a checker failure. The
    message is judgemessage.txt. On accept, score.txt (if present) must hold a fraction in [0, 1]: a score
    below 1 is a wrong answer with partial credit. score.txt is ignored on reject."""
    message = text(judgemessage)
    if exit_code == KATTIS_REJECT:
        return CheckResult(verdict=Verdict.WRONG_ANSWER, message=message or "wrong answer")
    if exit_code != KATTIS_ACCEPT:
        return CheckerFailure(reason=with_message(f"validator exited with code {exit_code}", message))
    if score_txt is None:
        return CheckResult(verdict=Verdict.ACCEPTED, message=message)
    score_text = text(score_txt)
    score = parse_fraction(score_text) if re.fullmatch(r"\S+", score_text) else None
    if score is None:
        return CheckerFailure(reason=f"score.txt does not hold a fraction in [0, 1]: {score_text!r}")
    return scored(score, message)

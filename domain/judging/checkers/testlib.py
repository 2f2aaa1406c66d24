"""The testlib protocol: `checker input output answer`; the exit code is the verdict."""

from collections.abc import Callable, Mapping

from domain.judging.checkers.exits import parse_fraction, scored, text, with_message
from domain.judging.checkers.results import CheckerFailure, CheckResult, Judgement
from domain.judging.enums import Verdict


def _points(message: str) -> Judgement:
    score = parse_fraction(message)
    if score is None:
        return CheckerFailure(reason=f"checker gave points without a fraction in [0, 1]: {message!r}")
    return scored(score, message)


def _verdict(verdict: Verdict, default_message: str) -> Callable[[str], Judgement]:
    return lambda message: CheckResult(verdict=verdict, message=message or default_message)


def _fail(message: str) -> Judgement:
    return CheckerFailure(reason=with_message("checker failed", message))


_EXITS: Mapping[int, Callable[[str], Judgement]] = {
    0: _verdict(Verdict.ACCEPTED, ""),
    1: _verdict(Verdict.WRONG_ANSWER, "wrong answer"),
    2: _verdict(Verdict.WRONG_ANSWER, "presentation error"),
    3: _fail,
    4: _verdict(Verdict.WRONG_ANSWER, "wrong output format"),  # _dirt: extra data in the output
    7: _points,
    8: _verdict(Verdict.WRONG_ANSWER, "unexpected end of output"),
}


def interpret_testlib(exit_code: int, stdout: bytes, stderr: bytes) -> Judgement:
    """A testlib checker's exit: 0 OK, 1 WA, 2 PE (reported as wrong answer), 4 dirt and 8 unexpected EOF
    (wrong answer as well), 3 FAIL (checker failure), 7 points. For points the message (stderr, as
    testlib writes it: "points 0.5 msg" or "0.5 msg") must start with a fraction in [0, 1], optionally
    after the word "points"; it becomes the score (a score of 1 is accepted, less is a wrong answer with
    partial credit). Any other exit code is a checker failure. The message is stderr, else stdout."""
    message = text(stderr) or text(stdout)
    handler = _EXITS.get(exit_code)
    if handler is None:
        return CheckerFailure(reason=with_message(f"checker exited with code {exit_code}", message))
    return handler(message)

"""What a checker says about one output."""

from dataclasses import dataclass

from domain.judging.enums import Verdict
from domain.judging.exceptions import InvalidCheckResultError


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult:
    """A checker's judgement of the contestant's output. `score` is a fraction in [0, 1] for checkers that
    give partial credit, None otherwise. Partial credit is not acceptance: a score below 1 comes with
    `wrong_answer`."""

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


Judgement = CheckResult | CheckerFailure
"""Everything a checker can end with: a judgement of the output, or its own failure."""

ACCEPTED = CheckResult(verdict=Verdict.ACCEPTED)


def wrong(message: str) -> CheckResult:
    return CheckResult(verdict=Verdict.WRONG_ANSWER, message=message)

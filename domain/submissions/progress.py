"""A submission's progress as a sequence of positioned steps, for live streams that resume.

The steps of one judging attempt `a`, each with a position `a.seq` that a client sends back to resume:

```
  0.1 queued ── a.2 compiling ── a.3 test #1 ── a.4 test #2 ── … ── a.(3+n) verdict
```

* `queued` is always first (position 0.1: before any attempt).
* `compiling` comes once the submission is claimed (a worker judges attempt `a`).
* Tests come in test order. While judging, only the unbroken run of tests from the first is shown (tests
  judged in parallel may finish out of order; a later one waits until those before it are in), so a
  position never names a different test later. Once finished, every stored test is shown, then `verdict`.
* A new attempt (the lease ran out, a rejudge) starts again at `compiling`, with the new attempt's number,
  so a client resuming from an older attempt receives the new attempt from its start.

`steps_after(submission, last)` is everything the client at `last` has not seen, in order: exactly once, no
gaps, whatever moment it reconnects at.
"""

from dataclasses import dataclass
from enum import StrEnum

from domain.exceptions import ValidationError
from domain.judging.enums import SubmissionStatus
from domain.submissions.entities import Submission, TestResult


class InvalidProgressPositionError(ValidationError):
    code = "invalid_last_event_id"


class StepKind(StrEnum):
    QUEUED = "queued"
    COMPILING = "compiling"
    TEST = "test"
    VERDICT = "verdict"


@dataclass(frozen=True, slots=True, order=True)
class Position:
    attempt: int
    seq: int

    def __str__(self) -> str:
        return f"{self.attempt}.{self.seq}"

    @classmethod
    def parse(cls, text: str) -> "Position":
        attempt, dot, seq = text.strip().partition(".")
        if (
            not dot
            or not (attempt.isascii() and attempt.isdigit())
            or not (seq.isascii() and seq.isdigit())
            or len(text) > 24
        ):
            raise InvalidProgressPositionError(
                "Last-Event-ID is not an id this stream sent (attempt.seq, e.g. 1.4).",
                details={"last_event_id": text[:40]},
            )
        return cls(int(attempt), int(seq))


QUEUED_POSITION = Position(0, 1)


@dataclass(frozen=True, slots=True)
class Step:
    position: Position
    kind: StepKind
    test: TestResult | None = None


def steps(submission: Submission) -> list[Step]:
    """Every step the submission's current state shows."""
    shown = [Step(QUEUED_POSITION, StepKind.QUEUED)]
    if submission.status is SubmissionStatus.QUEUED or submission.attempt < 1:
        return shown
    attempt = submission.attempt
    shown.append(Step(Position(attempt, 2), StepKind.COMPILING))
    finished = submission.status is SubmissionStatus.FINISHED
    tests = sorted(submission.tests, key=lambda test: test.index)
    if not finished:
        tests = _unbroken(tests)
    seq = 3
    for test in tests:
        shown.append(Step(Position(attempt, seq), StepKind.TEST, test))
        seq += 1
    if finished:
        shown.append(Step(Position(attempt, seq), StepKind.VERDICT))
    return shown


FIRST_TEST_INDEX = 1
"""Test results are numbered from 1, in judging order."""


def _unbroken(tests: list[TestResult]) -> list[TestResult]:
    run: list[TestResult] = []
    for expected, test in enumerate(tests, FIRST_TEST_INDEX):
        if test.index != expected:
            break
        run.append(test)
    return run


def steps_after(submission: Submission, last: Position | None) -> list[Step]:
    """The steps a client that has seen up to `last` has not seen (all of them when `last` is None)."""
    if last is None:
        return steps(submission)
    return [step for step in steps(submission) if _after(step.position, last)]


def _after(position: Position, last: Position) -> bool:
    if position.attempt == 0:
        return False  # `queued`: seen by anyone who has a position
    if position.attempt != last.attempt:
        return position.attempt > last.attempt
    return position.seq > last.seq

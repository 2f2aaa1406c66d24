"""`domain/submissions/progress.py`: the positions of a submission's live progress, and resuming after any of
them gives the rest exactly once."""

import uuid
from datetime import UTC, datetime

import pytest

from domain.judging.enums import SubmissionStatus, Verdict
from domain.submissions.entities import Submission, TestResult
from domain.submissions.progress import InvalidProgressPositionError, Position, StepKind, steps, steps_after


def _test(index: int) -> TestResult:
    return TestResult(
        index=index,
        test_id=uuid.uuid4(),
        name=f"{index:02}",
        group="default",
        verdict=Verdict.ACCEPTED,
        time_ms=1,
        wall_time_ms=2,
        memory_kb=3,
    )


def _submission(status: SubmissionStatus, attempt: int, indexes: list[int]) -> Submission:
    return Submission(
        id=uuid.uuid4(),
        problem_id=uuid.uuid4(),
        language="python3",
        files=[],
        status=status,
        attempt=attempt,
        tests=[_test(index) for index in indexes],
        created_at=datetime.now(UTC),
    )


def _shown(submission: Submission, last: Position | None = None) -> list[str]:
    return [
        f"{step.position}:{step.kind}" + (f"#{step.test.index}" if step.test else "")
        for step in steps_after(submission, last)
    ]


def test_a_queued_submission_shows_queued_only() -> None:
    assert _shown(_submission(SubmissionStatus.QUEUED, 0, [])) == ["0.1:queued"]


def test_while_judging_only_the_unbroken_run_of_tests_from_the_first_is_shown() -> None:
    judging = _submission(SubmissionStatus.JUDGING, 1, [1, 2, 4])
    assert _shown(judging) == ["0.1:queued", "1.2:compiling", "1.3:test#1", "1.4:test#2"]


def test_a_finished_submission_shows_every_stored_test_then_the_verdict() -> None:
    finished = _submission(SubmissionStatus.FINISHED, 1, [4, 1, 2])
    assert _shown(finished) == [
        "0.1:queued",
        "1.2:compiling",
        "1.3:test#1",
        "1.4:test#2",
        "1.5:test#4",
        "1.6:verdict",
    ]


@pytest.mark.parametrize("seen", range(6))
def test_resuming_after_any_position_gives_the_rest_exactly_once(seen: int) -> None:
    # The same submission seen while judging, then finished: what a client got plus what it gets after
    # reconnecting is the whole sequence, once.
    judging = _submission(SubmissionStatus.JUDGING, 1, [1, 2, 3])
    finished = _submission(SubmissionStatus.FINISHED, 1, [1, 2, 3, 4])
    before = steps(judging)[:seen] if seen <= len(steps(judging)) else steps(judging)
    last = before[-1].position if before else None
    after = steps_after(finished, last)
    whole = [step.position for step in before] + [step.position for step in after]
    assert whole == [step.position for step in steps(finished)]
    assert after[-1].kind is StepKind.VERDICT


def test_a_new_attempt_is_sent_from_its_start_to_a_client_of_the_previous_one() -> None:
    rejudged = _submission(SubmissionStatus.JUDGING, 2, [1])
    assert _shown(rejudged, Position(1, 7)) == ["2.2:compiling", "2.3:test#1"]


def test_a_client_that_saw_queued_gets_nothing_new_while_it_waits() -> None:
    assert _shown(_submission(SubmissionStatus.QUEUED, 1, []), Position(0, 1)) == []


@pytest.mark.parametrize("text", ["", "1", "a.b", "1.2.3", "-1.2", "1 .2", "١.٢", "9" * 30 + ".1"])
def test_a_position_that_was_never_sent_is_refused(text: str) -> None:
    with pytest.raises(InvalidProgressPositionError):
        Position.parse(text)


def test_a_position_reads_back_as_sent() -> None:
    assert Position.parse(str(Position(3, 14))) == Position(3, 14)

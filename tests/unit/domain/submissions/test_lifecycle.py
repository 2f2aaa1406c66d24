"""The lifecycle table, state by state: what each transition is allowed from, and what it changes."""

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from domain.judging.enums import SubmissionStatus, Verdict
from domain.submissions.entities import Claim, Submission
from domain.submissions.lifecycle import Transition, TransitionNotAllowedError
from tests.unit.application.submissions.fakes import ACCEPTED as RESULT
from tests.unit.application.submissions.fakes import new_submission as queued
from tests.unit.fakes import NOW

WORKER = uuid.uuid4()


def judging(lease: timedelta) -> tuple[Submission, Claim]:
    """Claimed by WORKER a minute ago, its lease ending `lease` after NOW."""
    submission = queued()
    claim = submission.claim(WORKER, NOW - timedelta(minutes=1), NOW + lease)
    return submission, claim


def finished() -> Submission:
    submission, claim = judging(timedelta(seconds=10))
    submission.finish(claim, RESULT, NOW)
    return submission


def someone_else(claim: Claim) -> Claim:
    return replace(claim, worker_id=uuid.uuid4())


ALLOWED = {
    # state:            CLAIM, REAP,  REQUEUE
    "queued": (True, False, True),
    "judging, live lease": (False, False, True),
    "judging, lease ran out": (True, True, True),
    "finished": (False, False, True),
}


@pytest.mark.parametrize("state", ALLOWED)
def test_claim_reap_and_requeue_are_allowed_exactly_from_their_states(state: str) -> None:
    submission = {
        "queued": queued,
        "judging, live lease": lambda: judging(timedelta(seconds=10))[0],
        "judging, lease ran out": lambda: judging(timedelta(seconds=-1))[0],
        "finished": finished,
    }[state]()

    allowed = tuple(
        submission.permits(transition, now=NOW)
        for transition in (Transition.CLAIM, Transition.REAP, Transition.REQUEUE)
    )

    assert allowed == ALLOWED[state]


@pytest.mark.parametrize("lease", [timedelta(seconds=10), timedelta(seconds=-1)], ids=["live", "ran out"])
@pytest.mark.parametrize("transition", [Transition.RENEW, Transition.RECORD, Transition.FINISH])
def test_only_the_holder_of_the_current_attempt_renews_records_or_finishes(
    transition: Transition, lease: timedelta
) -> None:
    submission, claim = judging(lease)

    assert submission.permits(transition, claim=claim)  # the clock alone never ends a claim
    assert not submission.permits(transition, claim=someone_else(claim))
    assert not submission.permits(transition, claim=replace(claim, attempt=claim.attempt - 1))
    assert not submission.permits(transition, claim=replace(claim, submission_id=uuid.uuid4()))
    assert not finished().permits(transition, claim=claim)


def test_a_claim_starts_an_attempt_and_a_takeover_the_next_one() -> None:
    submission = queued()
    first = submission.claim(WORKER, NOW, NOW + timedelta(seconds=30))
    assert (first.attempt, first.tries, submission.status) == (1, 1, SubmissionStatus.JUDGING)
    assert (submission.lease_owner, submission.claimed_at) == (WORKER, NOW)

    with pytest.raises(TransitionNotAllowedError):
        submission.claim(uuid.uuid4(), NOW + timedelta(seconds=29), NOW + timedelta(seconds=59))
    later = NOW + timedelta(seconds=31)
    second = submission.claim(uuid.uuid4(), later, later + timedelta(seconds=30))

    assert (second.attempt, second.tries) == (2, 2)
    with pytest.raises(TransitionNotAllowedError):
        submission.finish(first, RESULT, later)


def test_finish_records_the_result_and_releases_the_lease() -> None:
    submission, claim = judging(timedelta(seconds=10))

    submission.finish(claim, RESULT, NOW)

    assert (submission.status, submission.verdict, submission.finished_at) == (
        SubmissionStatus.FINISHED,
        Verdict.ACCEPTED,
        NOW,
    )
    assert (submission.lease_owner, submission.lease_until) == (None, None)


def test_reaping_keeps_the_tries_and_a_rejudge_resets_them_but_never_the_attempt() -> None:
    submission, _ = judging(timedelta(seconds=-1))

    submission.reap(NOW)
    assert (submission.status, submission.attempt, submission.tries) == (SubmissionStatus.QUEUED, 1, 1)
    claim = submission.claim(WORKER, NOW, NOW + timedelta(seconds=30))
    assert (claim.attempt, claim.tries) == (2, 2)

    submission.finish(claim, RESULT, NOW)
    submission.requeue()
    assert (submission.status, submission.verdict, submission.attempt, submission.tries) == (
        SubmissionStatus.QUEUED,
        None,
        2,
        0,
    )
    again = submission.claim(WORKER, NOW, NOW + timedelta(seconds=30))
    assert (again.attempt, again.tries) == (3, 1)


def test_the_attempt_cap_is_passed_by_the_claim_after_the_last_allowed_try() -> None:
    claim = Claim(submission_id=uuid.uuid4(), attempt=7, tries=3, worker_id=WORKER, lease_until=NOW)

    assert not claim.exceeds(3)
    assert replace(claim, tries=4).exceeds(3)


def test_a_guard_on_the_lease_asked_without_the_clock_or_the_claim_is_a_caller_bug() -> None:
    submission, _ = judging(timedelta(seconds=10))

    with pytest.raises(ValueError, match="current time"):
        submission.permits(Transition.REAP)
    with pytest.raises(ValueError, match="claim"):
        submission.permits(Transition.FINISH)

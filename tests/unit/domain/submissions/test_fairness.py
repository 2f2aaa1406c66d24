"""The fair claim order on its own (the stores apply it; the contract suite checks they do)."""

import uuid
from datetime import timedelta
from uuid import UUID

from domain.submissions.entities import Submission
from domain.submissions.fairness import Share, fairest, shares
from tests.unit.application.submissions.fakes import ACCEPTED, new_submission
from tests.unit.fakes import NOW

A, B = uuid.uuid4(), uuid.uuid4()


def submission(account: UUID | None, age_seconds: int) -> Submission:
    return new_submission(account, created_at=NOW - timedelta(seconds=age_seconds))


def test_fewer_in_flight_beats_served_longer_ago_which_beats_older() -> None:
    a_old, b_new = submission(A, 100), submission(B, 1)

    assert fairest([a_old, b_new], {}) is a_old  # nobody served: the oldest
    assert fairest([a_old, b_new], {A: Share(in_flight=1)}) is b_new
    served = {A: Share(last_claimed_at=NOW), B: Share(last_claimed_at=NOW - timedelta(hours=1))}
    assert fairest([a_old, b_new], served) is b_new
    assert fairest([a_old, b_new], {A: Share(last_claimed_at=NOW)}) is b_new  # B never served
    busy_b = {A: Share(in_flight=1, last_claimed_at=NOW), B: Share(in_flight=2)}
    assert fairest([a_old, b_new], busy_b) is a_old
    assert fairest([], {}) is None


def test_shares_count_live_leases_and_the_latest_claim_per_account() -> None:
    live, dead, done, ownerless = (submission(A, 9), submission(A, 8), submission(A, 7), submission(None, 6))
    live.claim(uuid.uuid4(), NOW - timedelta(seconds=5), NOW + timedelta(seconds=30))
    dead.claim(uuid.uuid4(), NOW - timedelta(seconds=60), NOW - timedelta(seconds=30))
    claim = done.claim(uuid.uuid4(), NOW - timedelta(seconds=1), NOW + timedelta(seconds=30))
    done.finish(claim, ACCEPTED, NOW)
    ownerless.claim(uuid.uuid4(), NOW, NOW + timedelta(seconds=30))

    assert shares([live, dead, done, ownerless, submission(B, 1)], NOW) == {
        A: Share(in_flight=1, last_claimed_at=NOW - timedelta(seconds=1))
    }

"""Fair claims between accounts: one account's queue cannot starve another's.

A worker woken to judge does not take the submission that woke it but the fairest one it can judge (its
languages, a custom checker's language included). Among those, smaller first:

1. the account's submissions **in flight** (judging under a live lease, compiling included): an account
   judged on k slots waits behind every account judged on fewer;
2. then the account **served least recently** (its latest claim is the oldest; never served comes first):
   round robin between accounts with as many in flight, so an account whose judging just ended does not
   take the next slot again ahead of one that waited;
3. then the **oldest** submission (and its id, to break exact ties): an account's own submissions are
   judged in the order they came.

Submissions whose account was deleted compete as an account with nothing in flight and never served.

**Bound.** Say account B has nothing in flight and S is its oldest waiting submission. Every other account
can win at most one claim ahead of S: once claimed, that account has a submission in flight, or (if that
finished already) it was served after B was, so S ranks before it. S is therefore claimed within the first
m + 1 claims made after it was queued by workers able to judge it, m being the number of other accounts
with submissions waiting; with two accounts, S is the very next claim. It waits only for the judgings
already in flight to free a slot, never for the rest of another account's queue. (Workers claiming at the
same instant rank on the same snapshot, so each of them may add one claim to that count.)

Stores apply this order: the in-memory store by `fairest`, PostgreSQL in its claim query's ORDER BY
(`infrastructure/database/repositories/submissions/lifecycle.py`); the contract suite runs both.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.submissions.entities import Submission
from domain.submissions.lifecycle import IN_FLIGHT, meets


@dataclass(frozen=True, slots=True, kw_only=True)
class Share:
    """An account's current share of the judges."""

    in_flight: int = 0
    last_claimed_at: datetime | None = None


NO_SHARE = Share()


def shares(submissions: Iterable[Submission], now: datetime) -> dict[UUID, Share]:
    """Each account's share, from all its submissions."""
    in_flight: dict[UUID, int] = {}
    last: dict[UUID, datetime] = {}
    for submission in submissions:
        account = submission.owner_id
        if account is None:
            continue
        if meets(submission, IN_FLIGHT, now=now):
            in_flight[account] = in_flight.get(account, 0) + 1
        claimed = submission.claimed_at
        if claimed is not None and (account not in last or claimed > last[account]):
            last[account] = claimed
    return {
        account: Share(in_flight=in_flight.get(account, 0), last_claimed_at=last.get(account))
        for account in in_flight.keys() | last.keys()
    }


def priority(submission: Submission, share: Share) -> tuple[int, bool, datetime, datetime, UUID]:
    """The claim order, smallest first (the module docstring's rules 1-3)."""
    served = share.last_claimed_at
    return (
        share.in_flight,
        served is not None,
        served or submission.created_at,  # only compared between accounts that were both served
        submission.created_at,
        submission.id,
    )


def fairest(candidates: Iterable[Submission], account_shares: Mapping[UUID, Share]) -> Submission | None:
    def key(submission: Submission) -> tuple[int, bool, datetime, datetime, UUID]:
        owner = submission.owner_id
        return priority(submission, account_shares.get(owner, NO_SHARE) if owner else NO_SHARE)

    return min(candidates, key=key, default=None)

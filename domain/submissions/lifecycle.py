"""The lifecycle of a submission and its lease: which transition is allowed from which state, in one table.

```
  submitted ──> QUEUED ──claim──> JUDGING ──finish──> FINISHED
                 ^   ^   ^          │  renew, record: the claim's holder only
                 │   │   └─ release ┤  (its holder stops: same judging request, the try not counted)
                 │   └─── reap ─────┘  (the lease ran out: same judging request, one more try)
                 └───────────── requeue (a rejudge: from any state, a new judging request) ──┘
```

* A **claim** gives one worker the right to judge one *attempt* of a submission until its lease ends; the
  worker renews the lease while it judges. A queued submission, or one whose lease ran out (its worker
  died), can be claimed.
* Only the **holder** of the current claim (its attempt and its worker) may renew, record test results or
  finish. A holder whose lease ran out keeps that right until another worker claims the submission or it is
  requeued: only a takeover ends a claim, not the clock (a database hiccup must not waste a judging).
* `attempt` only grows: test results are stored per attempt, so a late write of an old attempt never mixes
  with a new one. `tries` counts the claims since the submission was submitted or rejudged; a claim past the
  cap ends the judging as an internal error instead of retrying for ever (`Claim.exceeds`). A holder that
  stops on purpose (a worker draining on SIGTERM) **releases** its claim: the submission is queued again at
  once and the try it used is given back, so a drain never brings a submission nearer the cap.
* A submission **in flight** (judging under a live lease, compiling included: a claim precedes compilation)
  counts toward its account's share of the judges (`domain/submissions/fairness.py`).

Stores apply these rules, never restate them: the in-memory store of the unit tests calls the methods of
`Submission` (which check `RULES`); PostgreSQL renders `RULES` into the WHERE clause of one conditional
UPDATE per transition (`infrastructure/database/repositories/submissions/lifecycle.py`), so a transition
stays one atomic statement. One contract suite (`tests/integration/submissions/test_lifecycle_contract.py`)
runs against both.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol
from uuid import UUID

from domain.exceptions import ConflictError
from domain.judging.enums import SubmissionStatus


class Transition(StrEnum):
    CLAIM = "claim"
    RENEW = "renew"
    RECORD = "record"  # store test results of the attempt
    FINISH = "finish"
    REAP = "reap"  # the lease ran out: back to the queue, the same judging request
    REQUEUE = "requeue"  # a rejudge: back to the queue as a new judging request
    RELEASE = "release"  # the holder gives the claim back unfinished: queued again, its try not counted


class LeaseState(StrEnum):
    ANY = "any"
    LIVE = "live"  # lease_until >= now
    EXPIRED = "expired"  # lease_until < now
    HELD = "held"  # by the claim that acts (same attempt, same worker), whatever the clock says


@dataclass(frozen=True, slots=True)
class Guard:
    """A state a transition may start from: a status, and what must hold of the lease."""

    status: SubmissionStatus
    lease: LeaseState = LeaseState.ANY


_QUEUED, _JUDGING, _FINISHED = SubmissionStatus.QUEUED, SubmissionStatus.JUDGING, SubmissionStatus.FINISHED

RULES: Mapping[Transition, tuple[Guard, ...]] = MappingProxyType(
    {
        Transition.CLAIM: (Guard(_QUEUED), Guard(_JUDGING, LeaseState.EXPIRED)),
        Transition.RENEW: (Guard(_JUDGING, LeaseState.HELD),),
        Transition.RECORD: (Guard(_JUDGING, LeaseState.HELD),),
        Transition.FINISH: (Guard(_JUDGING, LeaseState.HELD),),
        Transition.REAP: (Guard(_JUDGING, LeaseState.EXPIRED),),
        Transition.REQUEUE: (Guard(_QUEUED), Guard(_JUDGING), Guard(_FINISHED)),
        Transition.RELEASE: (Guard(_JUDGING, LeaseState.HELD),),
    }
)
"""Each transition is allowed from any of its guards, and from nothing else."""

IN_FLIGHT: tuple[Guard, ...] = (Guard(_JUDGING, LeaseState.LIVE),)
"""What counts toward an account's share of the judges."""


class TransitionNotAllowedError(ConflictError):
    code = "transition_not_allowed"


class LeaseFacts(Protocol):
    """What the guards look at: a submission's lifecycle fields."""

    @property
    def id(self) -> UUID: ...
    @property
    def status(self) -> SubmissionStatus: ...
    @property
    def attempt(self) -> int: ...
    @property
    def lease_owner(self) -> UUID | None: ...
    @property
    def lease_until(self) -> datetime | None: ...


class ClaimFacts(Protocol):
    """Who acts: a claim's submission, attempt and worker."""

    @property
    def submission_id(self) -> UUID: ...
    @property
    def attempt(self) -> int: ...
    @property
    def worker_id(self) -> UUID: ...


def meets(
    facts: LeaseFacts,
    guards: tuple[Guard, ...],
    *,
    now: datetime | None = None,
    claim: ClaimFacts | None = None,
) -> bool:
    """Whether the submission is in one of `guards`' states. `now` is needed to judge a lease LIVE or
    EXPIRED, `claim` to judge it HELD; a guard asked without them raises (a caller bug, not a state)."""
    return any(_meets(facts, guard, now, claim) for guard in guards)


def permits(
    facts: LeaseFacts, transition: Transition, *, now: datetime | None = None, claim: ClaimFacts | None = None
) -> bool:
    return meets(facts, RULES[transition], now=now, claim=claim)


def _meets(facts: LeaseFacts, guard: Guard, now: datetime | None, claim: ClaimFacts | None) -> bool:
    if facts.status is not guard.status:
        return False
    if guard.lease is LeaseState.ANY:
        return True
    if guard.lease is LeaseState.HELD:
        if claim is None:
            raise ValueError(f"{guard} needs the claim that acts")
        return (
            claim.submission_id == facts.id
            and claim.attempt == facts.attempt
            and claim.worker_id == facts.lease_owner
        )
    if now is None:
        raise ValueError(f"{guard} needs the current time")
    if facts.lease_until is None:
        return False
    expired = facts.lease_until < now
    return expired if guard.lease is LeaseState.EXPIRED else not expired

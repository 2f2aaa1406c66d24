"""The domain's lifecycle table (`domain/submissions/lifecycle.py`) as SQL conditions, so that each
transition stays one conditional UPDATE while its rule is written in the domain only. This module knows how
to test one guard against a row; which guards allow which transition comes from `RULES`."""

from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, or_

from domain.submissions.lifecycle import IN_FLIGHT, RULES, ClaimFacts, Guard, LeaseState, Transition
from infrastructure.database.repositories.submissions.models import SubmissionModel

Row = SubmissionModel


Moment = datetime | ColumnElement[datetime]
"""A time, or a bound parameter that will hold one (for statements built once)."""


def permits(
    transition: Transition, *, now: Moment | None = None, claim: ClaimFacts | None = None
) -> ColumnElement[bool]:
    """The rows from which `transition` is allowed (mirrors `Submission.permits`)."""
    return meets(RULES[transition], now=now, claim=claim)


def in_flight(now: Moment) -> ColumnElement[bool]:
    """The rows that count toward an account's share (`IN_FLIGHT`)."""
    return meets(IN_FLIGHT, now=now)


def meets(
    guards: tuple[Guard, ...], *, now: Moment | None = None, claim: ClaimFacts | None = None
) -> ColumnElement[bool]:
    conditions = [_guard(guard, now, claim) for guard in guards]
    return or_(*conditions) if conditions else false()


def _guard(guard: Guard, now: Moment | None, claim: ClaimFacts | None) -> ColumnElement[bool]:
    status = Row.status == guard.status.value
    if guard.lease is LeaseState.ANY:
        return status
    if guard.lease is LeaseState.HELD:
        if claim is None:
            raise ValueError(f"{guard} needs the claim that acts")
        return and_(
            status,
            Row.id == claim.submission_id,
            Row.attempt == claim.attempt,
            Row.lease_owner == claim.worker_id,
        )
    if now is None:
        raise ValueError(f"{guard} needs the current time")
    lease = Row.lease_until < now if guard.lease is LeaseState.EXPIRED else Row.lease_until >= now
    return and_(status, lease)

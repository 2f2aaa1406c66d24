from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.judging.enums import SubmissionStatus, Verdict
from domain.submissions.entities import Claim, JudgingResult, Submission, TestResult


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmissionViewer:
    """Submissions by `account_id`, plus (when `with_owned_problems`) every submission to its problems."""

    account_id: UUID
    with_owned_problems: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmissionFilter:
    problem_id: UUID | None = None
    status: SubmissionStatus | None = None
    verdict: Verdict | None = None
    visible_to: SubmissionViewer | None = None  # None: every submission


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmitterUsage:
    recent: int  # submissions after the moment asked about
    unfinished: int  # queued or being judged
    oldest_recent_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Cursor:
    """Position after the last item of a page (newest first)."""

    created_at: datetime
    id: UUID


class SubmissionReader(Protocol):
    async def get(self, submission_id: UUID) -> Submission | None:
        """With the current attempt's test results, in test order."""
        ...

    async def list_page(
        self, filters: SubmissionFilter, *, after: Cursor | None, limit: int
    ) -> Sequence[Submission]:
        """Newest first, without test results."""
        ...


class SubmissionSaver(Protocol):
    async def add(self, submission: Submission) -> None: ...

    async def requeue(self, submission_ids: Sequence[UUID]) -> list[UUID]:
        """Puts finished or queued submissions back in the queue for a new attempt; returns those requeued."""
        ...

    async def ids_for_problem(self, problem_id: UUID) -> list[UUID]: ...

    async def usage_locked(self, submitter: UUID, since: datetime) -> SubmitterUsage:
        """The submitter's (a key's or account's) recent and unfinished submissions; holds a lock on the
        submitter until the transaction ends, so concurrent submissions count one after another."""
        ...


class JudgingStore(Protocol):
    """What a worker needs to judge without ever losing or double-finishing a submission."""

    async def claim(
        self, submission_id: UUID, worker_id: UUID, now: datetime, lease_until: datetime
    ) -> Claim | None:
        """Atomically takes a queued submission (or one whose lease expired) for a new attempt."""
        ...

    async def renew(self, claim: Claim, lease_until: datetime) -> bool:
        """Extends the lease; False when the claim was lost (expired and taken, or rejudged)."""
        ...

    async def save_test_results(self, claim: Claim, results: Sequence[TestResult]) -> None:
        """Idempotent: a result for an (attempt, index) already stored is kept."""
        ...

    async def finish(self, claim: Claim, result: JudgingResult, now: datetime) -> bool:
        """Writes the final result once per attempt; False (nothing written) if the claim is not current."""
        ...

    async def expired_leases(self, now: datetime) -> list[UUID]:
        """Puts submissions whose judging lease expired back to queued; returns their ids."""
        ...

    async def waiting_since(self, moment: datetime, limit: int) -> list[UUID]:
        """Queued submissions not (re)dispatched since `moment`, oldest first."""
        ...

    async def mark_dispatched(self, submission_ids: Sequence[UUID], now: datetime) -> None: ...

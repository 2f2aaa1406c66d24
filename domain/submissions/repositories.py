from collections.abc import Collection, Sequence
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

    async def ids_for_problem(self, problem_id: UUID) -> list[UUID]: ...


class SubmissionSaver(Protocol):
    async def add(self, submission: Submission) -> None:
        """Stores a new, queued submission."""
        ...

    async def requeue(self, submission_ids: Sequence[UUID]) -> list[UUID]:
        """`Submission.requeue` (a rejudge) for each of them, whatever their state: their test results are
        dropped and a current claim ends. Returns the ids requeued (those that exist)."""
        ...


class SubmitterUsageReader(Protocol):
    async def usage_locked(self, submitter: UUID, since: datetime) -> SubmitterUsage:
        """The submitter's (a key's or account's) recent and unfinished submissions; holds a lock on the
        submitter until the transaction ends, so concurrent submissions count one after another."""
        ...


class JudgingStore(Protocol):
    """What a worker needs to judge without ever losing or double-finishing a submission. Each method is one
    transition of `domain/submissions/lifecycle.py`, applied atomically."""

    async def claim_next(
        self, worker_id: UUID, languages: Collection[str], now: datetime, lease_until: datetime
    ) -> Claim | None:
        """`Submission.claim` on the fairest claimable submission (`domain/submissions/fairness.py`) whose
        language, and custom checker's language, are in `languages`; None when there is none. Concurrent
        claims never take the same submission."""
        ...

    async def renew(self, claim: Claim, lease_until: datetime) -> bool:
        """Extends the lease; False when the claim is no longer current (taken over, or rejudged)."""
        ...

    async def save_test_results(self, claim: Claim, results: Sequence[TestResult]) -> None:
        """Idempotent: a result for an (attempt, index) already stored is kept; nothing is stored for a
        claim that is no longer current."""
        ...

    async def finish(
        self, claim: Claim, result: JudgingResult, now: datetime, results: Sequence[TestResult] = ()
    ) -> bool:
        """Writes the final result once per attempt with the attempt's `results` not stored yet (as
        `save_test_results` would) and drops earlier attempts' test results; False (nothing written) if the
        claim is not current."""
        ...

    async def release(self, claim: Claim) -> bool:
        """`Submission.release`: queued again at once (dispatched by the next reaper tick), the try not
        counted; False (nothing changed) when the claim is not current."""
        ...


class QueueRecovery(Protocol):
    """What the reaper needs so that nothing queued is lost."""

    async def reap_expired(self, now: datetime) -> list[UUID]:
        """`Submission.reap` for every submission whose lease ran out; returns their ids."""
        ...

    async def waiting_since(self, moment: datetime, limit: int) -> list[UUID]:
        """Queued submissions not (re)dispatched since `moment`, oldest first."""
        ...

    async def mark_dispatched(self, submission_ids: Sequence[UUID], now: datetime) -> None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguageBacklog:
    language: str
    queued: int
    judging: int


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueSnapshot:
    """The judging queue at one moment. `judging` counts every submission in that state, `held` only those
    under a live lease, per worker holding it."""

    queued: int
    judging: int
    finished: int | None  # None when not asked for (it counts the whole table)
    oldest_queued_at: datetime | None
    backlog: list[LanguageBacklog]
    held: dict[UUID, int]


class QueueStatsReader(Protocol):
    async def snapshot(self, now: datetime, *, with_finished: bool) -> QueueSnapshot: ...

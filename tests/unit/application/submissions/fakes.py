"""An in-memory submission store for unit tests. It decides nothing itself: every transition is the
domain's (`Submission` methods, `domain/submissions/fairness.py`), and the same contract suite as the
PostgreSQL store (`tests/integration/submissions/test_lifecycle_contract.py`) runs against it."""

import uuid
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID

from domain.judging.enums import SubmissionStatus, Verdict
from domain.submissions.entities import Claim, JudgingResult, SourceFile, Submission, TestResult
from domain.submissions.fairness import fairest, shares
from domain.submissions.lifecycle import Transition
from domain.submissions.repositories import (
    Cursor,
    JudgingStore,
    QueueRecovery,
    SubmissionFilter,
    SubmissionReader,
    SubmissionSaver,
)
from tests.unit.fakes import NOW

ACCEPTED = JudgingResult(
    verdict=Verdict.ACCEPTED,
    score=1,
    max_score=1,
    time_ms=5,
    memory_kb=1000,
    compile_output="",
    isolated=True,
)


def new_submission(
    account: UUID | None = None,
    *,
    created_at: datetime = NOW,
    language: str = "python3",
    problem_id: UUID | None = None,
) -> Submission:
    """A queued submission of `account`."""
    return Submission(
        id=uuid.uuid4(),
        problem_id=problem_id or uuid.uuid4(),
        language=language,
        files=[SourceFile(name="main", content=b"...")],
        owner_id=account,
        created_at=created_at,
    )


class FakeSubmissionStore(SubmissionReader, SubmissionSaver, JudgingStore, QueueRecovery):
    """The ports over one table, as the database serves them. `journal` records claims and finishes (with
    the transaction fakes writing into the same list, tests see the order)."""

    def __init__(self, journal: list[str] | None = None) -> None:
        self.rows: dict[UUID, Submission] = {}
        self.checker_languages: dict[UUID, str | None] = {}
        """A problem's custom checker language (None: a built-in checker)."""
        self.results: dict[tuple[UUID, int, int], TestResult] = {}
        self.dispatched_at: dict[UUID, datetime | None] = {}
        self.claims: list[Claim | None] = []
        """Every `claim_next` answer."""
        self.finished: list[tuple[Claim, JudgingResult]] = []
        """Every `finish` call, written or not."""
        self.journal = journal if journal is not None else []

    # Arranging and inspecting
    def put(self, submission: Submission, *, checker_language: str | None = None) -> Submission:
        """Stores `submission` as it is (any state), its problem checked in `checker_language`."""
        self.rows[submission.id] = submission
        self.checker_languages.setdefault(submission.problem_id, checker_language)
        self.dispatched_at.setdefault(submission.id, None)
        return submission

    def requeue_now(self, submission_id: UUID) -> None:
        """A rejudge from a synchronous callback (e.g. in the middle of a scripted sandbox run)."""
        self.rows[submission_id].requeue()
        self._drop_results(submission_id, below_attempt=None)
        self.dispatched_at[submission_id] = datetime.now(UTC)

    def tests_of(self, submission_id: UUID, attempt: int) -> list[TestResult]:
        found = [r for (s, a, _), r in self.results.items() if s == submission_id and a == attempt]
        return sorted(found, key=lambda result: result.index)

    # SubmissionReader
    async def get(self, submission_id: UUID) -> Submission | None:
        row = self.rows.get(submission_id)
        if row is None:
            return None
        return replace(row, files=list(row.files), tests=self.tests_of(submission_id, row.attempt))

    async def list_page(
        self, filters: SubmissionFilter, *, after: Cursor | None, limit: int
    ) -> Sequence[Submission]:
        raise NotImplementedError("listing has its own tests against PostgreSQL")

    async def ids_for_problem(self, problem_id: UUID) -> list[UUID]:
        return [row.id for row in self.rows.values() if row.problem_id == problem_id]

    # SubmissionSaver
    async def add(self, submission: Submission) -> None:
        self.put(replace(submission, files=list(submission.files), tests=[]))

    async def requeue(self, submission_ids: Sequence[UUID]) -> list[UUID]:
        requeued = [submission_id for submission_id in submission_ids if submission_id in self.rows]
        for submission_id in requeued:
            self.requeue_now(submission_id)
        return requeued

    # JudgingStore
    async def claim_next(
        self, worker_id: UUID, languages: Collection[str], now: datetime, lease_until: datetime
    ) -> Claim | None:
        self.journal.append("claim")
        candidates = [
            row
            for row in self.rows.values()
            if row.permits(Transition.CLAIM, now=now) and self._judgeable(row, languages)
        ]
        chosen = fairest(candidates, shares(self.rows.values(), now))
        claim = chosen.claim(worker_id, now, lease_until) if chosen else None
        if claim is not None and chosen is not None:  # as the SQL store: the submission as claimed
            claim = replace(claim, submission=replace(chosen, files=list(chosen.files), tests=[]))
        self.claims.append(claim)
        return claim

    async def renew(self, claim: Claim, lease_until: datetime) -> bool:
        row = self.rows.get(claim.submission_id)
        if row is None or not row.permits(Transition.RENEW, claim=claim):
            return False
        row.renew(claim, lease_until)
        return True

    async def save_test_results(self, claim: Claim, results: Sequence[TestResult]) -> None:
        row = self.rows.get(claim.submission_id)
        if row is None or not row.permits(Transition.RECORD, claim=claim):
            return
        for result in results:
            self.results.setdefault((claim.submission_id, claim.attempt, result.index), result)

    async def finish(
        self, claim: Claim, result: JudgingResult, now: datetime, results: Sequence[TestResult] = ()
    ) -> bool:
        self.journal.append("finish")
        self.finished.append((claim, result))
        row = self.rows.get(claim.submission_id)
        if row is None or not row.permits(Transition.FINISH, claim=claim):
            return False
        await self.save_test_results(claim, results)
        row.finish(claim, result, now)
        self._drop_results(claim.submission_id, below_attempt=claim.attempt)
        return True

    async def release(self, claim: Claim) -> bool:
        row = self.rows.get(claim.submission_id)
        if row is None or not row.permits(Transition.RELEASE, claim=claim):
            return False
        row.release(claim)
        self.dispatched_at[row.id] = None
        return True

    # QueueRecovery
    async def reap_expired(self, now: datetime) -> list[UUID]:
        reaped = [row for row in self.rows.values() if row.permits(Transition.REAP, now=now)]
        for row in reaped:
            row.reap(now)
            self.dispatched_at[row.id] = None
        return [row.id for row in reaped]

    async def waiting_since(self, moment: datetime, limit: int) -> list[UUID]:
        waiting = [
            row
            for row in self.rows.values()
            if row.status is SubmissionStatus.QUEUED
            and self._not_dispatched_since(row.id, moment)
            and row.created_at < moment
        ]
        return [row.id for row in sorted(waiting, key=lambda row: row.created_at)[:limit]]

    async def mark_dispatched(self, submission_ids: Sequence[UUID], now: datetime) -> None:
        for submission_id in submission_ids:
            self.dispatched_at[submission_id] = now

    def _not_dispatched_since(self, submission_id: UUID, moment: datetime) -> bool:
        dispatched = self.dispatched_at.get(submission_id)
        return dispatched is None or dispatched < moment

    def _judgeable(self, row: Submission, languages: Collection[str]) -> bool:
        checker = self.checker_languages.get(row.problem_id)
        return row.language in languages and (checker is None or checker in languages)

    def _drop_results(self, submission_id: UUID, *, below_attempt: int | None) -> None:
        for key in [
            key
            for key in self.results
            if key[0] == submission_id and (below_attempt is None or key[1] < below_attempt)
        ]:
            del self.results[key]

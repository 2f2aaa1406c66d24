"""Adapters that count (or label the logs of) what passes through a port and hand everything on unchanged."""

import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.judging.sandbox import (
    CompileRequest,
    CompileResult,
    ExecuteRequest,
    ExecuteResult,
    InteractiveRequest,
    InteractiveResult,
    InteractiveSandbox,
)
from application.submissions.ports import Intake, SubmissionIntake
from domain.problems.repositories import ProblemViewer
from domain.submissions.entities import Claim, JudgingResult, Submission, TestResult
from domain.submissions.events import SubmissionCreated
from domain.submissions.repositories import (
    Cursor,
    JudgingStore,
    QueueRecovery,
    SubmissionFilter,
    SubmissionReader,
    SubmissionSaver,
    SubmitterUsage,
    SubmitterUsageReader,
)
from infrastructure.observability.logs import submission_id
from infrastructure.observability.metrics import Metrics


class SubmissionStore(SubmissionReader, SubmissionSaver, SubmitterUsageReader, Protocol):
    """One adapter provides the three (dishka decorates them together)."""


class MeteredSubmissionSaver(SubmissionReader, SubmissionSaver, SubmitterUsageReader):
    """Counts every submission stored (API, web page, package import alike)."""

    def __init__(self, inner: SubmissionStore, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    async def add(self, submission: Submission) -> None:
        await self._inner.add(submission)
        self._metrics.submissions_created.labels(language=submission.language).inc()

    async def requeue(self, submission_ids: Sequence[UUID]) -> list[UUID]:
        return await self._inner.requeue(submission_ids)

    async def get(self, submission_id: UUID) -> Submission | None:
        return await self._inner.get(submission_id)

    async def list_page(
        self, filters: SubmissionFilter, *, after: Cursor | None, limit: int
    ) -> Sequence[Submission]:
        return await self._inner.list_page(filters, after=after, limit=limit)

    async def ids_for_problem(self, problem_id: UUID) -> list[UUID]:
        return await self._inner.ids_for_problem(problem_id)

    async def usage_locked(self, submitter: UUID, since: datetime) -> SubmitterUsage:
        return await self._inner.usage_locked(submitter, since)


class MeteredIntake(SubmissionIntake):
    """Counts every submission stored by a submit, like MeteredSubmissionSaver."""

    def __init__(self, inner: SubmissionIntake, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    async def add_if_visible(
        self, submission: Submission, viewer: ProblemViewer | None, created: SubmissionCreated
    ) -> Intake | None:
        intake = await self._inner.add_if_visible(submission, viewer, created)
        if intake is not None:
            self._metrics.submissions_created.labels(language=submission.language).inc()
        return intake


class WorkerStore(JudgingStore, QueueRecovery, Protocol):
    """One adapter provides both (dishka decorates them together)."""


class LabelledJudgingStore(JudgingStore, QueueRecovery):
    """Once a judging claims a submission, every log line of its task (and of the tasks it starts) carries
    the submission's id: the claim sets it in the task's context."""

    def __init__(self, inner: WorkerStore) -> None:
        self._inner = inner

    async def claim_next(
        self, worker_id: UUID, languages: Collection[str], now: datetime, lease_until: datetime
    ) -> Claim | None:
        claim = await self._inner.claim_next(worker_id, languages, now, lease_until)
        if claim is not None:
            submission_id.set(str(claim.submission_id))
        return claim

    async def renew(self, claim: Claim, lease_until: datetime) -> bool:
        return await self._inner.renew(claim, lease_until)

    async def save_test_results(self, claim: Claim, results: Sequence[TestResult]) -> None:
        await self._inner.save_test_results(claim, results)

    async def finish(
        self, claim: Claim, result: JudgingResult, now: datetime, results: Sequence[TestResult] = ()
    ) -> bool:
        return await self._inner.finish(claim, result, now, results)

    async def release(self, claim: Claim) -> bool:
        return await self._inner.release(claim)

    async def reap_expired(self, now: datetime) -> list[UUID]:
        return await self._inner.reap_expired(now)

    async def waiting_since(self, moment: datetime, limit: int) -> list[UUID]:
        return await self._inner.waiting_since(moment, limit)

    async def mark_dispatched(self, submission_ids: Sequence[UUID], now: datetime) -> None:
        await self._inner.mark_dispatched(submission_ids, now)


class MeteredSandbox(InteractiveSandbox):
    """Times compilations (cache misses only) and runs, counts compile cache hits, and tracks how many
    are in the sandbox at once."""

    def __init__(self, inner: InteractiveSandbox, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    @property
    def inner(self) -> InteractiveSandbox:
        return self._inner

    @property
    def isolated(self) -> bool:
        return self._inner.isolated

    async def compile(self, request: CompileRequest) -> CompileResult:
        with self._active() as elapsed:
            result = await self._inner.compile(request)
        self._metrics.compile_cache.labels(result="hit" if result.cached else "miss").inc()
        if not result.cached:
            self._metrics.compile_duration.labels(language=request.language.id).observe(elapsed())
        return result

    async def execute(self, request: ExecuteRequest) -> ExecuteResult:
        with self._active() as elapsed:
            result = await self._inner.execute(request)
        self._metrics.run_duration.labels(outcome=result.report.outcome.value).observe(elapsed())
        return result

    async def execute_interactive(self, request: InteractiveRequest) -> InteractiveResult:
        with self._active() as elapsed:
            result = await self._inner.execute_interactive(request)
        self._metrics.run_duration.labels(outcome=result.solution.report.outcome.value).observe(elapsed())
        return result

    @contextmanager
    def _active(self) -> Iterator["_Clock"]:
        gauge = self._metrics.sandbox_runs_active
        gauge.inc()
        clock = _Clock()
        try:
            yield clock
        finally:
            clock.stop()
            gauge.dec()


class _Clock:
    def __init__(self) -> None:
        self._start = time.perf_counter()
        self._end: float | None = None

    def stop(self) -> None:
        self._end = time.perf_counter()

    def __call__(self) -> float:
        return (self._end or time.perf_counter()) - self._start

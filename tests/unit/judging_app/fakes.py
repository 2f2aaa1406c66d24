"""Hand-written fakes of the ports `JudgeSubmission` takes."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from uuid import UUID

from application.judging.ports import TestFiles, TestPaths, Toolchains, Workspace, WorkspaceFactory
from application.judging.sandbox import (
    CompileRequest,
    CompileResult,
    ExecuteRequest,
    ExecuteResult,
    RunOutcome,
    RunReport,
    Sandbox,
)
from application.transactions import TransactionManager
from domain.judging.enums import SubmissionStatus
from domain.languages.entities import Language
from domain.problems.entities import TestCase, TestData, describe_test
from domain.submissions.entities import Claim, JudgingResult, SourceFile, Submission, TestResult
from domain.submissions.repositories import Cursor, JudgingStore, SubmissionFilter, SubmissionReader
from tests.unit.fakes import NOW


@dataclass(slots=True)
class Lease:
    owner: UUID | None = None
    until: datetime | None = None


class FakeSubmissionStore(SubmissionReader, JudgingStore):
    """Both ports over one table, as the database serves them: a claim takes a queued submission (or one
    whose lease expired) for attempt + 1; renew, save and finish act only for the current claim."""

    def __init__(self, journal: list[str] | None = None) -> None:
        self.rows: dict[UUID, Submission] = {}
        self.leases: dict[UUID, Lease] = {}
        self.results: dict[tuple[UUID, int, int], TestResult] = {}
        self.claims: list[Claim | None] = []
        self.finished: list[tuple[Claim, JudgingResult]] = []
        """Every `finish` call, written or not."""
        self.journal = journal if journal is not None else []

    def add(self, submission: Submission, *, lease: Lease | None = None) -> Submission:
        self.rows[submission.id] = submission
        self.leases[submission.id] = lease or Lease()
        return submission

    def requeue(self, submission_id: UUID) -> None:
        """A rejudge: the current claim, whoever holds it, is no longer current."""
        row = self.rows[submission_id]
        row.status = SubmissionStatus.QUEUED
        self.leases[submission_id] = Lease()

    def tests_of(self, submission_id: UUID, attempt: int) -> list[TestResult]:
        found = [r for (s, a, _), r in self.results.items() if s == submission_id and a == attempt]
        return sorted(found, key=lambda result: result.index)

    def _is_current(self, claim: Claim) -> bool:
        row = self.rows.get(claim.submission_id)
        lease = self.leases.get(claim.submission_id)
        return (
            row is not None
            and lease is not None
            and row.status is SubmissionStatus.JUDGING
            and row.attempt == claim.attempt
            and lease.owner == claim.worker_id
        )

    # SubmissionReader
    async def get(self, submission_id: UUID) -> Submission | None:
        row = self.rows.get(submission_id)
        if row is None:
            return None
        return replace(row, files=list(row.files), tests=self.tests_of(submission_id, row.attempt))

    async def list_page(
        self, filters: SubmissionFilter, *, after: Cursor | None, limit: int
    ) -> Sequence[Submission]:
        raise NotImplementedError

    # JudgingStore
    async def claim(
        self, submission_id: UUID, worker_id: UUID, now: datetime, lease_until: datetime
    ) -> Claim | None:
        self.journal.append("claim")
        row = self.rows.get(submission_id)
        lease = self.leases.get(submission_id)
        claimable = row is not None and (
            row.status is SubmissionStatus.QUEUED
            or (
                row.status is SubmissionStatus.JUDGING
                and lease is not None
                and lease.until is not None
                and lease.until < now
            )
        )
        if row is None or not claimable:
            self.claims.append(None)
            return None
        row.status = SubmissionStatus.JUDGING
        row.attempt += 1
        self.leases[submission_id] = Lease(owner=worker_id, until=lease_until)
        claim = Claim(
            submission_id=submission_id, attempt=row.attempt, worker_id=worker_id, lease_until=lease_until
        )
        self.claims.append(claim)
        return claim

    async def renew(self, claim: Claim, lease_until: datetime) -> bool:
        if not self._is_current(claim):
            return False
        self.leases[claim.submission_id].until = lease_until
        return True

    async def save_test_results(self, claim: Claim, results: Sequence[TestResult]) -> None:
        if not self._is_current(claim):
            return
        for result in results:
            self.results.setdefault((claim.submission_id, claim.attempt, result.index), result)

    async def finish(self, claim: Claim, result: JudgingResult, now: datetime) -> bool:
        self.journal.append("finish")
        self.finished.append((claim, result))
        if not self._is_current(claim):
            return False
        row = self.rows[claim.submission_id]
        row.status = SubmissionStatus.FINISHED
        row.verdict = result.verdict
        row.score = result.score
        row.max_score = result.max_score
        row.time_ms = result.time_ms
        row.memory_kb = result.memory_kb
        row.compile_output = result.compile_output
        row.isolated = result.isolated
        row.finished_at = now
        self.leases[claim.submission_id] = Lease()
        for key in [key for key in self.results if key[0] == claim.submission_id and key[1] < claim.attempt]:
            del self.results[key]
        return True

    async def expired_leases(self, now: datetime) -> list[UUID]:
        raise NotImplementedError

    async def waiting_since(self, moment: datetime, limit: int) -> list[UUID]:
        raise NotImplementedError

    async def mark_dispatched(self, submission_ids: Sequence[UUID], now: datetime) -> None:
        raise NotImplementedError


class JournalTransactions(TransactionManager):
    """Writes "commit" and "rollback" into a journal shared with the store, so tests can see the order."""

    def __init__(self, journal: list[str]) -> None:
        self.journal = journal

    async def commit(self) -> None:
        self.journal.append("commit")

    async def rollback(self) -> None:
        self.journal.append("rollback")


class FakeTestFiles(TestFiles):
    """Writes each test's input and answer (from `data`, keyed by test name) under `root`."""

    def __init__(
        self, root: Path, data: dict[str, tuple[bytes, bytes]], error: Exception | None = None
    ) -> None:
        self.root = root
        self.data = data
        self.error = error

    async def prepare(self, tests: Sequence[TestCase]) -> dict[UUID, TestPaths]:
        if self.error is not None:
            raise self.error
        self.root.mkdir(parents=True, exist_ok=True)
        paths: dict[UUID, TestPaths] = {}
        for test in tests:
            given, answer = self.data[test.name]
            input_path, answer_path = self.root / f"{test.name}.in", self.root / f"{test.name}.ans"
            input_path.write_bytes(given)
            answer_path.write_bytes(answer)
            paths[test.id] = TestPaths(input=str(input_path), answer=str(answer_path))
        return paths


class _DirWorkspace(Workspace):
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, name: str) -> str:
        return str(self.root / name)


class FakeWorkspaces(WorkspaceFactory):
    def __init__(self, root: Path) -> None:
        self.root = root
        self.opened = 0

    @contextlib.asynccontextmanager
    async def open(self) -> AsyncIterator[Workspace]:
        self.opened += 1
        directory = self.root / f"workspace-{self.opened}"
        directory.mkdir(parents=True)
        yield _DirWorkspace(directory)


class FakeToolchains(Toolchains):
    def __init__(self, *language_ids: str) -> None:
        self.languages = {id_: Language(id=id_, name=id_, version="1") for id_ in language_ids}

    def get(self, language_id: str) -> Language | None:
        return self.languages.get(language_id)


OK = RunReport(outcome=RunOutcome.OK, exit_code=0, cpu_ms=10, wall_ms=12, memory_kib=1024)


def compiled(artifact: str = "artifact-1", output: str = "") -> CompileResult:
    return CompileResult(report=OK, output=output, artifact=artifact)


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """One scripted execution: what the program prints and how the kernel reports the run. `hang` makes it
    run until cancelled."""

    stdout: bytes = b""
    report: RunReport = OK
    hang: bool = False
    before: Callable[[], None] | None = None


class FakeSandbox(Sandbox):
    """Answers compilations and executions from scripts, in call order; an exception in a script is raised.
    Writes a run's stdout to the request's `stdout_path`, as the real sandbox does, for the checker."""

    def __init__(
        self, *, compilations: Sequence[CompileResult | Exception] = (), runs: Sequence[Run | Exception] = ()
    ) -> None:
        self.compilations = list(compilations) or [compiled()]
        self.runs = list(runs)
        self.compiled_requests: list[CompileRequest] = []
        self.executed: list[ExecuteRequest] = []
        self.cancelled: list[ExecuteRequest] = []
        self.started = asyncio.Event()
        """Set once an execution has started."""

    @property
    def isolated(self) -> bool:
        return True

    async def compile(self, request: CompileRequest) -> CompileResult:
        self.compiled_requests.append(request)
        result = self.compilations.pop(0)
        if isinstance(result, Exception):
            raise result
        return result

    async def execute(self, request: ExecuteRequest) -> ExecuteResult:
        self.executed.append(request)
        self.started.set()
        run = self.runs.pop(0)
        if isinstance(run, Exception):
            raise run
        if run.before is not None:
            run.before()
        if run.hang:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                self.cancelled.append(request)
                raise
        if request.stdout_path is not None:
            _write(request.stdout_path, run.stdout)  # tiny files: blocking is harmless here
        return ExecuteResult(report=run.report, stdout_bytes=len(run.stdout), stderr=b"")


def make_submission(problem_id: UUID, *, language: str = "python3", attempt: int = 0) -> Submission:
    return Submission(
        id=uuid.uuid4(),
        problem_id=problem_id,
        language=language,
        files=[SourceFile(name="main.py", content="print(int(input()) * 2)")],
        attempt=attempt,
        created_at=NOW,
    )


def make_test(problem_id: UUID, name: str, data: bytes = b"1") -> TestCase:
    return describe_test(
        id=uuid.uuid4(),
        problem_id=problem_id,
        name=name,
        group="default",
        sample=False,
        data=TestData(input=data, answer=data),
        created_at=NOW,
    )


def _write(path: str, content: bytes) -> None:
    Path(path).write_bytes(content)

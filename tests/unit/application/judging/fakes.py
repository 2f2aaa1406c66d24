"""Hand-written fakes of the ports `JudgeSubmission` takes."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from application.judging.ports import (
    HeldOutput,
    OutputStore,
    OutputStoreError,
    TestFiles,
    TestPaths,
    Toolchains,
)
from application.judging.sandbox import (
    CompileRequest,
    CompileResult,
    ExecuteRequest,
    ExecuteResult,
    InteractiveRequest,
    InteractiveResult,
    InteractiveSandbox,
    RunOutcome,
    RunReport,
)
from application.transactions import TransactionManager
from domain.languages.entities import Language
from domain.problems.entities import TestCase, TestData, describe_test
from domain.submissions.entities import SourceFile, Submission
from tests.unit.fakes import NOW


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


class FakeOutputs(OutputStore):
    """Hands out files under `root`, counting how many are held at once; `error` fails every hold."""

    def __init__(self, root: Path, error: OSError | None = None) -> None:
        self.root = root
        self.error = error
        self.held = 0
        self.peak = 0
        self.count = 0

    @contextlib.asynccontextmanager
    async def hold(self, max_bytes: int) -> AsyncIterator[HeldOutput]:
        if self.error is not None:
            raise OutputStoreError(str(self.error))
        self.root.mkdir(parents=True, exist_ok=True)
        self.count += 1
        path = self.root / f"{self.count}.out"
        self.held += 1
        self.peak = max(self.peak, self.held)
        try:
            yield HeldOutput(path=str(path), max_bytes=max_bytes)
        finally:
            self.held -= 1
            path.unlink(missing_ok=True)


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


class FakeSandbox(InteractiveSandbox):
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
        self.interactions: list[InteractiveResult] = []
        self.interactive_requests: list[InteractiveRequest] = []

    @property
    def isolated(self) -> bool:
        return True

    async def compile(self, request: CompileRequest) -> CompileResult:
        self.compiled_requests.append(request)
        result = self.compilations.pop(0)
        if isinstance(result, Exception):
            raise result
        return result

    async def execute_interactive(self, request: InteractiveRequest) -> InteractiveResult:
        self.interactive_requests.append(request)
        return self.interactions.pop(0)

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
        files=[SourceFile(name="main.py", content=b"print(int(input()) * 2)")],
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

"""Compile bombs with the real sandbox and compiler: one account's bombs do not hold back another account's
trivial submission (a compiling submission counts toward its account's share), and a bomb submitted again is
the same compilation error at once, without compiling."""

import asyncio
import uuid
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest

from application.judging.policy import COMPILE_LIMITS, JudgingPolicy
from application.judging.ports import Toolchains, WorkerIdentity
from application.judging.sandbox import (
    CompileRequest,
    CompileResult,
    ExecuteRequest,
    ExecuteResult,
    InteractiveRequest,
    InteractiveResult,
    InteractiveSandbox,
)
from application.judging.usecases.judge_submission import JudgeSubmission
from domain.judging.enums import SubmissionStatus, Verdict
from domain.languages.entities import Language
from domain.problems.entities import TestData
from domain.submissions.entities import SourceFile
from infrastructure.judging.files import BoundedOutputStore, FileOutputChecker
from infrastructure.sandbox import IsolatedSandbox
from tests.unit.application.judging.fakes import (
    FakeTestFiles,
    JournalTransactions,
    make_submission,
    make_test,
)
from tests.unit.application.problems.fakes import FakeProblems, FakeTests, make_problem
from tests.unit.application.submissions.fakes import FakeSubmissionStore
from tests.unit.fakes import NOW, FakeClock

# Each loop stays under GCC's constexpr loop limit; together they take minutes of constant evaluation.
BOMB = """
constexpr unsigned long long spin() {
    unsigned long long s = 0;
    for (unsigned long long i = 0; i < 200000; ++i)
        for (unsigned long long j = 0; j < 200000; ++j) s += i ^ (s >> 3) ^ j;
    return s;
}
constexpr unsigned long long value = spin();
int main() { return static_cast<int>(value & 1); }
"""
# Unique per session: another test compiling the same source would leave its compilation cached here.
TRIVIAL = f"print(int(input()) * 2)  # {uuid.uuid4().hex}\n"
BOMBS = 3
LIMITS = replace(COMPILE_LIMITS, cpu_ms=1500, wall_ms=3000)


class _Toolchains(Toolchains):
    def __init__(self, languages: dict[str, Language]) -> None:
        self._languages = languages

    def get(self, language_id: str) -> Language | None:
        return self._languages.get(language_id)


class _HeldFirstCompile(InteractiveSandbox):
    """The real sandbox, except that the first compilation's result is held back until `release` is set,
    so what other workers claim meanwhile is decided while that submission is still compiling."""

    def __init__(self, inner: IsolatedSandbox) -> None:
        self.inner = inner
        self.compiling = asyncio.Event()
        self.release = asyncio.Event()
        self.results: list[CompileResult] = []

    @property
    def isolated(self) -> bool:
        return self.inner.isolated

    async def compile(self, request: CompileRequest) -> CompileResult:
        first = not self.compiling.is_set()
        self.compiling.set()
        result = await self.inner.compile(request)
        if first:
            await self.release.wait()
        self.results.append(result)
        return result

    async def execute(self, request: ExecuteRequest) -> ExecuteResult:
        return await self.inner.execute(request)

    async def execute_interactive(self, request: InteractiveRequest) -> InteractiveResult:
        return await self.inner.execute_interactive(request)


@pytest.fixture
def cpp_and_python(languages: dict[str, Language]) -> dict[str, Language]:
    if not {"cpp", "python3"} <= languages.keys():
        pytest.skip("needs g++ and python3")
    return languages


async def test_compile_bombs_queued_by_one_account_do_not_hold_back_anothers_submission_and_are_cached(
    sandbox: IsolatedSandbox, cpp_and_python: dict[str, Language], tmp_path: Path
) -> None:
    problem = make_problem()
    tests = FakeTests()
    await tests.add(make_test(problem.id, "1"), TestData(input=b"2\n", answer=b"4\n"))
    journal: list[str] = []
    store = FakeSubmissionStore(journal)
    alice, bob = uuid.uuid4(), uuid.uuid4()
    bombs: list[UUID] = []
    for position in range(BOMBS + 1):
        submission = make_submission(problem.id, language="cpp" if position < BOMBS else "python3")
        submission.owner_id = alice if position < BOMBS else bob
        submission.created_at = NOW + timedelta(seconds=position)  # Bob's comes last
        submission.files = [
            SourceFile(name="main.cpp", content=BOMB.encode())
            if position < BOMBS
            else SourceFile(name="main.py", content=TRIVIAL.encode())
        ]
        store.put(submission)
        if position < BOMBS:
            bombs.append(submission.id)
        else:
            trivial = submission.id
    held = _HeldFirstCompile(sandbox)
    outputs = BoundedOutputStore(tmp_path / "outputs", capacity=64 * 1024 * 1024)

    def worker() -> JudgeSubmission:
        return JudgeSubmission(
            store=store,
            submissions=store,
            problems=FakeProblems(problem),
            tests=tests,
            test_files=FakeTestFiles(tmp_path / f"t-{uuid.uuid4().hex}", {"1": (b"2\n", b"4\n")}),
            outputs=outputs,
            sandbox=held,
            output_checker=FileOutputChecker(),
            toolchains=_Toolchains(cpp_and_python),
            identity=WorkerIdentity(uuid.uuid4()),
            clock=FakeClock(),
            tx=JournalTransactions(journal),
            policy=JudgingPolicy(slots=1, flush_interval_seconds=0.0, compile_limits=LIMITS),
        )

    first = asyncio.create_task(worker()())
    await asyncio.wait_for(held.compiling.wait(), 30)
    assert store.rows[bombs[0]].status is SubmissionStatus.JUDGING  # compiling, so in flight

    # A second worker, while Alice's first bomb compiles: Bob has nothing in flight, Alice has one.
    bobs = await asyncio.wait_for(worker()(), 60)
    assert not first.done()
    held.release.set()
    alices_first = await asyncio.wait_for(first, 60)

    runs_before = sandbox.runs_started
    again = [await asyncio.wait_for(worker()(), 60) for _ in range(BOMBS - 1)]
    outputs.close()

    # Stated bound: Bob's submission is the next claim after the judging in flight, not after Alice's queue.
    claimed = [claim.submission_id for claim in store.claims if claim is not None]
    assert claimed[:2] == [bombs[0], trivial]
    assert (bobs.submission_id, bobs.verdict) == (trivial, Verdict.ACCEPTED)
    assert alices_first.verdict is Verdict.COMPILATION_ERROR
    assert "exceeded its cpu limit" in (store.rows[bombs[0]].compile_output or "")
    # The same bomb again: the remembered time-out, without a compiler run.
    assert [o.submission_id for o in again] == bombs[1:]
    assert {o.verdict for o in again} == {Verdict.COMPILATION_ERROR}
    assert sandbox.runs_started == runs_before
    assert [r.cached for r in held.results[:2]] == [False, False]  # Bob's, then Alice's first bomb
    assert [r.cached for r in held.results[-2:]] == [True, True]
    assert store.rows[bombs[2]].compile_output == store.rows[bombs[0]].compile_output

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

from application.judging.policy import JudgingPolicy
from application.judging.ports import WorkerIdentity
from application.judging.sandbox import CompileResult, RunOutcome, RunReport
from application.judging.usecases.judge_submission import (
    JudgeSubmission,
    JudgeSubmissionOutput,
    JudgingEnd,
)
from domain.judging.checkers import CheckerFile, CheckerSpec, CustomChecker
from domain.judging.enums import CheckerProtocol, ProblemType, SubmissionStatus, Verdict
from domain.problems.entities import Problem, TestData
from domain.submissions.entities import Submission
from infrastructure.judging.files import FileOutputChecker
from tests.unit.application.judging.fakes import (
    FakeOutputs,
    FakeSandbox,
    FakeTestFiles,
    FakeToolchains,
    JournalTransactions,
    Run,
    compiled,
    make_submission,
    make_test,
)
from tests.unit.application.problems.fakes import FakeProblems, FakeTests, make_problem
from tests.unit.application.submissions.fakes import FakeSubmissionStore
from tests.unit.fakes import NOW, FakeClock

WORKER = WorkerIdentity(uuid.uuid4())
POLICY = JudgingPolicy(slots=1, flush_interval_seconds=0.0)
INPUT, ANSWER = b"2\n", b"4\n"
RIGHT, WRONG = Run(stdout=b"4\n"), Run(stdout=b"5\n")
SYNTAX_ERROR = CompileResult(
    report=RunReport(outcome=RunOutcome.RUNTIME_ERROR, exit_code=1),
    output="main.py:1: SyntaxError: invalid syntax",
    artifact=None,
)


@dataclass(frozen=True, slots=True)
class Lease:
    owner: UUID
    until: datetime


@dataclass(slots=True, kw_only=True)
class World:
    problem: Problem
    submission: Submission
    store: FakeSubmissionStore
    sandbox: FakeSandbox
    journal: list[str]
    judge: JudgeSubmission

    async def run(self) -> JudgeSubmissionOutput:
        """Fails instead of hanging; does not rely on cancellation, which a hung judging may swallow."""
        judging = asyncio.create_task(self.judge())
        await asyncio.wait({judging}, timeout=2)
        if not judging.done():
            judging.cancel()
            raise AssertionError("judging hung")
        return judging.result()

    def judged(self, verdict: Verdict) -> JudgeSubmissionOutput:
        return JudgeSubmissionOutput(
            outcome=JudgingEnd.JUDGED, submission_id=self.submission.id, verdict=verdict
        )

    @property
    def row(self) -> Submission:
        return self.store.rows[self.submission.id]

    @property
    def compile_output(self) -> str:
        assert self.row.compile_output is not None
        return self.row.compile_output


async def world(
    tmp_path: Path,
    *,
    sandbox: FakeSandbox | None = None,
    test_names: tuple[str, ...] = ("1", "2", "3"),
    problem_type: ProblemType = ProblemType.PASS_FAIL,
    checker: CheckerSpec | None = None,
    toolchains: tuple[str, ...] = ("python3",),
    status: SubmissionStatus = SubmissionStatus.QUEUED,
    attempt: int = 0,
    tries: int = 0,
    lease: Lease | None = None,
    prepare_error: Exception | None = None,
    policy: JudgingPolicy = POLICY,
    outputs: FakeOutputs | None = None,
) -> World:
    problem = make_problem(type=problem_type, checker=checker)
    tests = FakeTests()
    for name in test_names:
        await tests.add(make_test(problem.id, name), TestData(input=INPUT, answer=ANSWER))
    journal: list[str] = []
    store = FakeSubmissionStore(journal)
    submission = make_submission(problem.id, attempt=attempt)
    submission.status, submission.tries = status, tries
    if lease is not None:
        submission.lease_owner, submission.lease_until = lease.owner, lease.until
    store.put(submission, checker_language=checker.language if isinstance(checker, CustomChecker) else None)
    sandbox = sandbox or FakeSandbox(runs=[RIGHT] * len(test_names))
    judge = JudgeSubmission(
        store=store,
        submissions=store,
        problems=FakeProblems(problem),
        tests=tests,
        test_files=FakeTestFiles(
            tmp_path / "tests", {name: (INPUT, ANSWER) for name in test_names}, error=prepare_error
        ),
        outputs=outputs or FakeOutputs(tmp_path / "work"),
        sandbox=sandbox,
        output_checker=FileOutputChecker(),
        toolchains=FakeToolchains(*toolchains),
        identity=WORKER,
        clock=FakeClock(),
        tx=JournalTransactions(journal),
        policy=policy,
    )
    return World(
        problem=problem, submission=submission, store=store, sandbox=sandbox, journal=journal, judge=judge
    )


def expired_lease() -> Lease:
    """Another worker held the submission and died: its lease ran out a second ago."""
    return Lease(owner=uuid.uuid4(), until=NOW - timedelta(seconds=1))


async def test_accepted_solution_runs_every_test_saves_each_result_and_finishes_once(tmp_path: Path) -> None:
    w = await world(tmp_path, test_names=("1", "2", "10"))

    output = await w.run()

    assert output == w.judged(Verdict.ACCEPTED)
    assert len(w.store.finished) == 1
    claim, result = w.store.finished[0]
    assert (claim.attempt, claim.worker_id) == (1, WORKER.id)
    assert (result.verdict, result.score, result.max_score, result.isolated) == (Verdict.ACCEPTED, 1, 1, True)
    assert (w.row.status, w.row.verdict) == (SubmissionStatus.FINISHED, Verdict.ACCEPTED)
    saved = w.store.tests_of(w.submission.id, attempt=1)
    assert [(r.index, r.name, r.verdict) for r in saved] == [
        (1, "1", Verdict.ACCEPTED),
        (2, "2", Verdict.ACCEPTED),
        (3, "10", Verdict.ACCEPTED),
    ]
    assert len(w.sandbox.compiled_requests) == 1
    assert w.sandbox.compiled_requests[0].language.id == "python3"
    assert [request.stdin_path for request in w.sandbox.executed] == [
        str(tmp_path / "tests" / f"{name}.in") for name in ("1", "2", "10")
    ]
    assert {request.artifact for request in w.sandbox.executed} == {"artifact-1"}


async def test_pass_fail_stops_at_the_first_wrong_answer(tmp_path: Path) -> None:
    w = await world(tmp_path, sandbox=FakeSandbox(runs=[RIGHT, WRONG, RIGHT]))

    output = await w.run()

    assert output == w.judged(Verdict.WRONG_ANSWER)
    assert len(w.sandbox.executed) == 2
    saved = w.store.tests_of(w.submission.id, attempt=1)
    assert [(r.index, r.verdict) for r in saved] == [(1, Verdict.ACCEPTED), (2, Verdict.WRONG_ANSWER)]
    assert w.row.score == 0


async def test_scoring_problem_runs_the_tests_after_a_failure(tmp_path: Path) -> None:
    w = await world(
        tmp_path, problem_type=ProblemType.SCORING, sandbox=FakeSandbox(runs=[RIGHT, WRONG, RIGHT])
    )

    output = await w.run()

    assert output.verdict is Verdict.WRONG_ANSWER
    assert len(w.sandbox.executed) == 3
    assert len(w.store.tests_of(w.submission.id, attempt=1)) == 3


async def test_compilation_error_is_reported_with_the_compiler_output_and_runs_no_test(
    tmp_path: Path,
) -> None:
    w = await world(tmp_path, sandbox=FakeSandbox(compilations=[SYNTAX_ERROR]))

    output = await w.run()

    assert output == w.judged(Verdict.COMPILATION_ERROR)
    assert w.row.verdict is Verdict.COMPILATION_ERROR
    assert w.row.compile_output == "main.py:1: SyntaxError: invalid syntax"
    assert w.sandbox.executed == []
    assert w.store.tests_of(w.submission.id, attempt=1) == []


async def test_sandbox_failure_while_compiling_is_an_internal_error_not_a_compilation_error(
    tmp_path: Path,
) -> None:
    broken = CompileResult(
        report=RunReport(outcome=RunOutcome.INTERNAL_ERROR, internal_reason="cgroup vanished"),
        output="",
        artifact=None,
    )
    w = await world(tmp_path, sandbox=FakeSandbox(compilations=[broken]))

    output = await w.run()

    assert output == w.judged(Verdict.INTERNAL_ERROR)
    assert "cgroup vanished" in w.compile_output
    assert w.sandbox.executed == []


def new_tasks(before: set[asyncio.Task[object]]) -> set[asyncio.Task[object]]:
    """Tasks started since `before` that are still alive (the event loop is shared by the whole session)."""
    return {task for task in asyncio.all_tasks() - before if not task.done()} - {asyncio.current_task()}


async def assert_finished_as_internal_error_after_rollback(w: World, reason: str) -> None:
    before = asyncio.all_tasks()

    output = await w.run()

    assert output == w.judged(Verdict.INTERNAL_ERROR)
    assert w.row.status is SubmissionStatus.FINISHED  # not left to be claimed again and fail again
    assert w.compile_output.startswith("Judging failed")
    assert len(w.store.finished) == 1
    assert w.journal[-3:] == ["rollback", "finish", "commit"]
    assert reason in w.compile_output
    await asyncio.sleep(0)
    assert not new_tasks(before), "judging left tasks behind"
    assert await w.run() == JudgeSubmissionOutput(outcome=JudgingEnd.NOT_CLAIMED)


async def test_error_preparing_test_files_finishes_as_internal_error_after_a_rollback(tmp_path: Path) -> None:
    w = await world(tmp_path, prepare_error=OSError("disk full"))

    await assert_finished_as_internal_error_after_rollback(w, "disk full")


async def test_sandbox_raising_mid_run_finishes_as_internal_error_after_a_rollback(tmp_path: Path) -> None:
    w = await world(tmp_path, sandbox=FakeSandbox(runs=[RIGHT, RuntimeError("bwrap is gone")]))

    await assert_finished_as_internal_error_after_rollback(w, "bwrap is gone")


async def test_claim_past_the_attempt_cap_is_finished_as_internal_error_without_compiling(
    tmp_path: Path,
) -> None:
    w = await world(
        tmp_path,
        status=SubmissionStatus.JUDGING,
        attempt=POLICY.max_attempts,
        tries=POLICY.max_attempts,
        lease=expired_lease(),
    )

    output = await w.run()

    assert output == w.judged(Verdict.INTERNAL_ERROR)
    assert (w.row.attempt, w.row.tries) == (POLICY.max_attempts + 1, POLICY.max_attempts + 1)
    assert "gave up" in w.compile_output
    assert w.sandbox.compiled_requests == []


async def test_last_allowed_attempt_is_judged_normally(tmp_path: Path) -> None:
    w = await world(
        tmp_path,
        status=SubmissionStatus.JUDGING,
        attempt=POLICY.max_attempts - 1,
        tries=POLICY.max_attempts - 1,
        lease=expired_lease(),
    )

    output = await w.run()

    assert output == w.judged(Verdict.ACCEPTED)
    assert w.row.tries == POLICY.max_attempts


async def test_a_submission_rejudged_many_times_is_still_judged(tmp_path: Path) -> None:
    """The cap counts the tries of one judging request: earlier, finished attempts do not count."""
    w = await world(tmp_path, attempt=POLICY.max_attempts + 2, tries=0)

    output = await w.run()

    assert output == w.judged(Verdict.ACCEPTED)
    assert (w.row.attempt, w.row.tries) == (POLICY.max_attempts + 3, 1)


async def test_worker_without_the_submission_language_leaves_it_unclaimed(tmp_path: Path) -> None:
    w = await world(tmp_path, toolchains=("cpp",))

    output = await w.run()

    assert output == JudgeSubmissionOutput(outcome=JudgingEnd.NOT_CLAIMED)
    assert w.store.claims == [None]
    assert (w.row.status, w.row.attempt) == (SubmissionStatus.QUEUED, 0)


async def test_worker_without_the_custom_checker_language_leaves_it_unclaimed(tmp_path: Path) -> None:
    checker = CustomChecker(protocol=CheckerProtocol.TESTLIB, language="cpp", source="int main() {}")
    w = await world(tmp_path, checker=checker, toolchains=("python3",))

    output = await w.run()

    assert output == JudgeSubmissionOutput(outcome=JudgingEnd.NOT_CLAIMED)
    assert w.store.claims == [None]
    assert w.sandbox.compiled_requests == []


async def test_finished_submission_is_not_claimed_again(tmp_path: Path) -> None:
    w = await world(tmp_path, status=SubmissionStatus.FINISHED, attempt=1)

    output = await w.run()

    assert output == JudgeSubmissionOutput(outcome=JudgingEnd.NOT_CLAIMED)
    assert w.store.claims == [None]
    assert w.sandbox.compiled_requests == []


async def test_submission_another_worker_holds_a_live_lease_on_is_not_judged(tmp_path: Path) -> None:
    live = Lease(owner=uuid.uuid4(), until=NOW + timedelta(seconds=10))
    w = await world(tmp_path, status=SubmissionStatus.JUDGING, attempt=1, lease=live)

    output = await w.run()

    assert output == JudgeSubmissionOutput(outcome=JudgingEnd.NOT_CLAIMED)
    assert w.store.claims == [None]
    assert w.sandbox.compiled_requests == []
    assert w.store.finished == []


async def test_claim_lost_mid_judging_stops_the_runs_and_writes_no_result(tmp_path: Path) -> None:
    w = await world(tmp_path)
    rejudge = Run(stdout=ANSWER, before=lambda: w.store.requeue_now(w.submission.id))
    w.sandbox.runs = [rejudge, Run(hang=True), RIGHT]

    output = await w.run()

    assert output == JudgeSubmissionOutput(outcome=JudgingEnd.CLAIM_LOST, submission_id=w.submission.id)
    assert w.store.finished == []
    assert len(w.sandbox.cancelled) == 1  # the second test's run was stopped, the third never started
    assert len(w.sandbox.executed) == 2
    assert w.row.status is SubmissionStatus.QUEUED


async def test_problem_without_tests_is_an_internal_error_saying_so(tmp_path: Path) -> None:
    w = await world(tmp_path, test_names=())

    output = await w.run()

    assert output == w.judged(Verdict.INTERNAL_ERROR)
    assert "no tests" in w.compile_output
    assert w.sandbox.compiled_requests == []


async def test_cancelled_judging_stops_its_sandbox_runs(tmp_path: Path) -> None:
    """A worker shutting down cancels the judging; the sandbox runs must not go on without it."""
    w = await world(tmp_path, sandbox=FakeSandbox(runs=[Run(hang=True)]))
    before = asyncio.all_tasks()
    judging = asyncio.create_task(w.judge())
    await w.sandbox.started.wait()

    judging.cancel()
    await asyncio.gather(judging, return_exceptions=True)
    await asyncio.sleep(0)

    assert judging.cancelled()
    assert len(w.sandbox.cancelled) == 1
    assert not new_tasks(before), "judging left tasks behind"


async def test_submission_ends_as_output_limit_exceeded_once_its_outputs_together_pass_the_cap(
    tmp_path: Path,
) -> None:
    policy = JudgingPolicy(slots=1, flush_interval_seconds=0.0, submission_output_bytes=3)
    w = await world(
        tmp_path, problem_type=ProblemType.SCORING, policy=policy, sandbox=FakeSandbox(runs=[RIGHT] * 3)
    )

    output = await w.run()

    assert output.verdict is Verdict.OUTPUT_LIMIT_EXCEEDED
    assert len(w.sandbox.executed) == 2  # the third test never ran
    saved = w.store.tests_of(w.submission.id, attempt=1)
    assert [r.verdict for r in saved] == [
        Verdict.ACCEPTED,
        Verdict.OUTPUT_LIMIT_EXCEEDED,
        Verdict.OUTPUT_LIMIT_EXCEEDED,
    ]
    assert "exceed 3 bytes in total" in saved[1].checker_message
    assert all(request.limits.stdout_bytes <= 3 for request in w.sandbox.executed)


async def test_each_output_is_deleted_once_checked_and_only_tests_in_flight_hold_one(tmp_path: Path) -> None:
    outputs = FakeOutputs(tmp_path / "work")
    policy = JudgingPolicy(slots=2, flush_interval_seconds=0.0)
    w = await world(
        tmp_path,
        test_names=tuple(str(i) for i in range(6)),
        policy=policy,
        outputs=outputs,
        sandbox=FakeSandbox(runs=[RIGHT] * 6),
    )

    output = await w.run()

    assert output.verdict is Verdict.ACCEPTED
    assert (outputs.count, outputs.held) == (6, 0)
    assert outputs.peak <= policy.slots
    assert list((tmp_path / "work").iterdir()) == []


async def test_an_output_the_sandbox_could_not_store_ends_the_submission_as_internal_error(
    tmp_path: Path,
) -> None:
    lost = RunReport(
        outcome=RunOutcome.INTERNAL_ERROR, internal_reason="output sink: ENOSPC", output_lost=True
    )
    w = await world(
        tmp_path, problem_type=ProblemType.SCORING, sandbox=FakeSandbox(runs=[RIGHT, Run(report=lost), RIGHT])
    )

    output = await w.run()

    assert output.verdict is Verdict.INTERNAL_ERROR
    assert "OutputStoreError" in w.compile_output


async def test_a_full_output_store_ends_the_submission_as_internal_error(tmp_path: Path) -> None:
    outputs = FakeOutputs(tmp_path / "work", error=OSError(28, "No space left on device"))
    w = await world(tmp_path, outputs=outputs)

    output = await w.run()

    assert output.verdict is Verdict.INTERNAL_ERROR
    assert w.sandbox.executed == []


async def test_a_custom_checker_compiles_as_a_jury_program_with_its_files_and_the_submission_does_not(
    tmp_path: Path,
) -> None:
    """Only jury programs get the judge's headers (testlib.h) on their include path."""
    checker = CustomChecker(
        protocol=CheckerProtocol.TESTLIB,
        language="cpp",
        files=(
            CheckerFile(name="check.cpp", content='#include "local.h"\nint main() {}\n'),
            CheckerFile(name="local.h", content="#pragma once\n"),
        ),
    )
    sandbox = FakeSandbox(compilations=[compiled("solution"), compiled("checker")], runs=[RIGHT, Run()])
    w = await world(
        tmp_path, sandbox=sandbox, test_names=("1",), checker=checker, toolchains=("python3", "cpp")
    )

    assert await w.run() == w.judged(Verdict.ACCEPTED)

    solution, jury = w.sandbox.compiled_requests
    assert (solution.language.id, solution.jury) == ("python3", False)
    assert (jury.language.id, jury.jury) == ("cpp", True)
    assert [(file.name, file.content) for file in jury.files] == [
        ("check.cpp", b'#include "local.h"\nint main() {}\n'),
        ("local.h", b"#pragma once\n"),
    ]
    assert w.sandbox.executed[1].artifact == "checker"

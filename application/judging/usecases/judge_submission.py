import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum
from uuid import UUID

from application.clock import Clock
from application.judging.checking import (
    CompiledChecker,
    OutputJudge,
    PreparedChecker,
    jury_compile_request,
)
from application.judging.interaction import CompiledInteractor, InteractiveTestRunner
from application.judging.policy import JudgingPolicy
from application.judging.ports import (
    OutputChecker,
    OutputStore,
    TestFiles,
    TestPaths,
    Toolchains,
    WorkerIdentity,
)
from application.judging.problem_cache import ProblemCache
from application.judging.progress import ProgressWriter, judged_event
from application.judging.sandbox import (
    BoxFile,
    CompileRequest,
    CompileResult,
    InteractiveSandbox,
    RunLimits,
    RunOutcome,
)
from application.judging.scheduler import run_tests
from application.judging.test_runner import OutputBudget, TestRunner
from application.judging.verdicts import compilation_summary, submission_summary
from application.messaging.events import NO_EVENTS, EventRecorder
from application.transactions import TransactionManager
from domain.judging.checkers import CustomChecker
from domain.judging.enums import CheckerProtocol, ProblemType, Verdict
from domain.judging.scoring import Summary, summarize_internal_error
from domain.languages.specs import SPECS_BY_ID
from domain.problems.entities import Problem, TestCase, in_order
from domain.problems.repositories import ProblemReader, ProblemTestReader
from domain.submissions.entities import Claim, JudgingResult, Submission, TestResult
from domain.submissions.events import (
    JudgingStarted,
    RequeueReason,
    SubmissionJudged,
    SubmissionRequeued,
)
from domain.submissions.repositories import JudgingStore, SubmissionReader

logger = logging.getLogger(__name__)


class JudgingEnd(StrEnum):
    """How one call ended."""

    JUDGED = "judged"
    NOT_CLAIMED = "not_claimed"  # nothing this worker can judge is waiting (another worker took it)
    CLAIM_LOST = "claim_lost"  # taken over mid-way (lease expired, rejudged): nothing final written


@dataclass(frozen=True, slots=True, kw_only=True)
class JudgeSubmissionOutput:
    outcome: JudgingEnd
    submission_id: UUID | None = None  # the one claimed
    verdict: Verdict | None = None
    # JUDGED, when the claim carried the submission: for metrics, without reading it again.
    language: str | None = field(default=None, compare=False)
    queued_seconds: float | None = field(default=None, compare=False)  # created → finished


@dataclass(frozen=True, slots=True)
class JudgeSubmission:
    """Claims the fairest waiting submission this worker can judge (`domain/submissions/fairness.py`: the
    account with the fewest in flight first) with a lease, compiles it once, runs its tests in the sandbox
    (in parallel, lazily for pass-fail problems), checks outputs, records each test's result as it finishes
    and writes exactly one final result for the attempt. A test's output is kept only until it is checked;
    once a submission's outputs together pass the per-submission cap it ends as output limit exceeded, and
    an output the worker could not store (a full disk) ends it as an internal error. A judging whose claim
    was taken over stops without writing a result. A judging cancelled while it holds its claim (the worker
    is shutting down) hands the submission back: queued again at once, the try not counted."""

    store: JudgingStore
    submissions: SubmissionReader
    problems: ProblemReader
    tests: ProblemTestReader
    test_files: TestFiles
    outputs: OutputStore
    sandbox: InteractiveSandbox
    output_checker: OutputChecker
    toolchains: Toolchains
    identity: WorkerIdentity
    clock: Clock
    tx: TransactionManager
    policy: JudgingPolicy
    problem_cache: ProblemCache = field(default_factory=ProblemCache)  # the worker's one (APP scope)
    events: EventRecorder = NO_EVENTS

    async def __call__(self) -> JudgeSubmissionOutput:
        now = self.clock.now()
        claim = await self.store.claim_next(
            self.identity.id, self._languages(), now, now + timedelta(seconds=self.policy.lease_seconds)
        )
        if claim is not None:
            self.events.record(
                JudgingStarted(
                    submission_id=claim.submission_id,
                    attempt=claim.attempt,
                    worker_id=claim.worker_id,
                    started_at=now,
                )
            )
        await self.tx.commit()
        if claim is None:
            return JudgeSubmissionOutput(outcome=JudgingEnd.NOT_CLAIMED)
        try:
            return await self._judge_claim(claim)
        except asyncio.CancelledError:
            await self._hand_back(claim)
            raise

    async def _judge_claim(self, claim: Claim) -> JudgeSubmissionOutput:
        # The claim's statement returned the submission; its problem is read unless cached at its version.
        submission = claim.submission or await self.submissions.get(claim.submission_id)
        problem = await self._problem(submission.problem_id, claim.problem_version) if submission else None
        if submission is None or problem is None:  # deleted since the claim (with its problem)
            return JudgeSubmissionOutput(outcome=JudgingEnd.CLAIM_LOST, submission_id=claim.submission_id)
        if claim.exceeds(self.policy.max_attempts):
            message = f"Judging failed {claim.tries - 1} times (a worker died or an error repeated); gave up."
            return await self._finish(claim, _internal_error(problem), message)
        try:
            return await self._judge_claimed(claim, submission, problem)
        except Exception as error:  # judging must end in a verdict, not in an endless retry
            logger.exception("judging %s failed", submission.id)
            await self.tx.rollback()
            return await self._finish(
                claim, _internal_error(problem), f"Judging failed: {type(error).__name__}: {error}"
            )

    async def _hand_back(self, claim: Claim) -> None:
        """Runs in a task being cancelled: its sandbox runs are stopped already (`_judge_claimed`)."""
        try:
            await self.tx.rollback()
            if await self.store.release(claim):
                self.events.record(
                    SubmissionRequeued(submission_id=claim.submission_id, reason=RequeueReason.HANDED_BACK)
                )
            await self.tx.commit()
        except Exception:  # the lease then runs out and the reaper requeues it (one try counted)
            logger.exception("handing %s back failed", claim.submission_id)

    def _languages(self) -> list[str]:
        """What this worker can judge: a submission's language and its problem's custom checker's."""
        return [language for language in SPECS_BY_ID if self.toolchains.get(language) is not None]

    async def _judge_claimed(
        self, claim: Claim, submission: Submission, problem: Problem
    ) -> JudgeSubmissionOutput:
        tests = await self._tests(problem, claim.problem_version)
        paths = await self.test_files.prepare(tests)
        await self.tx.commit()  # end the read transaction (if any) before the long part

        async with ProgressWriter(
            self.store, self.tx, self.clock, self.policy, claim, self.events
        ) as progress:
            judging = asyncio.create_task(self._judge(submission, problem, tests, paths, progress))
            lost = asyncio.create_task(progress.lost.wait())
            try:
                done, _ = await asyncio.wait({judging, lost}, return_when=asyncio.FIRST_COMPLETED)
            finally:  # also when this task is cancelled: no sandbox run may outlive its judging
                lost.cancel()
                if not judging.done():
                    judging.cancel()
                    await asyncio.wait({judging})
            if judging not in done:
                return JudgeSubmissionOutput(outcome=JudgingEnd.CLAIM_LOST, submission_id=claim.submission_id)
            summary, compile_output = judging.result()
            rest = await progress.stop()
        return await self._finish(claim, summary, compile_output, rest)

    async def _problem(self, problem_id: UUID, version: str | None) -> Problem | None:
        cached = self.problem_cache.get(problem_id, version)
        return cached.problem if cached is not None else await self.problems.get(problem_id)

    async def _tests(self, problem: Problem, version: str | None) -> list[TestCase]:
        """The problem's tests in order; read after the claim, so never older than `version`."""
        cached = self.problem_cache.get(problem.id, version)
        if cached is not None and cached.problem is problem:  # the tests cached with this very problem
            return cached.tests
        tests = in_order(list(await self.tests.list_for(problem.id)))
        self.problem_cache.put(version, problem, tests)
        return tests

    async def _finish(
        self, claim: Claim, summary: Summary, compile_output: str, rest: Sequence[TestResult] = ()
    ) -> JudgeSubmissionOutput:
        """The final result, with the test results the progress writer had not written yet (`rest`), in
        one transaction."""
        result = JudgingResult(
            verdict=summary.verdict,
            score=summary.score,
            max_score=summary.max_score,
            time_ms=summary.time_ms,
            memory_kb=summary.memory_kb,
            compile_output=compile_output,
            isolated=self.sandbox.isolated,
        )
        now = self.clock.now()
        written = await self.store.finish(claim, result, now, rest)
        if written:
            self.events.record(*(judged_event(claim, test) for test in rest))
            self.events.record(
                SubmissionJudged(
                    submission_id=claim.submission_id,
                    attempt=claim.attempt,
                    verdict=result.verdict,
                    score=result.score,
                    max_score=result.max_score,
                    time_ms=result.time_ms,
                    memory_kb=result.memory_kb,
                    finished_at=now,
                )
            )
        await self.tx.commit()
        if not written:
            return JudgeSubmissionOutput(outcome=JudgingEnd.CLAIM_LOST, submission_id=claim.submission_id)
        judged = claim.submission
        return JudgeSubmissionOutput(
            outcome=JudgingEnd.JUDGED,
            submission_id=claim.submission_id,
            verdict=summary.verdict,
            language=judged.language if judged else None,
            queued_seconds=(now - judged.created_at).total_seconds() if judged else None,
        )

    async def _judge(
        self,
        submission: Submission,
        problem: Problem,
        tests: list[TestCase],
        paths: dict[UUID, TestPaths],
        progress: ProgressWriter,
    ) -> tuple[Summary, str]:
        """Touches no database session: only `progress` writes, from its own task."""
        language = self.toolchains.get(submission.language)
        if language is None:
            return _internal_error(problem), f"This worker has no toolchain for '{submission.language}'."
        if not tests:
            return _internal_error(problem), "The problem has no tests yet."

        compiled = await self.sandbox.compile(
            CompileRequest(
                language=language,
                files=[BoxFile(name=f.name, content=f.content) for f in submission.files],
                limits=self.policy.compile_limits,
            )
        )
        compile_output = _compile_output(compiled)
        stopped = compilation_summary(problem, compiled)
        if stopped is not None:
            return stopped, compile_output
        assert compiled.artifact is not None  # compilation_summary stops every compilation without one

        checker = await self._prepare_checker(problem)
        if checker is None:
            return _internal_error(problem), compile_output + "\nThe problem's checker failed to compile."
        limits = RunLimits(
            cpu_ms=problem.limits.time_ms,
            wall_ms=problem.limits.effective_wall_time_ms,
            memory_kib=problem.limits.memory_mb * 1024,
            processes=SPECS_BY_ID[language.id].run_processes,
            stdout_bytes=problem.limits.output_kb * 1024,
        )
        judge_output = OutputJudge(
            sandbox=self.sandbox,
            output_checker=self.output_checker,
            checker=checker,
            limits=self.policy.checker_limits,
        )
        interactor = await self._prepare_interactor(problem)
        if isinstance(interactor, str):
            return _internal_error(problem), compile_output + interactor
        budget = OutputBudget(max_bytes=self.policy.submission_output_bytes)
        runner: TestRunner | InteractiveTestRunner = TestRunner(
            sandbox=self.sandbox,
            judge_output=judge_output,
            outputs=self.outputs,
            budget=budget,
            artifact=compiled.artifact,
            limits=limits,
            allow_file_writing=problem.allow_file_writing,
        )
        if interactor is not None:
            runner = InteractiveTestRunner(
                sandbox=self.sandbox,
                interactor=interactor,
                checker=_checker_after(interactor, checker, judge_output),
                outputs=self.outputs,
                artifact=compiled.artifact,
                limits=limits,
                interactor_limits=self.policy.interactor_limits,
                transcript_bytes=self.policy.transcript_bytes,
            )
        results = await run_tests(
            tests,
            lambda index, test: runner.run(index, test, paths[test.id]),
            parallel=self.policy.slots,
            stop_at_first_failure=problem.type is ProblemType.PASS_FAIL,
            on_result=progress.add,
        )
        summary = submission_summary(problem, results)
        if budget.exceeded:  # the cap ends the submission, whatever an earlier test's verdict was
            summary = replace(summary, verdict=Verdict.OUTPUT_LIMIT_EXCEEDED)
        return summary, compile_output

    async def _prepare_checker(self, problem: Problem) -> PreparedChecker | None:
        spec = problem.checker
        if not isinstance(spec, CustomChecker):
            return spec
        artifact = await self._compile_jury(spec)
        return CompiledChecker(spec=spec, artifact=artifact) if artifact else None

    async def _prepare_interactor(self, problem: Problem) -> CompiledInteractor | str | None:
        """The problem's compiled interactor, None for a standard problem, or why it cannot run."""
        spec = problem.interactor
        if spec is None:
            return None
        artifact = await self._compile_jury(spec)
        if artifact is None:
            return "\nThe problem's interactor failed to compile."
        return CompiledInteractor(spec=spec, artifact=artifact)

    async def _compile_jury(self, spec: CustomChecker) -> str | None:
        """A checker's or interactor's artifact, None when it cannot be compiled here."""
        language = self.toolchains.get(spec.language)
        if language is None:
            return None
        compiled = await self.sandbox.compile(
            jury_compile_request(spec, language, self.policy.compile_limits)
        )
        return compiled.artifact


def _checker_after(
    interactor: CompiledInteractor, checker: PreparedChecker, judge_output: OutputJudge
) -> OutputJudge | None:
    """A custom testlib checker judges a testlib interactor's output file; a Kattis interactor's verdict is
    final."""
    if interactor.spec.protocol is CheckerProtocol.TESTLIB and isinstance(checker, CompiledChecker):
        return judge_output
    return None


def _compile_output(compiled: CompileResult) -> str:
    output = compiled.output  # cut by the sandbox at the compile limits' stdout_bytes
    if compiled.report.outcome is RunOutcome.INTERNAL_ERROR:  # the sandbox failed, not the compiler
        reason = compiled.report.internal_reason or "unknown"
        return f"{output}\nThe sandbox failed to compile: {reason}".lstrip()
    return output


def _internal_error(problem: Problem) -> Summary:
    return summarize_internal_error(problem.type, problem.groups)

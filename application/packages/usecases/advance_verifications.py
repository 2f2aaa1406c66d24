import uuid
from dataclasses import dataclass, replace

from application.clock import Clock
from application.submissions.dispatch import dispatch_quietly
from application.submissions.ports import JudgeQueue
from application.transactions import TransactionManager
from domain.judging.enums import SubmissionStatus
from domain.packages.entities import (
    JurySubmission,
    TimeLimitRole,
    TimeLimitSource,
    Verification,
    VerificationState,
    jury_run,
)
from domain.packages.expectations import matches
from domain.packages.repositories import JurySubmissionRepository, VerificationRepository
from domain.packages.timing import FALLBACK_TIME_MS, time_limit_from
from domain.problems.repositories import ProblemSaver
from domain.submissions.repositories import SubmissionReader, SubmissionSaver

BATCH = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class AdvanceVerificationsInput:
    limit: int = BATCH


@dataclass(frozen=True, slots=True, kw_only=True)
class AdvanceVerificationsOutput:
    finished_calibrations: list[uuid.UUID]  # problems whose time limit was just set
    dispatched: list[uuid.UUID]


@dataclass(frozen=True, slots=True)
class AdvanceVerifications:
    """Once every jury submission that bounds an open time limit from below has been judged, the limit is
    set from the slowest of those that got what they should (times the package's multiplier, rounded up
    to its resolution; the fallback when none did), and the other jury submissions are queued under it.
    Workers run this periodically, as they reap; each verification is advanced by one of them."""

    verifications: VerificationRepository
    jury: JurySubmissionRepository
    problems: ProblemSaver
    reader: SubmissionReader
    submissions: SubmissionSaver
    queue: JudgeQueue
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: AdvanceVerificationsInput) -> AdvanceVerificationsOutput:
        finished: list[uuid.UUID] = []
        dispatched: list[uuid.UUID] = []
        for verification in await self.verifications.calibrating_locked(data.limit):
            jury = list(await self.jury.list_for(verification.problem_id))
            ready, slowest = await self._slowest(jury)
            if not ready:
                continue
            dispatched += await self._finish(verification, jury, slowest)
            finished.append(verification.problem_id)
        await self.tx.commit()
        await dispatch_quietly(self.queue, dispatched)
        return AdvanceVerificationsOutput(finished_calibrations=finished, dispatched=dispatched)

    async def _slowest(self, jury: list[JurySubmission]) -> tuple[bool, int | None]:
        """(whether every lower bound was judged, the slowest time of those that matched: None if none
        did)."""
        times: list[int] = []
        for item in jury:
            if item.role is not TimeLimitRole.LOWER or item.submission_id is None:
                continue
            submission = await self.reader.get(item.submission_id)
            if submission is None:
                continue
            if submission.status is not SubmissionStatus.FINISHED or submission.verdict is None:
                return False, None
            if matches(
                item.expectation,
                verdict=submission.verdict,
                tests=[test.verdict for test in submission.tests],
                score=submission.score or 0.0,
                max_score=submission.max_score or 0.0,
            ):
                times.append(max((test.time_ms for test in submission.tests), default=0))
        return True, max(times) if times else None

    async def _finish(
        self, verification: Verification, jury: list[JurySubmission], slowest: int | None
    ) -> list[uuid.UUID]:
        now = self.clock.now()
        if slowest is not None:
            time_ms = time_limit_from(verification.rule, slowest)
            verification.source = TimeLimitSource.COMPUTED
            verification.notes.append(
                f"time limit {time_ms / 1000:g} s: the slowest accepted jury submission took {slowest} ms, "
                f"times {verification.rule.ac_to_time_limit:g}, rounded up to "
                f"{verification.rule.resolution_ms / 1000:g} s"
            )
        else:
            time_ms = FALLBACK_TIME_MS
            verification.source = TimeLimitSource.DEFAULT
            verification.notes.append(
                f"time limit {time_ms / 1000:g} s (a fallback): no accepted jury submission got what it "
                "should"
            )
        problem = await self.problems.get_for_update(verification.problem_id)
        dispatched: list[uuid.UUID] = []
        if problem is not None:
            wall = problem.limits.wall_time_ms
            limits = replace(
                problem.limits, time_ms=time_ms, wall_time_ms=wall if wall and wall >= time_ms else None
            )
            problem.limits = limits
            problem.updated_at = now
            await self.problems.update(problem)
            for item in jury:
                if item.skipped is not None or item.submission_id is not None:
                    continue
                submission = jury_run(item, now)
                await self.submissions.add(submission)
                await self.jury.attach(item.id, submission.id)
                dispatched.append(submission.id)
        verification.state = VerificationState.JUDGING
        verification.time_limit_ms = time_ms
        verification.updated_at = now
        await self.verifications.save(verification)
        return dispatched

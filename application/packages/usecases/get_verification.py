from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.problems.access import managed_problem
from domain.judging.enums import SubmissionStatus, Verdict
from domain.packages.entities import TimeLimitSource, VerificationState
from domain.packages.expectations import matches
from domain.packages.repositories import JurySubmissionRepository, VerificationRepository
from domain.problems.repositories import ProblemReader
from domain.submissions.repositories import SubmissionReader


class ReportState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    SKIPPED = "skipped"  # imported with verify off


@dataclass(frozen=True, slots=True, kw_only=True)
class GetVerificationInput:
    problem_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class JuryResult:
    path: str
    language: str
    expected: list[Verdict]
    expected_score: tuple[float, float] | None
    partial: bool
    submission_id: UUID | None
    status: str  # "waiting" (for the time limit), or the submission's status
    verdict: Verdict | None
    score: float | None
    max_score: float | None
    time_ms: int | None
    matches: bool | None  # None until judged


@dataclass(frozen=True, slots=True, kw_only=True)
class SkippedJury:
    path: str
    language: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GetVerificationOutput:
    state: ReportState
    total: int
    matched: int
    time_limit_ms: int | None
    time_limit_source: TimeLimitSource | None
    notes: list[str] = field(default_factory=list)
    results: list[JuryResult] = field(default_factory=list)
    skipped: list[SkippedJury] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class GetVerification:
    """The jury check of an imported package, for the problem's managers: each judged jury submission
    with what it was expected to get, what it got and whether that matches; `running` until every one is
    judged (a computed time limit first waits for the accepted ones). A problem not made from a package
    has an empty, finished report."""

    identity: IdentityProvider
    problems: ProblemReader
    verifications: VerificationRepository
    jury: JurySubmissionRepository
    submissions: SubmissionReader

    async def __call__(self, data: GetVerificationInput) -> GetVerificationOutput:
        principal = await self.identity.principal()
        problem = await managed_problem(principal, self.problems, data.problem_id)
        verification = await self.verifications.get(problem.id)
        if verification is None:
            return GetVerificationOutput(
                state=ReportState.DONE, total=0, matched=0, time_limit_ms=None, time_limit_source=None
            )
        results: list[JuryResult] = []
        skipped: list[SkippedJury] = []
        for item in await self.jury.list_for(problem.id):
            if item.skipped is not None:
                skipped.append(SkippedJury(path=item.path, language=item.language, reason=item.skipped))
                continue
            if verification.state is VerificationState.SKIPPED:
                skipped.append(SkippedJury(path=item.path, language=item.language, reason="verify was off"))
                continue
            submission = await self.submissions.get(item.submission_id) if item.submission_id else None
            finished = submission is not None and submission.status is SubmissionStatus.FINISHED
            verdict = submission.verdict if submission is not None and finished else None
            outcome = None
            if submission is not None and verdict is not None:
                outcome = matches(
                    item.expectation,
                    verdict=verdict,
                    tests=[test.verdict for test in submission.tests],
                    score=submission.score or 0.0,
                    max_score=submission.max_score or 0.0,
                )
            results.append(
                JuryResult(
                    path=item.path,
                    language=item.language,
                    expected=item.expectation.verdicts(),
                    expected_score=item.expectation.score,
                    partial=item.expectation.partial,
                    submission_id=item.submission_id,
                    status=submission.status.value if submission is not None else "waiting",
                    verdict=verdict,
                    score=submission.score if finished and submission else None,
                    max_score=submission.max_score if finished and submission else None,
                    time_ms=submission.time_ms if finished and submission else None,
                    matches=outcome,
                )
            )
        if verification.state is VerificationState.SKIPPED:
            state = ReportState.SKIPPED
        elif verification.state is VerificationState.CALIBRATING or any(r.matches is None for r in results):
            state = ReportState.RUNNING
        else:
            state = ReportState.DONE
        return GetVerificationOutput(
            state=state,
            total=len(results),
            matched=sum(1 for result in results if result.matches),
            time_limit_ms=problem.limits.time_ms,
            time_limit_source=verification.source,
            notes=list(verification.notes),
            results=results,
            skipped=skipped,
        )

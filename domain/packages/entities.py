import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.packages.expectations import Expectation
from domain.packages.timing import TimeLimitRule
from domain.submissions.entities import SourceFile, Submission

JURY_ACCOUNT_ID = UUID("00000000-0000-4000-8000-000000000002")
"""The built-in `jury` account (created by the migration) that owns every jury submission's run: no key
submits as it, so no rate limit counts jury work, and fair claiming shares workers between all jury
work and each other account rather than putting it first."""


class TimeLimitRole(StrEnum):
    """How a jury submission bounds a computed time limit."""

    LOWER = "lower"  # the limit is at least its slowest time x ac_to_time_limit
    UPPER = "upper"  # it should time out under the limit
    NONE = "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class JurySubmission:
    """A program from the package's `submissions/`, kept with the problem (it is exported again) and,
    unless `skipped` says why not, judged as an ordinary submission once `submission_id` is set. That
    submission belongs to the `jury` account and no key: no rate limit counts it, and only the problem's
    managers see it (as they see every submission to their problem)."""

    id: UUID
    problem_id: UUID
    path: str  # under submissions/, e.g. "accepted/sol.py" or "run_time_error/multi" (a directory)
    language: str  # a language id of this judge, or the package's code when unsupported
    files: list[SourceFile]
    expectation: Expectation
    role: TimeLimitRole = TimeLimitRole.NONE
    submission_id: UUID | None = None
    skipped: str | None = None


def jury_run(item: JurySubmission, now: datetime) -> Submission:
    """The submission that judges a jury submission: the jury account's, with no key."""
    return Submission(
        id=uuid.uuid4(),
        problem_id=item.problem_id,
        language=item.language,
        files=item.files,
        owner_id=JURY_ACCOUNT_ID,
        created_at=now,
    )


class VerificationState(StrEnum):
    CALIBRATING = "calibrating"  # the accepted jury solutions run first, to find the time limit
    JUDGING = "judging"  # every jury submission is (being) judged under the final limit
    SKIPPED = "skipped"  # imported with verify off


class TimeLimitSource(StrEnum):
    PACKAGE = "package"  # given by the package
    CALIBRATING = "calibrating"  # being computed from the accepted jury submissions
    COMPUTED = "computed"  # computed from them
    DEFAULT = "default"  # neither: a fallback


@dataclass(slots=True, kw_only=True)
class Verification:
    """The jury check of an imported package, one per problem."""

    problem_id: UUID
    state: VerificationState
    rule: TimeLimitRule
    time_limit_ms: int
    source: TimeLimitSource
    notes: list[str] = field(default_factory=list)
    created_at: datetime
    updated_at: datetime

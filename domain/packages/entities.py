import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.packages.expectations import Expectation
from domain.packages.timing import TimeLimitRule
from domain.submissions.entities import SourceFile, Submission


class TimeLimitRole(StrEnum):
    """How a jury submission bounds a computed time limit."""

    LOWER = "lower"  # the limit is at least its slowest time x ac_to_time_limit
    UPPER = "upper"  # it should time out under the limit
    NONE = "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class JurySubmission:
    """A program from the package's `submissions/`, kept with the problem (it is exported again) and,
    unless `skipped` says why not, judged as an ordinary submission once `submission_id` is set. Jury
    submissions have no submitting account or key: no rate limit counts them, and only the problem's
    managers see them (as they see every submission to their problem)."""

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
    """The submission that judges a jury submission: no account, no key (see JurySubmission)."""
    return Submission(
        id=uuid.uuid4(), problem_id=item.problem_id, language=item.language, files=item.files, created_at=now
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

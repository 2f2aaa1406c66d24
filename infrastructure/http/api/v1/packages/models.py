from datetime import datetime
from uuid import UUID

from pydantic import Field

from application.packages.usecases.get_verification import ReportState
from domain.judging.enums import Verdict
from domain.packages.entities import TimeLimitSource, VerificationState
from domain.problems.files import FileKind
from infrastructure.http.api.v1.models import CamelBase
from infrastructure.http.api.v1.problems.models import ProblemModel


class ImportVerificationModel(CamelBase):
    state: VerificationState = Field(
        description="`calibrating`: the accepted jury submissions run first to find the time limit; "
        "`judging`: every jury submission is queued; `skipped`: imported with verify off."
    )
    total: int = Field(description="Jury submissions that will be judged.")


class ProblemImportModel(ProblemModel):
    """The created problem, what was ignored or approximated, and the jury check under way."""

    warnings: list[str] = Field(description="What of the package was ignored or approximated, and why.")
    verification: ImportVerificationModel


class VerificationResultModel(CamelBase):
    path: str = Field(description="The program's path under `submissions/`.")
    language: str
    expected: list[Verdict] = Field(description="The final verdicts the package allows it.")
    expected_score: list[float] | None = Field(description="[low, high] the score must be in, if given.")
    partial: bool = Field(description="partially_accepted: a score above 0 and below the maximum.")
    submission_id: UUID | None = Field(description="The submission judging it (`GET /submissions/{id}`).")
    status: str = Field(description="`waiting` (for the time limit), `queued`, `judging` or `finished`.")
    verdict: Verdict | None
    score: float | None
    max_score: float | None
    time_ms: int | None
    matches: bool | None = Field(description="Whether it got what it should; null until judged.")


class SkippedJuryModel(CamelBase):
    path: str
    language: str
    reason: str


class VerificationModel(CamelBase):
    state: ReportState = Field(
        description="`running` until every jury submission is judged, then `done`; `skipped` with verify off."
    )
    total: int = Field(description="Jury submissions judged (or being judged).")
    matched: int = Field(description="Of those, how many got what the package expects.")
    time_limit_ms: int | None
    time_limit_source: TimeLimitSource | None = Field(
        description="`package`, `calibrating` (being computed), `computed` (from the accepted jury "
        "submissions and the package's multiplier) or `default`."
    )
    notes: list[str]
    results: list[VerificationResultModel]
    skipped: list[SkippedJuryModel] = Field(description="Jury submissions kept but not judged, and why.")


class ProblemFileModel(CamelBase):
    path: str = Field(description="Relative path, e.g. `statement/figure.png` or `attachments/tool.py`.")
    kind: FileKind = Field(
        description="`statement` and `attachment`: public with the problem; `jury`: its managers only."
    )
    size: int
    sha256: str
    created_at: datetime

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain.judging.enums import SubmissionStatus, Verdict


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile:
    name: str
    content: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TestResult:
    """One test's outcome within one judging attempt."""

    __test__ = False

    index: int
    test_id: UUID
    name: str
    group: str
    verdict: Verdict
    time_ms: int
    wall_time_ms: int
    memory_kb: int
    exit_code: int | None = None
    signal: str | None = None
    checker_message: str = ""
    score: float | None = None  # fraction 0..1 from a checker that gives points


@dataclass(frozen=True, slots=True, kw_only=True)
class JudgingResult:
    """The final result of one judging attempt."""

    verdict: Verdict
    score: float
    max_score: float
    time_ms: int
    memory_kb: int
    compile_output: str
    isolated: bool


@dataclass(slots=True, kw_only=True)
class Submission:
    id: UUID
    problem_id: UUID
    language: str
    files: list[SourceFile]
    status: SubmissionStatus = SubmissionStatus.QUEUED
    verdict: Verdict | None = None
    score: float | None = None
    max_score: float | None = None
    time_ms: int | None = None
    memory_kb: int | None = None
    compile_output: str | None = None
    tests: list[TestResult] = field(default_factory=list)
    attempt: int = 0
    isolated: bool | None = None
    owner_id: UUID | None = None  # the submitting account
    key_id: UUID | None = None  # the key it came with (rate limits are per key)
    created_at: datetime
    finished_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """A worker's exclusive right to judge one attempt of a submission, until `lease_until`."""

    submission_id: UUID
    attempt: int
    worker_id: UUID
    lease_until: datetime

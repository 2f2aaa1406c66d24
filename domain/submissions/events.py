"""What happens to a submission, as plain facts (domain events). Raised where the state changes (by the use
case that applies the transition), collected by the unit of work and handled before it commits; the
integration events that leave the judge are translated from these (`application/messaging/translation.py`).

Payloads (every field is a fact at the moment of the change):

* `SubmissionCreated`: submission_id, problem_id, owner_id, language, created_at, problem_owner_id (known
  from the visibility check, so publishing it reads nothing back).
* `JudgingStarted`: submission_id, attempt (of the claim), worker_id, started_at. Compiling begins.
* `TestJudged`: submission_id, attempt, index (the test's number in judging order, from 1), test_id, name,
  group, verdict, time_ms (CPU), wall_time_ms, memory_kb (peak), score (0..1 or None), checker_message
  (quotes the answer: only for those who may see the test).
* `SubmissionJudged`: submission_id, attempt, verdict, score, max_score, time_ms, memory_kb, finished_at.
* `SubmissionRequeued`: submission_id, reason (`lease_expired`: its worker stopped renewing; `handed_back`:
  its worker shut down mid-judging). The same judging request goes on.
* `SubmissionRejudged`: submission_id. A new judging request: the previous result is gone.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.judging.enums import Verdict
from domain.submissions.entities import Submission


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmissionCreated:
    submission_id: UUID
    problem_id: UUID
    owner_id: UUID | None
    language: str
    created_at: datetime
    problem_owner_id: UUID | None = None

    @classmethod
    def of(cls, submission: Submission, problem_owner_id: UUID | None = None) -> "SubmissionCreated":
        return cls(
            submission_id=submission.id,
            problem_id=submission.problem_id,
            owner_id=submission.owner_id,
            language=submission.language,
            created_at=submission.created_at,
            problem_owner_id=problem_owner_id,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class JudgingStarted:
    submission_id: UUID
    attempt: int
    worker_id: UUID
    started_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class TestJudged:
    __test__ = False

    submission_id: UUID
    attempt: int
    index: int
    test_id: UUID
    name: str
    group: str
    verdict: Verdict
    time_ms: int
    wall_time_ms: int
    memory_kb: int
    score: float | None = None
    checker_message: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmissionJudged:
    submission_id: UUID
    attempt: int
    verdict: Verdict
    score: float
    max_score: float
    time_ms: int
    memory_kb: int
    finished_at: datetime


class RequeueReason(StrEnum):
    LEASE_EXPIRED = "lease_expired"
    HANDED_BACK = "handed_back"


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmissionRequeued:
    submission_id: UUID
    reason: RequeueReason


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmissionRejudged:
    submission_id: UUID


SubmissionEvent = (
    SubmissionCreated
    | JudgingStarted
    | TestJudged
    | SubmissionJudged
    | SubmissionRequeued
    | SubmissionRejudged
)

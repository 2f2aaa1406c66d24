from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain.judging.enums import SubmissionStatus, Verdict
from domain.submissions.lifecycle import Transition, TransitionNotAllowedError, permits


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile:
    """One file of a submission, as bytes: the compiler decides what is valid (a C file with NUL bytes is a
    compilation error, a CP1251 comment in C++ compiles), never the API."""

    name: str
    content: bytes


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
    # Interactive problems: the first bytes each side wrote (capped), shown to those who may see the test.
    transcript_to_interactor: str = ""
    transcript_to_solution: str = ""


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """A worker's exclusive right to judge one attempt of a submission, until `lease_until`."""

    submission_id: UUID
    attempt: int
    tries: int  # claims since the submission was submitted or rejudged, this one included
    worker_id: UUID
    lease_until: datetime
    # What the store read with the claim, in the same statement (None when it did not): the submission as
    # claimed (no test results: the attempt is new), and an opaque version of its problem that changes with
    # any change to the problem or its tests (a worker's cache of problems is keyed by it).
    submission: "Submission | None" = field(default=None, compare=False, repr=False)
    problem_version: str | None = field(default=None, compare=False)

    def exceeds(self, max_tries: int) -> bool:
        """The attempt cap: after `max_tries` claims that never finished (a worker died each time, or an
        error repeated), the next claim ends the judging as an internal error instead of judging again."""
        return self.tries > max_tries


@dataclass(slots=True, kw_only=True)
class Submission:
    """A program submitted for judging, and the state of its judging. Its transitions are the methods below;
    which one is allowed when is `domain/submissions/lifecycle.py`'s table, checked here."""

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
    attempt: int = 0  # of the latest claim; only grows
    tries: int = 0  # claims since submitted or rejudged
    lease_owner: UUID | None = None  # the worker holding the current claim
    lease_until: datetime | None = None
    claimed_at: datetime | None = None  # of the latest claim
    isolated: bool | None = None
    owner_id: UUID | None = None  # the submitting account
    key_id: UUID | None = None  # the key it came with (rate limits are per key)
    created_at: datetime
    finished_at: datetime | None = None
    callback_url: str | None = None  # told `submission.judged` (signed like a webhook)

    def permits(
        self, transition: Transition, *, now: datetime | None = None, claim: Claim | None = None
    ) -> bool:
        return permits(self, transition, now=now, claim=claim)

    def claim(self, worker_id: UUID, now: datetime, lease_until: datetime) -> Claim:
        """A new attempt, held by `worker_id` until `lease_until`."""
        self._require(Transition.CLAIM, now=now)
        self.status = SubmissionStatus.JUDGING
        self.attempt += 1
        self.tries += 1
        self.lease_owner, self.lease_until, self.claimed_at = worker_id, lease_until, now
        return Claim(
            submission_id=self.id,
            attempt=self.attempt,
            tries=self.tries,
            worker_id=worker_id,
            lease_until=lease_until,
        )

    def renew(self, claim: Claim, lease_until: datetime) -> None:
        self._require(Transition.RENEW, claim=claim)
        self.lease_until = lease_until

    def ensure_recordable(self, claim: Claim) -> None:
        """Test results of `claim`'s attempt may be stored (they live beside the submission)."""
        self._require(Transition.RECORD, claim=claim)

    def finish(self, claim: Claim, result: JudgingResult, now: datetime) -> None:
        """The attempt's final result; results of earlier attempts are dropped by the store."""
        self._require(Transition.FINISH, claim=claim)
        self.status = SubmissionStatus.FINISHED
        self.verdict, self.score, self.max_score = result.verdict, result.score, result.max_score
        self.time_ms, self.memory_kb = result.time_ms, result.memory_kb
        self.compile_output, self.isolated = result.compile_output, result.isolated
        self.lease_owner = self.lease_until = None
        self.finished_at = now

    def reap(self, now: datetime) -> None:
        """The holder stopped renewing (it died): back to the queue, the same judging request."""
        self._require(Transition.REAP, now=now)
        self.status = SubmissionStatus.QUEUED
        self.lease_owner = self.lease_until = None

    def release(self, claim: Claim) -> None:
        """The holder stops without a result (its worker is shutting down): back to the queue, the same
        judging request, and the try it used is given back. `attempt` stays: the next claim is a new one."""
        self._require(Transition.RELEASE, claim=claim)
        self.status = SubmissionStatus.QUEUED
        self.tries = claim.tries - 1
        self.lease_owner = self.lease_until = None

    def requeue(self) -> None:
        """A rejudge: a new judging request from scratch; the current claim, whoever holds it, ends."""
        self._require(Transition.REQUEUE)
        self.status = SubmissionStatus.QUEUED
        self.verdict = self.score = self.max_score = self.time_ms = self.memory_kb = None
        self.compile_output = self.isolated = self.finished_at = None
        self.lease_owner = self.lease_until = None
        self.tries = 0
        self.tests = []

    def _require(
        self, transition: Transition, *, now: datetime | None = None, claim: Claim | None = None
    ) -> None:
        if not self.permits(transition, now=now, claim=claim):
            raise TransitionNotAllowedError(
                f"Submission {self.id} cannot {transition} while {self.status}.",
                details={"submission_id": str(self.id), "transition": transition.value},
            )

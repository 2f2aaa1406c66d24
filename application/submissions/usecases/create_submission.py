import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from application.accounts.ports import IdentityProvider, RateLimits
from application.clock import Clock
from application.problems.access import not_found, viewer_of
from application.submissions.dispatch import dispatch_quietly
from application.submissions.policy import SubmissionPolicy
from application.submissions.ports import JudgeQueue, SubmissionIntake
from application.transactions import TransactionManager
from application.webhooks.ports import TargetGuard
from application.workers.policy import WorkerLiveness
from application.workers.ports import NO_RECENT_WORKERS, RecentWorkers
from domain.accounts.entities import Principal
from domain.accounts.exceptions import RateLimitedError
from domain.languages.exceptions import UnknownLanguageError
from domain.languages.specs import SPECS_BY_ID
from domain.submissions.entities import SourceFile, Submission
from domain.submissions.events import SubmissionCreated
from domain.submissions.exceptions import (
    InvalidSubmissionError,
    LanguageUnavailableError,
    SourceTooLargeError,
)
from domain.submissions.repositories import SubmitterUsageReader
from domain.webhooks.policy import check_url
from domain.workers.repositories import WorkerReader

MINUTE = timedelta(minutes=1)
QUEUED_RETRY_SECONDS = 5
_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateSubmissionInput:
    """`files`, or a single `source` stored under the name the language expects (e.g. main.py). Contents
    are bytes, kept exactly as given."""

    problem_id: UUID
    language: str
    files: list[SourceFile] = field(default_factory=list)
    source: bytes | None = None
    callback_url: str | None = None


@dataclass(frozen=True, slots=True)
class CreateSubmission:
    """Accepts a program for judging, to a problem the caller can see, within the caller's rate limits.
    The submission is stored (queued) before any worker is woken, so it is never lost: when the broker is
    down the reaper dispatches it later (a broker in the same database gets the wake-up in the same
    transaction). A language must be known; when live workers exist, one of them must
    offer it (with no live worker at all it waits in the queue). A `callback_url` is checked like a
    webhook's URL (422 when it reaches a refused address) and is told `submission.judged`. The problem is
    looked up last, by the write that stores the submission with its `SubmissionCreated` event and its
    wake-up (`SubmissionIntake`): a 422 or a 429 comes before a 404."""

    identity: IdentityProvider
    limits: RateLimits
    intake: SubmissionIntake
    usage: SubmitterUsageReader
    workers: WorkerReader
    queue: JudgeQueue
    clock: Clock
    tx: TransactionManager
    policy: SubmissionPolicy
    liveness: WorkerLiveness
    guard: TargetGuard
    recent_workers: RecentWorkers = NO_RECENT_WORKERS

    async def __call__(self, data: CreateSubmissionInput) -> Submission:
        principal = await self.identity.principal()
        spec = SPECS_BY_ID.get(data.language)
        if spec is None:
            raise UnknownLanguageError(
                f"Unknown language '{data.language}'. Known: {', '.join(sorted(SPECS_BY_ID))}.",
                details={"language": data.language},
            )
        files = list(data.files)
        if data.source is not None:
            files.append(SourceFile(name=spec.source_name, content=data.source))
        self._validate_files(files)
        if data.callback_url is not None:
            await self.guard.vet(check_url(data.callback_url))
        await self._ensure_offered(data.language)
        now = self.clock.now()
        await self._within_limits(principal, now)

        submission = Submission(
            id=uuid.uuid4(),
            problem_id=data.problem_id,
            language=data.language,
            files=files,
            owner_id=principal.account_id,
            key_id=principal.key_id,
            created_at=now,
            callback_url=data.callback_url,
        )
        created = SubmissionCreated.of(submission)  # its problem's owner is found by the intake's statement
        intake = await self.intake.add_if_visible(submission, viewer_of(principal), created)
        if intake is None:
            raise not_found(data.problem_id)
        await self.tx.commit()  # the transaction the rate limit's lock opened, if any
        if not intake.staged:
            await dispatch_quietly(self.queue, [submission.id])
        return submission

    def _validate_files(self, files: list[SourceFile]) -> None:
        if not files:
            raise InvalidSubmissionError("A submission needs `source` or at least one file in `files`.")
        if len(files) > self.policy.max_files:
            raise InvalidSubmissionError(f"At most {self.policy.max_files} files per submission.")
        names = [f.name for f in files]
        bad = [name for name in names if not _FILE_NAME.match(name)]
        if bad:
            raise InvalidSubmissionError(
                f"Invalid file name {bad[0]!r}: use letters, digits, '_', '-', '.' (no directories).",
                details={"name": bad[0]},
            )
        if len(set(names)) != len(names):
            raise InvalidSubmissionError("File names in a submission must be unique.")
        size = sum(len(f.content) for f in files)
        if size > self.policy.source_max_bytes:
            raise SourceTooLargeError(
                f"Source is {size} bytes; the limit is {self.policy.source_max_bytes} bytes.",
                details={"size": size, "limit": self.policy.source_max_bytes},
            )

    async def _within_limits(self, principal: Principal, now: datetime) -> None:
        quota = self.limits.for_role(principal.role)
        if not (quota.submissions_per_minute or quota.queued_submissions):
            return
        usage = await self.usage.usage_locked(principal.key_id or principal.account_id, now - MINUTE)
        if quota.submissions_per_minute and usage.recent >= quota.submissions_per_minute:
            oldest = usage.oldest_recent_at or now
            retry = max(1, math.ceil((oldest + MINUTE - now).total_seconds()))
            raise RateLimitedError(
                f"At most {quota.submissions_per_minute} submissions a minute with this key; "
                f"try again in {retry} s.",
                retry_after_seconds=retry,
                details={"limit": quota.submissions_per_minute, "window_seconds": 60},
            )
        if quota.queued_submissions and usage.unfinished >= quota.queued_submissions:
            raise RateLimitedError(
                f"At most {quota.queued_submissions} submissions of this key may wait or be judged at once; "
                "wait for one to finish.",
                retry_after_seconds=QUEUED_RETRY_SECONDS,
                details={"limit": quota.queued_submissions},
            )

    async def _ensure_offered(self, language: str) -> None:
        since = self.clock.now() - self.liveness.offline_after
        # A recent reading admits: one that offers the language, or one with no live worker at all (the
        # submission waits in the queue, as a fresh reading with none would decide; a worker gone since
        # leaves it waiting too). A refusal is decided on a fresh one, so a worker that just came is
        # never missed.
        recent = await self.recent_workers.list_alive_since(since)
        if self.recent_workers is not NO_RECENT_WORKERS and not recent:
            return
        if any(lang.id == language for w in recent for lang in w.languages):
            return
        alive = await self.workers.list_alive_since(since)
        offered = {lang.id for worker in alive for lang in worker.languages}
        if alive and language not in offered:
            raise LanguageUnavailableError(
                f"No live worker offers '{language}' now. Available: {', '.join(sorted(offered)) or 'none'}.",
                details={"language": language, "available": sorted(offered)},
            )

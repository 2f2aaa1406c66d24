import re
import uuid
from dataclasses import dataclass
from uuid import UUID

from application.clock import Clock
from application.submissions.dispatch import dispatch_quietly
from application.submissions.policy import SubmissionPolicy
from application.submissions.ports import JudgeQueue
from application.transactions import TransactionManager
from application.workers.policy import WorkerLiveness
from domain.languages.exceptions import UnknownLanguageError
from domain.languages.specs import SPECS_BY_ID
from domain.problems.exceptions import ProblemNotFoundError
from domain.problems.repositories import ProblemReader
from domain.submissions.entities import SourceFile, Submission
from domain.submissions.exceptions import (
    InvalidSubmissionError,
    LanguageUnavailableError,
    SourceTooLargeError,
)
from domain.submissions.repositories import SubmissionSaver
from domain.workers.repositories import WorkerReader

_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateSubmissionInput:
    problem_id: UUID
    language: str
    files: list[SourceFile]


class CreateSubmission:
    """Accepts a program for judging. The submission is stored (queued) before any worker is woken, so it is
    never lost: when the broker is down the reaper dispatches it later. A language must be known; when live
    workers exist, one of them must offer it (with no live worker at all it waits in the queue)."""

    def __init__(
        self,
        problems: ProblemReader,
        submissions: SubmissionSaver,
        workers: WorkerReader,
        queue: JudgeQueue,
        clock: Clock,
        tx: TransactionManager,
        policy: SubmissionPolicy,
        liveness: WorkerLiveness,
    ) -> None:
        self._problems = problems
        self._submissions = submissions
        self._workers = workers
        self._queue = queue
        self._clock = clock
        self._tx = tx
        self._policy = policy
        self._liveness = liveness

    async def __call__(self, data: CreateSubmissionInput) -> Submission:
        spec = SPECS_BY_ID.get(data.language)
        if spec is None:
            raise UnknownLanguageError(
                f"Unknown language '{data.language}'. Known: {', '.join(sorted(SPECS_BY_ID))}.",
                details={"language": data.language},
            )
        self._validate_files(data.files)
        if await self._problems.get(data.problem_id) is None:
            raise ProblemNotFoundError(f"Problem {data.problem_id} does not exist.")
        await self._ensure_offered(data.language)

        submission = Submission(
            id=uuid.uuid4(),
            problem_id=data.problem_id,
            language=data.language,
            files=list(data.files),
            created_at=self._clock.now(),
        )
        await self._submissions.add(submission)
        await self._tx.commit()
        await dispatch_quietly(self._queue, [submission.id])
        return submission

    def _validate_files(self, files: list[SourceFile]) -> None:
        if not files:
            raise InvalidSubmissionError("A submission needs `source` or at least one file in `files`.")
        if len(files) > self._policy.max_files:
            raise InvalidSubmissionError(f"At most {self._policy.max_files} files per submission.")
        names = [f.name for f in files]
        bad = [name for name in names if not _FILE_NAME.match(name)]
        if bad:
            raise InvalidSubmissionError(
                f"Invalid file name {bad[0]!r}: use letters, digits, '_', '-', '.' (no directories).",
                details={"name": bad[0]},
            )
        if len(set(names)) != len(names):
            raise InvalidSubmissionError("File names in a submission must be unique.")
        size = sum(len(f.content.encode()) for f in files)
        if size > self._policy.source_max_bytes:
            raise SourceTooLargeError(
                f"Source is {size} bytes; the limit is {self._policy.source_max_bytes} bytes.",
                details={"size": size, "limit": self._policy.source_max_bytes},
            )

    async def _ensure_offered(self, language: str) -> None:
        alive = await self._workers.list_alive_since(self._clock.now() - self._liveness.offline_after)
        offered = {lang.id for worker in alive for lang in worker.languages}
        if alive and language not in offered:
            raise LanguageUnavailableError(
                f"No live worker offers '{language}' now. Available: {', '.join(sorted(offered)) or 'none'}.",
                details={"language": language, "available": sorted(offered)},
            )

from dataclasses import dataclass
from uuid import UUID

from application.submissions.dispatch import dispatch_quietly
from application.submissions.ports import JudgeQueue
from application.transactions import TransactionManager
from domain.submissions.exceptions import SubmissionNotFoundError
from domain.submissions.repositories import SubmissionReader, SubmissionSaver


@dataclass(frozen=True, slots=True, kw_only=True)
class RejudgeSubmissionInput:
    submission_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class RejudgeOutput:
    requeued: list[UUID]


class RejudgeSubmission:
    """Judges a submission again from scratch (a new attempt); the previous result is replaced when the new
    one is final. A submission being judged right now is restarted."""

    def __init__(
        self,
        reader: SubmissionReader,
        saver: SubmissionSaver,
        queue: JudgeQueue,
        tx: TransactionManager,
    ) -> None:
        self._reader = reader
        self._saver = saver
        self._queue = queue
        self._tx = tx

    async def __call__(self, data: RejudgeSubmissionInput) -> RejudgeOutput:
        if await self._reader.get(data.submission_id) is None:
            raise SubmissionNotFoundError(f"Submission {data.submission_id} does not exist.")
        requeued = await self._saver.requeue([data.submission_id])
        await self._tx.commit()
        await dispatch_quietly(self._queue, requeued)
        return RejudgeOutput(requeued=requeued)

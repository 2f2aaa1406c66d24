from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.judging.enums import SubmissionStatus
from domain.submissions.repositories import LanguageBacklog, QueueSnapshot, QueueStatsReader
from infrastructure.database.repositories.submissions.lifecycle import in_flight
from infrastructure.database.repositories.submissions.models import SubmissionModel as Row

_WAITING = (SubmissionStatus.QUEUED.value, SubmissionStatus.JUDGING.value)


class SqlQueueStats(QueueStatsReader):
    """Three aggregate queries; the first two read only unfinished rows (the partial index on status)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def snapshot(self, now: datetime, *, with_finished: bool) -> QueueSnapshot:
        rows = await self._session.execute(
            select(Row.language, Row.status, func.count(), func.min(Row.created_at))
            .where(Row.status.in_(_WAITING))
            .group_by(Row.language, Row.status)
        )
        queued: dict[str, int] = {}
        judging: dict[str, int] = {}
        oldest: datetime | None = None
        for language, status, count, first in rows:
            if status == SubmissionStatus.QUEUED.value:
                queued[language] = count
                oldest = first if oldest is None else min(oldest, first)
            else:
                judging[language] = count
        held = await self._session.execute(
            select(Row.lease_owner, func.count()).where(in_flight(now)).group_by(Row.lease_owner)
        )
        finished = None
        if with_finished:
            finished = await self._session.scalar(
                select(func.count()).where(Row.status == SubmissionStatus.FINISHED.value)
            )
        languages = sorted(queued.keys() | judging.keys())
        return QueueSnapshot(
            queued=sum(queued.values()),
            judging=sum(judging.values()),
            finished=finished,
            oldest_queued_at=oldest,
            backlog=[
                LanguageBacklog(language=x, queued=queued.get(x, 0), judging=judging.get(x, 0))
                for x in languages
            ],
            held={owner: count for owner, count in held if owner is not None},
        )

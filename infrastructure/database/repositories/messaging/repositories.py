import json
from collections.abc import Collection, Sequence
from typing import cast
from uuid import UUID

from sqlalchemy import String, Table, Uuid, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from application.messaging.delivery import ProcessedEvents
from application.messaging.integration import Audience, IntegrationEvent
from application.messaging.outbox import AudienceReader, Outbox, ProgressSignal
from infrastructure.database.repositories.messaging.models import OutboxModel, ProcessedEventModel
from infrastructure.database.repositories.problems.models import ProblemModel
from infrastructure.database.repositories.runs.models import RunModel
from infrastructure.database.repositories.submissions.models import SubmissionModel
from infrastructure.messaging.codec import OUTBOX_CHANNEL, PROGRESS_CHANNEL, dump_audience

_OUTBOX_COLUMNS = ("id", "type", "payload", "audience", "restricted", "occurred_at")
_INSERTED = (
    insert(cast(Table, OutboxModel.__table__))
    .values({column: bindparam(column) for column in _OUTBOX_COLUMNS})
    .returning(OutboxModel.id)
    .cte("inserted")
)
_INSERT_ONE_AND_NOTIFY = select(func.pg_notify(OUTBOX_CHANNEL, "")).select_from(_INSERTED)
# Many rows and their NOTIFY in one statement and one round trip, compiled once whatever the number of rows:
# the rows travel as one JSON array, inserted in its order (the order `seq` numbers them in).
_INSERT_MANY_AND_NOTIFY = text(
    """
    WITH inserted AS (
        INSERT INTO outbox (id, type, payload, audience, restricted, occurred_at)
        SELECT (e.row->>'id')::uuid, e.row->>'type', e.row->'payload', e.row->'audience',
               e.row->'restricted', (e.row->>'occurred_at')::timestamptz
        FROM jsonb_array_elements(CAST(:rows AS jsonb)) WITH ORDINALITY AS e(row, n)
        ORDER BY e.n
        RETURNING 1
    )
    SELECT pg_notify(CAST(:channel AS text), '') FROM (SELECT 1 FROM inserted LIMIT 1) AS any_row
    """
)
_MARK = insert(cast(Table, ProcessedEventModel.__table__)).on_conflict_do_nothing(
    index_elements=[ProcessedEventModel.event_id, ProcessedEventModel.consumer]
)
# Batches as arrays: one statement compiled once, whatever the batch's size (an IN list or a multi-row
# VALUES is compiled, or expanded, anew per size).
_MARK_MANY = text(
    "INSERT INTO processed_events (event_id, consumer) "
    "SELECT * FROM unnest(CAST(:event_ids AS uuid[]), CAST(:consumers AS text[])) "
    "ON CONFLICT (event_id, consumer) DO NOTHING"
)
_SEEN_BY = text(
    "SELECT event_id, consumer FROM processed_events "
    "WHERE event_id = ANY(CAST(:event_ids AS uuid[])) AND consumer = ANY(CAST(:consumers AS text[]))"
).columns(event_id=Uuid, consumer=String)


class SqlOutbox(Outbox):
    """Rows in the caller's transaction; the NOTIFY that wakes the relay is delivered when it commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, events: Sequence[IntegrationEvent]) -> None:
        if not events:
            return
        if len(events) == 1:  # the usual case (a submit): the row and the NOTIFY in one round trip
            event = events[0]
            await self._session.execute(
                _INSERT_ONE_AND_NOTIFY,
                {
                    "id": event.id,
                    "type": event.type,
                    "payload": dict(event.payload),
                    "audience": dump_audience(event.audience),
                    "restricted": dict(event.restricted),
                    "occurred_at": event.occurred_at,
                },
            )
            return
        rows = [
            {
                "id": str(event.id),
                "type": event.type,
                "payload": dict(event.payload),
                "audience": dump_audience(event.audience),
                "restricted": dict(event.restricted),
                "occurred_at": event.occurred_at.isoformat(),
            }
            for event in events
        ]
        await self._session.execute(
            _INSERT_MANY_AND_NOTIFY, {"rows": json.dumps(rows), "channel": OUTBOX_CHANNEL}
        )


class SqlAudienceReader(AudienceReader):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def of_submission(self, submission_id: UUID) -> Audience | None:
        row = (
            await self._session.execute(
                select(SubmissionModel.owner_id, SubmissionModel.problem_id, ProblemModel.owner_id)
                .join(ProblemModel, ProblemModel.id == SubmissionModel.problem_id)
                .where(SubmissionModel.id == submission_id)
            )
        ).one_or_none()
        if row is None:
            return None
        return Audience(account_id=row[0], problem_id=row[1], problem_owner_id=row[2])

    async def of_problem(self, problem_id: UUID) -> Audience | None:
        owner = (
            await self._session.execute(select(ProblemModel.owner_id).where(ProblemModel.id == problem_id))
        ).one_or_none()
        if owner is None:
            return None
        return Audience(problem_id=problem_id, problem_owner_id=owner[0])

    async def of_run(self, run_id: UUID) -> Audience | None:
        owner = (
            await self._session.execute(select(RunModel.owner_id).where(RunModel.id == run_id))
        ).one_or_none()
        if owner is None:
            return None
        return Audience(account_id=owner[0])


class PgProgressSignal(ProgressSignal):
    """A NOTIFY in the caller's transaction (PostgreSQL folds repeats within one transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def changed(self, submission_id: UUID) -> None:
        await self._session.execute(select(func.pg_notify(PROGRESS_CHANNEL, str(submission_id))))


class SqlProcessedEvents(ProcessedEvents):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def seen(self, event_id: UUID, consumer: str) -> bool:
        found = await self._session.scalar(
            select(ProcessedEventModel.event_id).where(
                ProcessedEventModel.event_id == event_id, ProcessedEventModel.consumer == consumer
            )
        )
        return found is not None

    async def mark(self, event_id: UUID, consumer: str) -> None:
        await self._session.execute(_MARK, {"event_id": event_id, "consumer": consumer})

    async def seen_by(self, event_ids: Collection[UUID], consumers: Collection[str]) -> set[tuple[UUID, str]]:
        if not event_ids or not consumers:
            return set()
        rows = await self._session.execute(
            _SEEN_BY, {"event_ids": list(event_ids), "consumers": list(consumers)}
        )
        return {(row.event_id, row.consumer) for row in rows}

    async def mark_many(self, marks: Sequence[tuple[UUID, str]]) -> None:
        if marks:  # one statement, however many rows
            await self._session.execute(
                _MARK_MANY,
                {
                    "event_ids": [event_id for event_id, _ in marks],
                    "consumers": [consumer for _, consumer in marks],
                },
            )

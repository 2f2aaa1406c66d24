"""A submit's whole write as one statement on the driver: the problem found among those the viewer may see,
the submission inserted from it, its `submission.created` outbox row, and (broker in the same database)
the broker's message; then the NOTIFYs that wake the relay and a worker.

Data-modifying CTEs all run or none does: outside a transaction the statement is its own (implicit) one,
so a submit without a rate limit to lock costs one round trip instead of BEGIN, three statements and
COMMIT, and its NOTIFYs follow the commit (`IntakeConnections.notify`); inside the caller's transaction (a
rate limit's lock taken) it joins it, NOTIFYs included. Run on the asyncpg
connection itself, as a prepared statement (asyncpg's statement cache): the ORM and Core's compilation
were a third of the request's CPU."""

import asyncio
import functools
import json
import logging
from typing import Any, cast

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from application.messaging.integration import Audience
from application.messaging.translation import integration_event
from application.submissions.ports import Intake, SubmissionIntake
from domain.accounts.entities import Visibility
from domain.problems.repositories import ProblemAccess, ProblemViewer
from domain.submissions.entities import Submission
from domain.submissions.events import SubmissionCreated
from infrastructure.messaging.codec import OUTBOX_CHANNEL, dump_audience
from infrastructure.queue.judge_queue import SameDatabaseKick

logger = logging.getLogger(__name__)

_PUBLIC = f"problems.visibility = '{Visibility.PUBLIC.value}'"
_VISIBLE = {
    "all": "true",
    "public": _PUBLIC,
    "owned": f"({_PUBLIC} OR problems.owner_id = ${{viewer}}::uuid)",
}
"""The same rule as `SqlSubmissionRepository.add_if_visible` (domain/accounts/access.py); the viewer is the
last parameter, present only in `owned`."""

_SUBMISSION = (
    "WITH problem AS ("
    " SELECT problems.owner_id, problems.visibility FROM problems WHERE problems.id = $2::uuid AND {visible}"
    "), inserted AS ("
    " INSERT INTO submissions (id, problem_id, language, file_names, file_contents, status, attempt,"
    " owner_id, key_id, created_at, callback_url)"
    " SELECT $1::uuid, $2::uuid, $3::varchar, $4::text[], $5::bytea[], $6::varchar, $7::integer,"
    " $8::uuid, $9::uuid, $10::timestamptz, $11::text FROM problem RETURNING id"
    "), event AS ("
    " INSERT INTO outbox (id, type, payload, audience, restricted, occurred_at)"
    " SELECT $12::uuid, $13::varchar, $14::jsonb,"
    " jsonb_set($15::jsonb, '{{problemOwnerId}}', coalesce(to_jsonb(problem.owner_id::text), 'null'::jsonb)),"
    " $16::jsonb, $17::timestamptz FROM problem JOIN inserted ON true RETURNING id"
    "){kick_cte}"
    " SELECT problem.owner_id, problem.visibility{notify}{kick_select}"
    " FROM problem JOIN inserted ON true JOIN event ON true{kick_join}"
)
_KICK_CTE = (
    ", kick AS ("
    " INSERT INTO {table} (task_id, task_name, message, labels)"
    " SELECT $18::varchar, $19::varchar, $20::text, $21::jsonb FROM inserted RETURNING id"
    ")"
)


@functools.cache
def intake_statement(kind: str, kick_table: str | None, *, notify: bool) -> str:
    """`kind`: all, public or owned (`_VISIBLE`); `kick_table`: the broker's table, None for no kick.
    `notify`: the NOTIFYs in the statement (delivered when the caller's transaction commits); without,
    the statement returns the broker's channel and message id for `Notifications` to send."""
    kick_notify = "pg_notify($22::text, kick.id::text)" if notify else "$22::text, kick.id::text"
    return _SUBMISSION.format(
        visible=_VISIBLE[kind].format(viewer=23 if kick_table else 18),
        kick_cte=_KICK_CTE.format(table=kick_table) if kick_table else "",
        notify=f", pg_notify('{OUTBOX_CHANNEL}', '')" if notify else "",
        kick_select=f", {kick_notify}" if kick_table else "",
        kick_join=" JOIN kick ON true" if kick_table else "",
    )


_NOTIFY_MANY = "SELECT pg_notify(channel, payload) FROM unnest($1::text[], $2::text[]) AS n(channel, payload)"


async def _keep_connection_state(_: asyncpg.Connection) -> None:
    """The pool's reset hook: nothing to reset (only this statement runs on these connections), so a
    release costs no round trip."""


class IntakeConnections:
    """The process's asyncpg pool for submits outside a transaction (created at the first one): checking a
    connection out of SQLAlchemy's pool costs more than the statement, and its overflow connections are
    opened and closed again under load."""

    def __init__(self, dsn: str, max_size: int) -> None:
        self._dsn = dsn
        self._max_size = max_size
        self._pool: asyncpg.Pool | None = None
        self._lock = asyncio.Lock()
        self._pending: list[tuple[str, str]] = []
        self._sender: asyncio.Task[None] | None = None

    async def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            async with self._lock:
                if self._pool is None:
                    self._pool = await asyncpg.create_pool(
                        self._dsn,
                        min_size=0,
                        max_size=self._max_size,
                        reset=_keep_connection_state,
                        timeout=5,
                        command_timeout=30,
                    )
        return self._pool

    def notify(self, channel: str, payload: str) -> None:
        """Sends the NOTIFY soon, on a connection of the pool, with every other one asked for meanwhile in
        the same statement. For wake-ups after their transaction committed: a NOTIFY in the writing
        transaction would hold PostgreSQL's notify lock through that commit's WAL flush, serialising every
        submit's commit behind the others (a submit's throughput was the inverse of a flush). A wake-up
        lost here (a crash between the commit and the send) is made up for: the relay polls the outbox,
        the reaper dispatches a submission no worker took."""
        self._pending.append((channel, payload))
        if self._sender is None or self._sender.done():
            self._sender = asyncio.get_running_loop().create_task(self._send_pending())

    async def _send_pending(self) -> None:
        while self._pending:
            batch = list(dict.fromkeys(self._pending))  # one empty outbox NOTIFY stands for all of them
            self._pending = []
            try:
                pool = await self.pool()
                await pool.execute(_NOTIFY_MANY, [channel for channel, _ in batch], [p for _, p in batch])
            except Exception:  # whatever it was, the wake-ups queued meanwhile must still go out
                logger.warning(
                    "could not send %d wake-ups; the relay's poll and the reaper make up",
                    len(batch),
                    exc_info=True,
                )

    async def close(self) -> None:
        if self._sender is not None:
            await asyncio.gather(self._sender, return_exceptions=True)
        if self._pool is not None:
            await self._pool.close()


class SqlSubmissionIntake(SubmissionIntake):
    def __init__(self, session: AsyncSession, connections: IntakeConnections, kick: SameDatabaseKick) -> None:
        self._session = session
        self._connections = connections
        self._kick = kick

    async def add_if_visible(
        self, submission: Submission, viewer: ProblemViewer | None, created: SubmissionCreated
    ) -> Intake | None:
        kind = "all" if viewer is None else "public" if viewer.owner_id is None else "owned"
        broker = await self._kick.broker()
        audience = Audience(account_id=created.owner_id, problem_id=created.problem_id)  # + the owner, by SQL
        event = integration_event(created, audience, created.created_at)
        args: list[Any] = [
            submission.id,
            submission.problem_id,
            submission.language,
            [file.name for file in submission.files],
            [file.content for file in submission.files],
            submission.status.value,
            submission.attempt,
            submission.owner_id,
            submission.key_id,
            submission.created_at,
            submission.callback_url,
            event.id,
            event.type,
            json.dumps(dict(event.payload)),
            json.dumps(dump_audience(event.audience)),
            json.dumps(dict(event.restricted)),
            event.occurred_at,
        ]
        if broker is not None:
            kick = self._kick.values(broker)
            args += [kick["task_id"], kick["task_name"], kick["message"], kick["labels"], kick["channel"]]
        if viewer is not None and viewer.owner_id is not None:
            args.append(viewer.owner_id)
        table = broker.table_name if broker else None
        if self._session.in_transaction():  # a rate limit's lock: join its transaction
            connection = await (await self._session.connection()).get_raw_connection()
            driver = cast(asyncpg.Connection, connection.driver_connection)
            if not driver.is_in_transaction():  # begun but no statement yet: the driver's BEGIN is lazy
                await self._session.execute(text("SELECT 1"))
            row = await driver.fetchrow(intake_statement(kind, table, notify=True), *args)
        else:
            pool = await self._connections.pool()
            row = await pool.fetchrow(intake_statement(kind, table, notify=False), *args)
            if row is not None:
                self._connections.notify(OUTBOX_CHANNEL, "")
                if broker is not None:
                    self._connections.notify(row[2], row[3])
        if row is None:
            return None
        access = ProblemAccess(owner_id=row[0], visibility=Visibility(row[1]))
        return Intake(access=access, staged=broker is not None)

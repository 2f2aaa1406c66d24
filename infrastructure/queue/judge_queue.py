import asyncio
import uuid
from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from taskiq import TaskiqMessage
from taskiq.kicker import AsyncKicker

from application.submissions.ports import DispatchStager, JudgeQueue
from infrastructure.queue.broker import BrokerStarter
from infrastructure.queue.postgres_broker import KICK_NAMED, PostgresBroker

JUDGE_TASK = "judge_next_submission"


class TaskiqJudgeQueue(JudgeQueue):
    """Publishes one `judge_next_submission` wake-up per submission (the message carries no id: the worker
    that takes it claims the fairest waiting submission), giving up after `timeout` seconds (the submissions
    are stored already; the reaper dispatches them later)."""

    def __init__(self, starter: BrokerStarter, timeout: float = 3.0) -> None:
        self._starter = starter
        self._timeout = timeout

    async def dispatch(self, submission_ids: Sequence[UUID]) -> None:
        async with asyncio.timeout(self._timeout):
            broker = await self._starter.ensure_started()
            kicker: AsyncKicker[[], None] = AsyncKicker(task_name=JUDGE_TASK, broker=broker, labels={})
            for _ in submission_ids:
                await kicker.kiq()


class SameDatabaseKick:
    """The PostgreSQL broker's kick as values for a statement of the service's own database; `broker()` is
    None when the broker is not that (a broker elsewhere: nothing is staged, `JudgeQueue.dispatch` follows
    the commit)."""

    def __init__(self, starter: BrokerStarter, same_database: bool) -> None:
        self._starter = starter
        self._same_database = same_database
        self._ready = False
        self._template: tuple[str, str | None] | None = None

    async def broker(self) -> PostgresBroker | None:
        broker = self._starter.broker
        if not (self._same_database and isinstance(broker, PostgresBroker)) or broker.middlewares:
            return None
        if not self._ready:
            await self._starter.ensure_started()  # once per process: the broker creates its table
            self._ready = True
        return broker

    def values(self, broker: PostgresBroker) -> dict[str, str]:
        """A new message: task_id, task_name, message, labels, channel. Every wake-up is the same message
        but for its task id: it is serialised once, and each one fills its id in."""
        task_id = broker.id_generator()
        if self._template is None:
            self._template = self._split(broker)
        head, tail = self._template
        message = head + task_id + tail if tail is not None else self._dumps(broker, task_id)
        return {
            "task_id": task_id,
            "task_name": JUDGE_TASK,
            "message": message,
            "labels": "{}",
            "channel": broker.channel_name,
        }

    @staticmethod
    def _dumps(broker: PostgresBroker, task_id: str) -> str:
        message = TaskiqMessage(
            task_id=task_id, task_name=JUDGE_TASK, labels={}, labels_types={}, args=[], kwargs={}
        )
        return broker.formatter.dumps(message).message.decode()

    @classmethod
    def _split(cls, broker: PostgresBroker) -> tuple[str, str | None]:
        """The serialised message around its task id; no tail when the id is not in it exactly once."""
        sentinel = uuid.UUID(int=0).hex
        dumped = cls._dumps(broker, sentinel)
        if dumped.count(sentinel) != 1:
            return "", None
        head, _, tail = dumped.partition(sentinel)
        return head, tail


class SessionDispatchStager(DispatchStager):
    """The PostgreSQL broker's kick (its message row and NOTIFY) written in the request's transaction: the
    wake-up commits with the submission, and the worker hears it at commit. Only when the broker's table is
    in the service's own database; a broker elsewhere stages nothing."""

    def __init__(self, session: AsyncSession, kick: SameDatabaseKick) -> None:
        self._session = session
        self._kick = kick

    async def stage(self, submission_ids: Sequence[UUID]) -> bool:
        broker = await self._kick.broker()
        if broker is None:
            return False
        statement = text(KICK_NAMED.format(table=broker.table_name))
        for _ in submission_ids:
            await self._session.execute(statement, self._kick.values(broker))
        return True

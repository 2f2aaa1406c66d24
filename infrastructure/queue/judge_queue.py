import asyncio
from collections.abc import Sequence
from uuid import UUID

from taskiq.kicker import AsyncKicker

from application.submissions.ports import JudgeQueue
from infrastructure.queue.broker import BrokerStarter

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

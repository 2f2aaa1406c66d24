import asyncio
from collections.abc import Sequence
from uuid import UUID

from taskiq import AsyncBroker
from taskiq.kicker import AsyncKicker

from application.submissions.ports import JudgeQueue

JUDGE_TASK = "judge_submission"


class TaskiqJudgeQueue(JudgeQueue):
    """Publishes one `judge_submission` task per id. The broker connection is opened on first use, so the
    server starts (and accepts submissions) while the broker is down."""

    def __init__(self, broker: AsyncBroker, timeout: float = 3.0) -> None:
        self._broker = broker
        self._timeout = timeout
        self._started = False
        self._lock = asyncio.Lock()

    async def dispatch(self, submission_ids: Sequence[UUID]) -> None:
        async with asyncio.timeout(self._timeout):
            await self._start()
            kicker: AsyncKicker[[str], None] = AsyncKicker(
                task_name=JUDGE_TASK, broker=self._broker, labels={}
            )
            for submission_id in submission_ids:
                await kicker.kiq(str(submission_id))

    async def _start(self) -> None:
        if self._started:
            return
        async with self._lock:
            if not self._started:
                await self._broker.startup()
                self._started = True

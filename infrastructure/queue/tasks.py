"""Tasks are thin driving adapters: unpack the message, call a use case, nothing else."""

import logging

from dishka.integrations.taskiq import FromDishka, inject
from taskiq import AsyncBroker

from application.judging.usecases import JudgeSubmission
from infrastructure.queue.judge_queue import JUDGE_TASK

logger = logging.getLogger(__name__)


@inject(patch_module=True)
async def judge_next_submission(judge: FromDishka[JudgeSubmission]) -> None:
    """A wake-up names no submission: the worker claims the fairest one it can judge."""
    result = await judge()
    if result.submission_id is not None:
        logger.info("submission %s: %s %s", result.submission_id, result.outcome, result.verdict or "")


def register_tasks(broker: AsyncBroker) -> None:
    broker.register_task(judge_next_submission, task_name=JUDGE_TASK)

"""Tasks are thin driving adapters: unpack the message, call a use case, nothing else."""

import logging
from uuid import UUID

from dishka.integrations.taskiq import FromDishka, inject
from taskiq import AsyncBroker

from application.judging.usecases import JudgeSubmission, JudgeSubmissionInput
from infrastructure.queue.judge_queue import JUDGE_TASK

logger = logging.getLogger(__name__)


@inject(patch_module=True)
async def judge_submission(submission_id: str, judge: FromDishka[JudgeSubmission]) -> None:
    try:
        parsed = UUID(submission_id)
    except ValueError:
        logger.warning("ignoring judge task with a malformed id %r", submission_id)
        return
    result = await judge(JudgeSubmissionInput(submission_id=parsed))
    logger.info("submission %s: %s %s", parsed, result.outcome, result.verdict or "")


def register_tasks(broker: AsyncBroker) -> None:
    broker.register_task(judge_submission, task_name=JUDGE_TASK)

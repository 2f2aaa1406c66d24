"""Tasks are thin driving adapters: unpack the message, call a use case, nothing else (but count it)."""

import itertools
import logging

from dishka.integrations.taskiq import FromDishka, inject
from taskiq import AsyncBroker

from application.judging.usecases import JudgeSubmission, JudgeSubmissionOutput, JudgingEnd
from application.runs.usecases import ExecuteRun, ExecuteRunOutput, RunEnd
from domain.submissions.repositories import SubmissionReader
from infrastructure.observability.metrics import Metrics
from infrastructure.queue.drain import Drain
from infrastructure.queue.judge_queue import JUDGE_TASK

logger = logging.getLogger(__name__)


class Alternation:
    """Which kind of work a wake-up tries first. Wake-ups stay one for one with queued submissions and runs
    together, and each takes either kind: alternating the first choice means that while both kinds wait,
    every second claim of this worker is a submission, so a flood of runs cannot starve judging (nor the
    reverse)."""

    def __init__(self) -> None:
        self._runs_first = itertools.cycle((False, True))

    def runs_first(self) -> bool:
        return next(self._runs_first)


@inject(patch_module=True)
async def judge_next_submission(
    judge: FromDishka[JudgeSubmission],
    execute: FromDishka[ExecuteRun],
    alternation: FromDishka[Alternation],
    drain: FromDishka[Drain],
    metrics: FromDishka[Metrics],
    submissions: FromDishka[SubmissionReader],
) -> None:
    """A wake-up names no submission or run: the worker claims the fairest one it can do, a submission or
    a run (see Alternation). A draining worker claims nothing (the reaper wakes another worker for what
    waits)."""
    if drain.draining:
        return
    with drain.holding():
        if alternation.runs_first():
            ran = await execute()
            if ran.outcome is not RunEnd.NOT_CLAIMED:
                _log_run(ran)
                return
            result = await judge()
        else:
            result = await judge()
            if result.outcome is JudgingEnd.NOT_CLAIMED:
                ran = await execute()
                if ran.outcome is not RunEnd.NOT_CLAIMED:
                    _log_run(ran)
                    return
    metrics.judgings.labels(outcome=result.outcome.value).inc()
    if result.submission_id is not None:
        logger.info("submission %s: %s %s", result.submission_id, result.outcome, result.verdict or "")
    if result.outcome is JudgingEnd.JUDGED:
        await _count_verdict(result, submissions, metrics)


def _log_run(ran: ExecuteRunOutput) -> None:
    logger.info("run %s: %s %s", ran.run_id, ran.outcome, ran.result or "")


async def _count_verdict(
    result: JudgeSubmissionOutput, submissions: SubmissionReader, metrics: Metrics
) -> None:
    if result.submission_id is None or result.verdict is None:
        return
    if result.language is not None and result.queued_seconds is not None:  # no read after the verdict
        metrics.submissions_finished.labels(verdict=result.verdict.value, language=result.language).inc()
        metrics.submission_latency.observe(max(0.0, result.queued_seconds))
        return
    judged = await submissions.get(result.submission_id)
    if judged is None or judged.finished_at is None:  # deleted or rejudged since
        return
    metrics.submissions_finished.labels(verdict=result.verdict.value, language=judged.language).inc()
    metrics.submission_latency.observe(max(0.0, (judged.finished_at - judged.created_at).total_seconds()))


def register_tasks(broker: AsyncBroker) -> None:
    broker.register_task(judge_next_submission, task_name=JUDGE_TASK)

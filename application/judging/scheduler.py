"""Running a submission's tests in parallel, lazily when the problem stops at the first failure."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from domain.judging.enums import Verdict
from domain.submissions.entities import TestResult

T = TypeVar("T")


async def run_tests(
    items: Sequence[T],
    run_one: Callable[[int, T], Awaitable[TestResult]],
    *,
    parallel: int,
    stop_at_first_failure: bool,
    on_result: Callable[[TestResult], None],
) -> list[TestResult]:
    """Results in test order. With `stop_at_first_failure`, no test after the earliest failure is started,
    and running ones after it are cancelled; tests before it always complete, since one of them may fail
    too and the verdict is the first failure in order."""
    results: dict[int, TestResult] = {}
    running: dict[asyncio.Task[TestResult], int] = {}
    first_failure = len(items)
    next_index = 0
    try:
        while next_index < first_failure or running:
            while len(running) < parallel and next_index < min(first_failure, len(items)):
                task = asyncio.ensure_future(run_one(next_index, items[next_index]))
                running[task] = next_index
                next_index += 1
            if not running:
                break
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                index = running.pop(task)
                if task.cancelled():
                    continue
                result = task.result()
                results[index] = result
                on_result(result)
                if stop_at_first_failure and result.verdict is not Verdict.ACCEPTED and index < first_failure:
                    first_failure = index
                    for other, other_index in running.items():
                        # Each task is cancelled once: a second cancel would cut short the clean-up
                        # the first one started (a sandbox slot being reset).
                        if other_index > index and not other.cancelling():
                            other.cancel()
    finally:
        for task in running:
            if not task.cancelling():
                task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
    return [results[index] for index in sorted(results)]

import asyncio
import uuid

from application.judging.scheduler import run_tests
from domain.judging.enums import Verdict
from domain.submissions.entities import TestResult


def _result(index: int, verdict: Verdict) -> TestResult:
    return TestResult(
        index=index,
        test_id=uuid.uuid4(),
        name=str(index),
        group="default",
        verdict=verdict,
        time_ms=1,
        wall_time_ms=1,
        memory_kb=1,
    )


class Script:
    """Each test takes `delays[i]` seconds and ends with `verdicts[i]`; records what started and finished."""

    def __init__(self, delays: list[float], verdicts: list[Verdict]) -> None:
        self.delays = delays
        self.verdicts = verdicts
        self.started: list[int] = []
        self.cancelled: list[int] = []
        self.max_running = 0
        self._running = 0

    async def run(self, index: int, _item: int) -> TestResult:
        self.started.append(index)
        self._running += 1
        self.max_running = max(self.max_running, self._running)
        try:
            await asyncio.sleep(self.delays[index])
        except asyncio.CancelledError:
            self.cancelled.append(index)
            raise
        finally:
            self._running -= 1
        return _result(index, self.verdicts[index])


async def test_scoring_runs_every_test_with_bounded_parallelism_in_order() -> None:
    script = Script(
        [0.03, 0.01, 0.02, 0.0, 0.01], [Verdict.ACCEPTED, Verdict.WRONG_ANSWER] + [Verdict.ACCEPTED] * 3
    )
    seen: list[int] = []
    results = await run_tests(
        list(range(5)),
        script.run,
        parallel=2,
        stop_at_first_failure=False,
        on_result=lambda r: seen.append(r.index),
    )
    assert [r.index for r in results] == [0, 1, 2, 3, 4]
    assert sorted(seen) == [0, 1, 2, 3, 4]
    assert script.max_running == 2


async def test_pass_fail_starts_nothing_after_the_first_failure() -> None:
    verdicts = [Verdict.ACCEPTED, Verdict.WRONG_ANSWER] + [Verdict.ACCEPTED] * 8
    script = Script([0.0] * 10, verdicts)
    results = await run_tests(
        list(range(10)), script.run, parallel=1, stop_at_first_failure=True, on_result=lambda r: None
    )
    assert [r.index for r in results] == [0, 1]
    assert script.started == [0, 1]


async def test_pass_fail_waits_for_earlier_tests_and_cancels_later_ones() -> None:
    # Test 2 fails fast while test 0 is slow and test 3 is slower: 0 must finish, 3 must be cancelled.
    verdicts = [Verdict.TIME_LIMIT_EXCEEDED, Verdict.ACCEPTED, Verdict.WRONG_ANSWER, Verdict.ACCEPTED]
    script = Script([0.05, 0.0, 0.0, 1.0], verdicts)
    results = await run_tests(
        list(range(4)), script.run, parallel=4, stop_at_first_failure=True, on_result=lambda r: None
    )
    assert [r.index for r in results] == [0, 1, 2]
    assert results[0].verdict is Verdict.TIME_LIMIT_EXCEEDED  # the first failure in order decides
    assert script.cancelled == [3]

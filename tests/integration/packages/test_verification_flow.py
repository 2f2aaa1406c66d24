"""The time limit of a package that leaves it open: the accepted jury submissions are judged first, then
AdvanceVerifications (run by workers) sets the limit and queues the others. Judging is simulated here
through the real judging store; the e2e test runs real workers."""

import uuid
from datetime import timedelta
from typing import Any

import httpx
from dishka import AsyncContainer

from application.packages.usecases import AdvanceVerifications, AdvanceVerificationsInput
from application.transactions import TransactionManager
from domain.judging.enums import Verdict
from domain.problems.repositories import ProblemTestReader
from domain.submissions.entities import JudgingResult, TestResult
from domain.submissions.repositories import JudgingStore
from tests.fakes import FakeClock
from tests.integration.packages.helpers import imported
from tests.package_builder import minimal, zip_entries

PACKAGE = minimal(
    {
        "problem.yaml": "name: Sum\nlimits:\n  time_multiplier: 3\n",
        "submissions/accepted/sum2.py": "print(sum(map(int, input().split())))\n",
        "submissions/time_limit_exceeded/loop.py": "while True: pass\n",
    }
)


async def _judge(
    container: AsyncContainer,
    clock: FakeClock,
    submission_id: str,
    problem_id: str,
    times: list[int],
    verdict: Verdict,
) -> None:
    async with container() as request:
        store = await request.get(JudgingStore)
        tests = await request.get(ProblemTestReader)
        tx = await request.get(TransactionManager)
        claim = await store.claim(
            uuid.UUID(submission_id), uuid.uuid4(), clock.now(), clock.now() + timedelta(minutes=1)
        )
        assert claim is not None
        ordered = list(await tests.list_for(uuid.UUID(problem_id)))
        results = [
            TestResult(
                index=index,
                test_id=test.id,
                name=test.name,
                group=test.group,
                verdict=verdict if index == len(times) else Verdict.ACCEPTED,
                time_ms=time_ms,
                wall_time_ms=time_ms,
                memory_kb=1000,
            )
            for index, (test, time_ms) in enumerate(zip(ordered, times, strict=False), 1)
        ]
        await store.save_test_results(claim, results)
        await store.finish(
            claim,
            JudgingResult(
                verdict=verdict,
                score=1.0 if verdict is Verdict.ACCEPTED else 0.0,
                max_score=1.0,
                time_ms=max(times),
                memory_kb=1000,
                compile_output="",
                isolated=True,
            ),
            clock.now(),
        )
        await tx.commit()


async def _advance(container: AsyncContainer) -> Any:
    async with container() as request:
        advance = await request.get(AdvanceVerifications)
        return await advance(AdvanceVerificationsInput())


async def test_the_time_limit_is_set_from_the_slowest_accepted_jury_submission(
    client: httpx.AsyncClient, container: AsyncContainer, clock: FakeClock
) -> None:
    body = await imported(client, zip_entries(PACKAGE))
    problem_id = body["id"]
    assert body["verification"] == {"state": "calibrating", "total": 4}
    assert body["limits"]["timeMs"] == 20_000
    report = (await client.get(f"/problems/{problem_id}/verification")).json()
    first = {r["path"]: r for r in report["results"] if r["status"] == "queued"}
    assert set(first) == {"accepted/sum.py", "accepted/sum2.py"}

    await _judge(
        container,
        clock,
        first["accepted/sum.py"]["submissionId"],
        problem_id,
        [120, 340, 200],
        Verdict.ACCEPTED,
    )
    assert problem_id not in {
        str(p) for p in (await _advance(container)).finished_calibrations
    }  # sum2 still queued

    await _judge(
        container,
        clock,
        first["accepted/sum2.py"]["submissionId"],
        problem_id,
        [90, 410, 100],
        Verdict.ACCEPTED,
    )
    result = await _advance(container)

    assert uuid.UUID(problem_id) in result.finished_calibrations
    assert len(result.dispatched) == 2  # the wrong answer and the time limit exceeded
    problem = (await client.get(f"/problems/{problem_id}")).json()
    assert problem["limits"]["timeMs"] == 2000  # 410 ms x 3 = 1.23 s, rounded up to whole seconds
    report = (await client.get(f"/problems/{problem_id}/verification")).json()
    assert (report["state"], report["timeLimitSource"], report["timeLimitMs"]) == (
        "running",
        "computed",
        2000,
    )
    assert report["matched"] == 2
    assert {r["status"] for r in report["results"]} == {"finished", "queued"}
    assert "410 ms" in report["notes"][0]
    assert (await _advance(container)).finished_calibrations == []  # advanced once only


async def test_when_no_accepted_submission_passes_the_limit_falls_back(
    client: httpx.AsyncClient, container: AsyncContainer, clock: FakeClock
) -> None:
    body = await imported(client, zip_entries(minimal()))
    problem_id = body["id"]
    report = (await client.get(f"/problems/{problem_id}/verification")).json()
    accepted = next(r for r in report["results"] if r["path"] == "accepted/sum.py")

    await _judge(container, clock, accepted["submissionId"], problem_id, [50], Verdict.WRONG_ANSWER)
    await _advance(container)

    report = (await client.get(f"/problems/{problem_id}/verification")).json()
    assert (report["timeLimitSource"], report["timeLimitMs"]) == ("default", 1000)
    assert next(r for r in report["results"] if r["path"] == "accepted/sum.py")["matches"] is False

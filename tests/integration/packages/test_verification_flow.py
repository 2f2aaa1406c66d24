"""The time limit of a package that leaves it open: the accepted jury submissions are judged first, then
AdvanceVerifications (run by workers) sets the limit and queues the others. Judging is simulated here
by writing results as a worker does; the e2e test runs real workers."""

import uuid
from typing import Any

import asyncpg
import httpx
from dishka import AsyncContainer

from application.packages.usecases import AdvanceVerifications, AdvanceVerificationsInput
from domain.judging.enums import Verdict
from tests.integration.packages.helpers import imported
from tests.package_builder import minimal, zip_entries

PACKAGE = minimal(
    {
        "problem.yaml": "name: Sum\nlimits:\n  time_multiplier: 3\n",
        "submissions/accepted/sum2.py": "print(sum(map(int, input().split())))\n",
        "submissions/time_limit_exceeded/loop.py": "while True: pass\n",
    }
)


async def _judge(database_url: str, submission_id: str, times: list[int], verdict: Verdict) -> None:
    """Writes a finished attempt as a worker would: per-test results (the last one `verdict`), then the
    result."""
    connection = await asyncpg.connect(database_url)
    try:
        submission = uuid.UUID(submission_id)
        problem_id = await connection.fetchval("SELECT problem_id FROM submissions WHERE id = $1", submission)
        tests = await connection.fetch(
            'SELECT id, name, "group" FROM problem_tests WHERE problem_id = $1 ORDER BY name', problem_id
        )
        for index, (test, time_ms) in enumerate(zip(tests, times, strict=False), 1):
            await connection.execute(
                'INSERT INTO submission_test_results (submission_id, attempt, index, test_id, name, "group", '
                "verdict, time_ms, wall_time_ms, memory_kb, checker_message) "
                "VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $7, 1000, '')",
                submission,
                index,
                test["id"],
                test["name"],
                test["group"],
                (verdict if index == len(times) else Verdict.ACCEPTED).value,
                time_ms,
            )
        await connection.execute(
            "UPDATE submissions SET status = 'finished', attempt = 1, verdict = $2, score = $3, "
            "max_score = 1, time_ms = $4, memory_kb = 1000, finished_at = now() WHERE id = $1",
            submission,
            verdict.value,
            1.0 if verdict is Verdict.ACCEPTED else 0.0,
            max(times),
        )
    finally:
        await connection.close()


async def _advance(container: AsyncContainer) -> Any:
    async with container() as request:
        advance = await request.get(AdvanceVerifications)
        return await advance(AdvanceVerificationsInput())


async def test_the_time_limit_is_set_from_the_slowest_accepted_jury_submission(
    client: httpx.AsyncClient, container: AsyncContainer, database_url: str
) -> None:
    body = await imported(client, zip_entries(PACKAGE))
    problem_id = body["id"]
    assert body["verification"] == {"state": "calibrating", "total": 4}
    assert body["limits"]["timeMs"] == 20_000
    report = (await client.get(f"/problems/{problem_id}/verification")).json()
    first = {r["path"]: r for r in report["results"] if r["status"] == "queued"}
    assert set(first) == {"accepted/sum.py", "accepted/sum2.py"}

    await _judge(database_url, first["accepted/sum.py"]["submissionId"], [120, 340, 200], Verdict.ACCEPTED)
    assert problem_id not in {
        str(p) for p in (await _advance(container)).finished_calibrations
    }  # sum2 still queued

    await _judge(database_url, first["accepted/sum2.py"]["submissionId"], [90, 410, 100], Verdict.ACCEPTED)
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
    client: httpx.AsyncClient, container: AsyncContainer, database_url: str
) -> None:
    body = await imported(client, zip_entries(minimal()))
    problem_id = body["id"]
    report = (await client.get(f"/problems/{problem_id}/verification")).json()
    accepted = next(r for r in report["results"] if r["path"] == "accepted/sum.py")

    await _judge(database_url, accepted["submissionId"], [50], Verdict.WRONG_ANSWER)
    await _advance(container)

    report = (await client.get(f"/problems/{problem_id}/verification")).json()
    assert (report["timeLimitSource"], report["timeLimitMs"]) == ("default", 1000)
    assert next(r for r in report["results"] if r["path"] == "accepted/sum.py")["matches"] is False

"""Never lose a submission: worker crashes, broker outages and concurrency, with real processes."""

import asyncio
import signal
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.e2e.service import RABBITMQ_URL, rabbitmq_controllable, rabbitmqctl, running_service
from tests.processes import wait_for

pytestmark = pytest.mark.e2e

SLOW_ACCEPTED = "import time\ntime.sleep(1.5)\nprint(int(input()) * 2)\n"
FAST_ACCEPTED = "print(int(input()) * 2)\n"


async def _attempts(database_url: str) -> dict[str, int]:
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch("SELECT id, attempt FROM submissions")
    finally:
        await connection.close()
    return {str(row["id"]): row["attempt"] for row in rows}


def test_killed_worker_mid_judging_the_submission_is_judged_again_correctly(
    postgres_server: str, tmp_path: Path
) -> None:
    with running_service(postgres_server, tmp_path) as service:
        service.start_server()
        first = service.start_worker()
        service.wait_for_languages("python3")
        problem = service.problem([("1\n", "2\n"), ("2\n", "4\n"), ("3\n", "6\n")])
        submission = service.submit(problem, "python3", SLOW_ACCEPTED)

        def judging() -> bool:
            status: str = service.http.get(f"/submissions/{submission['id']}").json()["status"]
            return status == "judging"

        wait_for(judging, 30, "judging to start", service.log)
        first.send_signal(signal.SIGKILL)
        first.wait()
        service.start_worker()

        finished = service.wait_finished(submission["id"])
        assert finished["verdict"] == "accepted"
        assert [test["verdict"] for test in finished["tests"]] == ["accepted"] * 3
        assert asyncio.run(_attempts(service.database_url))[submission["id"]] == 2


@pytest.mark.skipif(not rabbitmq_controllable(), reason="needs RabbitMQ on 127.0.0.1:5672 and rabbitmqctl")
def test_submissions_made_while_rabbitmq_is_down_are_judged_once_it_is_back(
    postgres_server: str, tmp_path: Path
) -> None:
    with running_service(postgres_server, tmp_path, broker_url=RABBITMQ_URL) as service:
        service.start_server()
        service.start_worker()
        service.wait_for_languages("python3")
        problem = service.problem([("21\n", "42\n")])
        assert service.submit(problem, "python3", FAST_ACCEPTED, wait="true")["verdict"] == "accepted"

        rabbitmqctl("stop_app")
        try:
            wait_for(lambda: service.http.get("/health").status_code == 503, 30, "health to see the outage")
            during = [service.submit(problem, "python3", FAST_ACCEPTED) for _ in range(3)]
            assert all(item["status"] == "queued" for item in during)
        finally:
            rabbitmqctl("start_app")
        wait_for(lambda: service.http.get("/health").status_code == 200, 60, "health to recover")
        for item in during:
            assert service.wait_finished(item["id"], timeout=120)["verdict"] == "accepted"


def test_hundred_concurrent_submissions_over_two_workers_are_each_judged_exactly_once(
    postgres_server: str, tmp_path: Path
) -> None:
    with running_service(postgres_server, tmp_path, worker_concurrency="2") as service:
        service.start_server()
        service.start_worker()
        service.start_worker()
        service.wait_for_languages("python3")
        problem = service.problem([("1\n", "2\n"), ("5\n", "10\n")])

        async def submit_all() -> list[str]:
            async with httpx.AsyncClient(
                base_url=service.base, timeout=60, headers=service.headers
            ) as client:
                responses = await asyncio.gather(
                    *(
                        client.post(
                            "/submissions",
                            json={"problemId": problem, "language": "python3", "source": FAST_ACCEPTED},
                        )
                        for _ in range(100)
                    )
                )
            assert all(response.status_code == 201 for response in responses)
            return [response.json()["id"] for response in responses]

        ids = asyncio.run(submit_all())
        assert len(set(ids)) == 100
        verdicts = [service.wait_finished(submission_id, timeout=240)["verdict"] for submission_id in ids]
        assert verdicts == ["accepted"] * 100
        attempts = asyncio.run(_attempts(service.database_url))
        assert {attempts[submission_id] for submission_id in ids} == {1}
        workers = service.http.get("/workers").json()
        assert sum(1 for worker in workers if worker["state"] == "online") == 2

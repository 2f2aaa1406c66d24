"""Operations with real processes: metrics after real submissions, JSON logs with their ids and without
secrets, the queue view under load, and a worker stopped by SIGTERM in the middle of a judging."""

import asyncio
import json
import signal
import subprocess
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.service import ADMIN_KEY, Service, running_service
from tests.processes import free_port, wait_for

pytestmark = pytest.mark.e2e

SOURCE_MARKER = "SOURCE-MARKER-5d1e9c"
HIDDEN_MARKER = "HIDDEN-MARKER-5d1e9c"
DOUBLES = f"# {SOURCE_MARKER}\nprint(int(input().split()[-1]) * 2)\n"
WRONG = f"# {SOURCE_MARKER}\nprint(0)\n"
SLOW = "import time\ntime.sleep(1.5)\nprint(int(input()) * 2)\n"
WORKER = "ops-worker-1"


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(samples: dict[tuple[str, frozenset[tuple[str, str]]], float], metric: str, **labels: str) -> float:
    return samples.get((metric, frozenset(labels.items())), 0.0)


async def _lifecycle(database_url: str, submission_id: str) -> tuple[str, int, int]:
    connection = await asyncpg.connect(database_url)
    try:
        row = await connection.fetchrow(
            "SELECT status, attempt, tries FROM submissions WHERE id = $1", uuid.UUID(submission_id)
        )
    finally:
        await connection.close()
    assert row is not None
    return row["status"], row["attempt"], row["tries"]


def _stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=90)


def test_metrics_count_real_submissions_and_json_logs_carry_ids_but_no_secrets(
    postgres_server: str, tmp_path: Path
) -> None:
    worker_port = free_port()
    with running_service(
        postgres_server,
        tmp_path,
        log_format="json",
        worker_name=WORKER,
        worker_metrics_port=str(worker_port),
        db_pool_size="2",
    ) as service:
        service.start_server()
        worker = service.start_worker()
        service.wait_for_languages("python3")
        assert httpx.get(f"{service.base}/metrics").status_code == 401
        before = _samples(_server_metrics(service))

        problem = service.problem([(f"{HIDDEN_MARKER} 1\n", "2\n"), (f"{HIDDEN_MARKER} 2\n", "4\n")])
        request_id = f"ops-test-{uuid.uuid4().hex[:8]}"
        created = service.http.post(
            "/submissions",
            json={"problemId": problem, "language": "python3", "source": DOUBLES},
            headers={"X-Request-ID": request_id},
        )
        assert created.status_code == 201, created.text
        assert created.headers["x-request-id"] == request_id
        accepted = service.wait_finished(created.json()["id"])
        wrong = service.wait_finished(service.submit(problem, "python3", WRONG)["id"])
        assert (accepted["verdict"], wrong["verdict"]) == ("accepted", "wrong_answer")
        generated = service.http.get("/health").headers["x-request-id"]
        assert generated
        assert generated != request_id

        server = _samples(_server_metrics(service))
        assert _value(server, "judge_process_info", process="server", name=_any_name(server)) == 1
        created_total = "judge_submissions_created_total"
        assert (
            _value(server, created_total, language="python3")
            - _value(before, created_total, language="python3")
            == 2
        )
        posted = ("judge_http_requests_total", {"method": "POST", "route": "/api/v1/submissions"})
        assert _value(server, posted[0], **posted[1], status="201") == 2
        assert _value(server, "judge_http_request_duration_seconds_count", **posted[1]) >= 2
        assert _value(server, "judge_queue_submissions", status="queued") == 0

        def worker_counted() -> bool:
            text = httpx.get(f"http://127.0.0.1:{worker_port}/metrics").text
            return (
                _value(
                    _samples(text),
                    "judge_submissions_finished_total",
                    verdict="wrong_answer",
                    language="python3",
                )
                == 1
            )

        wait_for(worker_counted, 30, "the worker's verdict counters", service.log)
        judged = _samples(httpx.get(f"http://127.0.0.1:{worker_port}/metrics").text)
        assert _value(judged, "judge_process_info", process="worker", name=WORKER) == 1
        assert _value(judged, "judge_submissions_finished_total", verdict="accepted", language="python3") == 1
        assert _value(judged, "judge_submission_latency_seconds_count") == 2
        assert _value(judged, "judge_sandbox_run_duration_seconds_count", outcome="ok") >= 3
        cache = _value(judged, "judge_compile_cache_total", result="hit") + _value(
            judged, "judge_compile_cache_total", result="miss"
        )
        assert cache >= 2
        assert _value(judged, "judge_worker_slots") >= 1
        assert _value(judged, "judge_judgings_total", outcome="judged") == 2
        assert _stop(worker) == 0

    lines = [line for line in service.log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= record.keys() for record in records)
    assert any(r.get("request_id") == request_id and "/api/v1/submissions" in r["message"] for r in records)
    judging = [r for r in records if r.get("submission_id") == accepted["id"]]
    assert judging
    assert all(r.get("worker") == WORKER for r in judging)
    text = service.log.read_text()
    for secret in (ADMIN_KEY, SOURCE_MARKER, HIDDEN_MARKER):
        assert secret not in text


def _server_metrics(service: Service) -> str:
    response = httpx.get(f"{service.base}/metrics", headers=service.headers)
    assert response.status_code == 200, response.text
    return response.text


def _any_name(samples: dict[tuple[str, frozenset[tuple[str, str]]], float]) -> str:
    names = [dict(labels).get("name", "") for name, labels in samples if name == "judge_process_info"]
    assert len(names) == 1
    return names[0]


def test_the_queue_view_follows_a_backlog_until_it_is_judged(postgres_server: str, tmp_path: Path) -> None:
    with running_service(
        postgres_server, tmp_path, worker_concurrency="1", worker_name=WORKER, db_pool_size="2"
    ) as service:
        service.start_server()
        service.start_worker()
        service.wait_for_languages("python3")
        problem = service.problem([("1\n", "2\n")])
        ids = [service.submit(problem, "python3", SLOW)["id"] for _ in range(6)]

        def queue() -> dict[str, Any]:
            body: dict[str, Any] = service.http.get("/queue").json()
            return body

        seen_busy = False
        while True:
            view = queue()
            counts = view["counts"]
            assert isinstance(counts, dict)
            assert counts["queued"] + counts["judging"] + counts["finished"] == 6
            workers = view["workers"]
            assert isinstance(workers, list)
            mine = [w for w in workers if w["hostname"] == WORKER]
            assert len(mine) == 1
            assert mine[0]["slots"] == 1
            assert 0 <= mine[0]["busySlots"] <= 1
            seen_busy = seen_busy or mine[0]["busySlots"] == 1
            if counts["queued"]:
                assert view["oldestQueuedSeconds"] is not None
                assert view["oldestQueuedSeconds"] >= 0
                assert view["backlog"] == [
                    {"language": "python3", "queued": counts["queued"], "judging": counts["judging"]}
                ]
            else:
                assert view["oldestQueuedSeconds"] is None
            if counts["finished"] == 6:
                break
            service.http.get(f"/submissions/{ids[-1]}", params={"wait": "1"})
        assert seen_busy
        assert view["backlog"] == []
        assert all(service.http.get(f"/submissions/{i}").json()["verdict"] == "accepted" for i in ids)


def test_a_worker_stopped_mid_judging_finishes_it_once_without_another_attempt(
    postgres_server: str, tmp_path: Path
) -> None:
    with running_service(postgres_server, tmp_path, worker_drain_seconds="60", db_pool_size="2") as service:
        service.start_server()
        worker = service.start_worker()
        service.wait_for_languages("python3")
        problem = service.problem([("1\n", "2\n"), ("2\n", "4\n"), ("3\n", "6\n")])
        submission = service.submit(problem, "python3", SLOW)["id"]
        wait_for(lambda: _status(service, submission) == "judging", 30, "judging to start", service.log)

        assert _stop(worker) == 0
        assert asyncio.run(_lifecycle(service.database_url, submission)) == ("finished", 1, 1)
        assert service.http.get(f"/submissions/{submission}").json()["verdict"] == "accepted"
    assert "1 judging(s) finished, 0 handed back" in service.log.read_text()


def test_a_worker_with_no_grace_hands_its_judging_back_without_counting_the_try(
    postgres_server: str, tmp_path: Path
) -> None:
    with running_service(postgres_server, tmp_path, worker_drain_seconds="0", db_pool_size="2") as service:
        service.start_server()
        worker = service.start_worker()
        service.wait_for_languages("python3")
        problem = service.problem([("1\n", "2\n"), ("2\n", "4\n"), ("3\n", "6\n")])
        submission = service.submit(problem, "python3", SLOW)["id"]
        wait_for(lambda: _status(service, submission) == "judging", 30, "judging to start", service.log)

        assert _stop(worker) == 0
        assert asyncio.run(_lifecycle(service.database_url, submission)) == ("queued", 1, 0)
        service.start_worker()
        finished = service.wait_finished(submission)
        assert finished["verdict"] == "accepted"
        assert asyncio.run(_lifecycle(service.database_url, submission)) == ("finished", 2, 1)
    assert "0 judging(s) finished, 1 handed back" in service.log.read_text()


def _status(service: Service, submission: str) -> str:
    status: str = service.http.get(f"/submissions/{submission}").json()["status"]
    return status

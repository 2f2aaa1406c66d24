"""Events out, with real processes: a judged submission's integration events reach the notifier's sink in
order, its live progress stream (SSE) shows every test then the verdict and resumes exactly after
`Last-Event-ID`, readers see only what they may, a stopped server closes its streams, and events committed
while the broker refuses them are delivered once it takes them again."""

import asyncio
import json
import re
import signal
import threading
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from tests.e2e.service import Service, running_service
from tests.e2e.sse import Event, stream
from tests.processes import wait_for

pytestmark = pytest.mark.e2e

# Correct on every test but the last (hidden) one, where the checker's message quotes the answer 999.
SOLUTION = "import time\nn = int(input())\ntime.sleep(0.3)\nprint(n * 2 if n < 4 else 7)\n"
TESTS = [("1\n", "2\n"), ("2\n", "4\n"), ("3\n", "6\n"), ("4\n", "999\n")]
EVENT_LINE = re.compile(r"judge\.events: event (\S+) ([0-9a-f-]{36}) \{")


def _problem(service: Service) -> str:
    problem = service.problem([], visibility="public")
    for index, (input_, answer) in enumerate(TESTS):
        added = service.http.post(
            f"/problems/{problem}/tests", json={"input": input_, "answer": answer, "sample": index == 0}
        )
        assert added.status_code == 201, added.text
    return problem


def _submit(service: Service, headers: dict[str, str], problem: str) -> str:
    created = service.http.post(
        "/submissions",
        headers=headers,
        json={"problemId": problem, "language": "python3", "source": SOLUTION},
    )
    assert created.status_code == 201, created.text
    submission_id: str = created.json()["id"]
    return submission_id


def _sink_events(log: Path, subject: str) -> list[dict[str, Any]]:
    """What the logging sink delivered about `subject`, in order."""
    found = []
    for line in log.read_text(errors="replace").splitlines():
        match = EVENT_LINE.search(line)
        if match and subject in line:
            event, _ = json.JSONDecoder().raw_decode(line, match.end() - 1)
            found.append(event)
    return found


def _kinds(events: list[Event]) -> list[str]:
    return [event.event or "" for event in events]


def test_a_judged_submission_streams_live_resumes_exactly_and_reaches_the_sink_in_order(
    postgres_server: str, tmp_path: Path
) -> None:
    with running_service(postgres_server, tmp_path, sse_ping_seconds="1") as service:
        service.start_server()
        service.start_worker()
        service.wait_for_languages("python3")
        problem = _problem(service)
        alice, mallory = service.user("alice"), service.user("mallory")
        submission = _submit(service, alice, problem)

        first: list[Event] = []
        for event in stream(service.http, submission, alice):
            first.append(event)
            if _kinds(first).count("test") == 2:
                break  # the client drops half-way
        assert _kinds(first)[:2] == ["queued", "compiling"]
        rest = list(stream(service.http, submission, alice, last_event_id=first[-1].id))

        seen = first + rest
        assert _kinds(seen) == ["queued", "compiling", "test", "test", "test", "test", "verdict"]
        assert [event.id for event in seen] == ["0.1"] + [f"1.{seq}" for seq in range(2, 8)]
        assert [event.data["index"] for event in seen if event.event == "test"] == [1, 2, 3, 4]
        assert seen[-1].data["verdict"] == "wrong_answer"
        assert seen[-1].data["status"] == "finished"

        # Opened after the verdict: the whole sequence again, then the end.
        replay = list(stream(service.http, submission, alice))
        assert [(event.id, event.event) for event in replay] == [(event.id, event.event) for event in seen]
        # A user never sees a hidden test's checker message (it quotes the answer); the admin does.
        assert "999" not in json.dumps([event.data for event in replay])
        assert replay[4].data["checkerMessage"] == ""
        admin = list(stream(service.http, submission, service.headers))
        assert "999" in admin[5].data["checkerMessage"]

        # Another user's submission does not exist for them; a forged Last-Event-ID is refused.
        other = service.http.get(f"/submissions/{submission}/events", headers=mallory)
        assert other.status_code == 404, other.text
        assert other.json()["code"] == "submission_not_found"
        forged = service.http.get(
            f"/submissions/{submission}/events", headers={**alice, "Last-Event-ID": "1.x"}
        )
        assert forged.status_code == 422
        assert forged.json()["code"] == "invalid_last_event_id"

        # The notifier's sink got the submission's events once each, in order.
        def judged() -> bool:
            return any(item["type"] == "submission.judged" for item in _sink_events(service.log, submission))

        wait_for(judged, 60, "submission.judged at the sink", service.log)
        delivered = _sink_events(service.log, submission)
        assert [item["type"] for item in delivered] == [
            "submission.created",
            "submission.judging_started",
            *["submission.test_judged"] * 4,
            "submission.judged",
        ]
        # In the order they were stored: tests judged in parallel may finish out of test order.
        assert sorted(item["payload"]["index"] for item in delivered[2:6]) == [1, 2, 3, 4]
        assert len({item["id"] for item in delivered}) == len(delivered)
        assert all("restricted" not in item for item in delivered)
        assert delivered[-1]["payload"]["verdict"] == "wrong_answer"


async def _rename(database_url: str, old: str, new: str) -> None:
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(f'ALTER TABLE "{old}" RENAME TO "{new}"')
    finally:
        await connection.close()


def test_events_the_broker_refuses_while_judging_are_delivered_once_it_takes_them(
    postgres_server: str, tmp_path: Path
) -> None:
    with running_service(postgres_server, tmp_path, outbox_poll_seconds="0.5") as service:
        service.start_server()
        service.start_worker()
        service.wait_for_languages("python3")
        problem = _problem(service)
        alice = service.user("alice")
        warm = _submit(service, alice, problem)
        wait_for(lambda: len(_sink_events(service.log, warm)) == 7, 90, "the first events", service.log)

        # The PostgreSQL broker's message table is gone: every publish fails while the judging goes on.
        asyncio.run(_rename(service.database_url, "taskiq_events", "taskiq_events_away"))
        try:
            submission = _submit(service, alice, problem)
            assert service.wait_finished(submission)["verdict"] == "wrong_answer"
            time.sleep(1.5)  # a few relay rounds, all failing
            assert _sink_events(service.log, submission) == []
        finally:
            asyncio.run(_rename(service.database_url, "taskiq_events_away", "taskiq_events"))

        wait_for(lambda: len(_sink_events(service.log, submission)) == 7, 60, "events after", service.log)
        delivered = _sink_events(service.log, submission)
        assert delivered[0]["type"] == "submission.created"
        assert [item["type"] for item in delivered][-1] == "submission.judged"


def test_a_stopping_server_closes_its_live_streams(postgres_server: str, tmp_path: Path) -> None:
    with running_service(postgres_server, tmp_path, sse_ping_seconds="1") as service:
        server = service.start_server()  # no worker: the submission stays queued, its stream open
        problem = service.problem([("1\n", "2\n")])
        submission = service.submit(problem, "python3", "print(2)")["id"]
        received: list[Event] = []
        ended = threading.Event()

        def listen() -> None:
            try:
                for event in stream(service.http, submission, service.headers):
                    received.append(event)
            except httpx.HTTPError:
                pass
            ended.set()

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        wait_for(lambda: bool(received), 30, "the first event", service.log)
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        assert ended.wait(20), "the stream did not end"
        assert time.monotonic() - started < 15  # well within the 30 s drain: the stream was told to end
        assert _kinds(received) == ["queued"]
        assert server.wait(20) == 0

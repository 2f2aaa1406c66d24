"""Events survive outages, with real processes (server, a worker judging and relaying, a separate
`python __main__.py notifier`) and a real webhook receiver verifying with `standardwebhooks`:
RabbitMQ stopped while a submission is judged → every event reaches the webhook and the SSE stream once
it is back, each exactly once; the notifier SIGKILLed in the middle of a delivery → the delivery is made
again, with the same webhook-id, after a restart."""

import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.receivers import receiver
from tests.e2e.service import (
    RABBITMQ_URL,
    Service,
    rabbitmq_controllable,
    rabbitmqctl,
    running_service,
)
from tests.e2e.sse import Event, stream
from tests.processes import wait_for

pytestmark = pytest.mark.e2e

TESTS = [(f"{n}\n", f"{2 * n}\n") for n in range(1, 6)]
SLOW = "import time\ntime.sleep(1.5)\nprint(int(input()) * 2)\n"
FAST = "print(int(input()) * 2)\n"
SUBMISSION_EVENTS = [
    "submission.created",
    "submission.judging_started",
    "submission.test_judged",
    "submission.judged",
]


def _problem(service: Service) -> str:
    return service.problem(TESTS, visibility="public")


def _submit(service: Service, headers: dict[str, str], problem: str, source: str) -> str:
    created = service.http.post(
        "/submissions", headers=headers, json={"problemId": problem, "language": "python3", "source": source}
    )
    assert created.status_code == 201, created.text
    submission_id: str = created.json()["id"]
    return submission_id


def _subscribe(service: Service, headers: dict[str, str], url: str, types: list[str]) -> dict[str, Any]:
    made = service.http.post("/webhooks", headers=headers, json={"url": f"{url}/hook", "eventTypes": types})
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


def _status(service: Service, submission_id: str) -> str:
    status: str = service.http.get(f"/submissions/{submission_id}").json()["status"]
    return status


@pytest.mark.skipif(not rabbitmq_controllable(), reason="needs RabbitMQ on 127.0.0.1:5672 and rabbitmqctl")
def test_rabbitmq_stopped_while_judging_every_event_reaches_the_webhook_and_the_stream_once(
    postgres_server: str, tmp_path: Path
) -> None:
    with (
        receiver() as inbox,
        running_service(
            postgres_server,
            tmp_path,
            broker_url=RABBITMQ_URL,
            webhook_allow_private="true",
            outbox_poll_seconds="0.5",
            sse_ping_seconds="1",
        ) as service,
    ):
        service.start_server()
        service.start_worker(worker_roles="judge,relay")
        service.start_notifier()
        service.wait_for_languages("python3")
        problem = _problem(service)
        alice = service.user("alice")
        secret = _subscribe(service, alice, inbox.url, SUBMISSION_EVENTS)["secret"]

        # The whole path works over RabbitMQ before the outage.
        warm = _submit(service, alice, problem, FAST)
        wait_for(lambda: b"submission.judged" in b"".join(p[2] for p in inbox.about(warm)), 90, "warm-up")

        submission = _submit(service, alice, problem, SLOW)
        seen: list[Event] = []
        ended = threading.Event()

        def follow() -> None:
            try:
                seen.extend(stream(service.http, submission, alice))
            finally:
                ended.set()

        threading.Thread(target=follow, daemon=True).start()
        wait_for(
            lambda: any(event.event == "compiling" for event in seen), 60, "judging to start", service.log
        )
        rabbitmqctl("stop_app")
        try:
            assert _status(service, submission) == "judging", "judged before RabbitMQ was down: test is void"
            assert service.wait_finished(submission, timeout=120)["verdict"] == "accepted"
            time.sleep(2)  # several relay rounds, each failing to publish
            types = [event["type"] for _, event in inbox.verified(submission, secret)]
            assert "submission.judged" not in types, types
        finally:
            rabbitmqctl("start_app")

        def all_arrived() -> bool:
            return [e["type"] for _, e in inbox.verified(submission, secret)].count("submission.judged") >= 1

        wait_for(all_arrived, 120, "the events after RabbitMQ is back", service.log)
        time.sleep(2)  # a duplicate would arrive by now (the notifier has no backlog left)
        delivered = inbox.verified(submission, secret)  # every signature valid
        ids = [webhook_id for webhook_id, _ in delivered]
        assert len(ids) == len(set(ids)), f"an event arrived twice: {ids}"
        types = [event["type"] for _, event in delivered]
        assert sorted(types) == sorted(
            [
                "submission.created",
                "submission.judging_started",
                *["submission.test_judged"] * 5,
                "submission.judged",
            ]
        ), types
        indexes = [
            event["data"]["index"] for _, event in delivered if event["type"] == "submission.test_judged"
        ]
        assert sorted(indexes) == [1, 2, 3, 4, 5]
        assert (
            next(e for _, e in delivered if e["type"] == "submission.judged")["data"]["verdict"] == "accepted"
        )

        # The live stream never depended on the broker: every test then the verdict, each id once.
        assert ended.wait(60), "the stream did not end"
        assert [event.event for event in seen] == ["queued", "compiling", *["test"] * 5, "verdict"]
        assert [event.id for event in seen] == ["0.1"] + [f"1.{seq}" for seq in range(2, 9)]


def test_the_notifier_killed_mid_delivery_delivers_after_restart(
    postgres_server: str, tmp_path: Path
) -> None:
    with (
        receiver() as inbox,
        running_service(
            postgres_server, tmp_path, webhook_allow_private="true", webhook_timeout_seconds="2"
        ) as service,
    ):
        service.start_server()
        service.start_worker(worker_roles="judge,relay")
        notifier = service.start_notifier()
        service.wait_for_languages("python3")
        problem = _problem(service)
        alice = service.user("alice")
        hook = _subscribe(service, alice, inbox.url, ["submission.judged"])
        inbox.hang_on, inbox.hang = [b"submission.judged"], 60.0  # the first try never gets an answer

        submission = _submit(service, alice, problem, FAST)
        wait_for(lambda: bool(inbox.about(submission)), 120, "the first try", service.log)
        notifier.send_signal(signal.SIGKILL)
        notifier.wait(10)

        def deliveries() -> list[dict[str, Any]]:
            found = service.http.get(f"/webhooks/{hook['id']}/deliveries", headers=alice)
            assert found.status_code == 200, found.text
            body = found.json()
            rows: list[dict[str, Any]] = body["items"] if isinstance(body, dict) else body
            return rows

        (row,) = deliveries()
        assert (row["state"], row["attempts"], row["lastStatus"]) == ("pending", 1, None)
        service.start_notifier()
        wait_for(lambda: len(inbox.about(submission)) >= 2, 120, "the try after the restart", service.log)
        wait_for(lambda: deliveries()[0]["state"] == "delivered", 30, "the delivery recorded", service.log)
        tries = inbox.verified(submission, hook["secret"])
        assert [webhook_id for webhook_id, _ in tries] == [row["eventId"]] * 2
        assert all(event["type"] == "submission.judged" for _, event in tries)
        (row,) = deliveries()
        assert (row["attempts"], row["lastStatus"]) == (2, 204)
        assert httpx.get(f"{service.base}/health", timeout=10).status_code == 200

"""Webhooks with real processes: a real submission judged by a real worker reaches its owner's webhook and
its callbackUrl through the outbox, the relay, the notifier and the delivery runner, signed per Standard
Webhooks (verified with the `standardwebhooks` package), and never reaches another user's webhook."""

import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from standardwebhooks import Webhook

from tests.e2e.receivers import receiver
from tests.e2e.service import Service, running_service
from tests.processes import free_port

pytestmark = pytest.mark.e2e

SOLUTION = "print(int(input()) * 2)\n"


def _until(check: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_judged_submission_reaches_its_owners_webhook_and_callback_signed_and_no_one_elses(
    postgres_server: str, tmp_path: Path
) -> None:
    metrics_port = free_port()
    with (
        receiver() as mine,
        receiver() as theirs,
        running_service(
            postgres_server, tmp_path, webhook_allow_private="true", worker_metrics_port=str(metrics_port)
        ) as service,
    ):
        service.start_server()
        service.start_worker()
        service.wait_for_languages("python3")
        problem = service.problem([("2\n", "4\n"), ("5\n", "10\n")], visibility="public")
        alice, bob = service.user("alice"), service.user("bob")
        hooks = {}
        for headers, inbox in ((alice, mine), (bob, theirs)):
            made = service.http.post(
                "/webhooks",
                headers=headers,
                json={"url": f"{inbox.url}/hook", "eventTypes": ["submission.judged"]},
            )
            assert made.status_code == 201, made.text
            hooks[inbox.url] = made.json()["secret"]
        callback_secret = service.http.get("/webhooks/callback-secret", headers=alice)
        assert callback_secret.status_code == 200, callback_secret.text

        created = service.http.post(
            "/submissions",
            headers=alice,
            json={
                "problemId": problem,
                "language": "python3",
                "source": SOLUTION,
                "callbackUrl": f"{mine.url}/callback",
            },
        )
        assert created.status_code == 201, created.text
        submission_id = created.json()["id"]

        arrived = _until(
            lambda: len(mine.about(submission_id)) >= 2 and mine.about(submission_id), 120, "both"
        )
        by_path = {path: (headers, body) for path, headers, body in arrived}
        assert set(by_path) == {"/hook", "/callback"}
        secrets = {"/hook": hooks[mine.url], "/callback": callback_secret.json()["secret"]}
        for path, (headers, body) in by_path.items():
            event = Webhook(secrets[path]).verify(body, headers)  # raises unless the signature is valid
            assert event["type"] == "submission.judged"
            assert event["data"]["submissionId"] == submission_id
            assert event["data"]["verdict"] == "accepted"
            assert headers["webhook-id"], headers
        # one event, the same id through both routes; exactly one delivery each
        assert by_path["/hook"][0]["webhook-id"] == by_path["/callback"][0]["webhook-id"]
        assert len(mine.about(submission_id)) == 2
        # Bob's webhook hears about Bob only: a submission of his arrives, Alice's never did.
        theirs_created = service.http.post(
            "/submissions",
            headers=bob,
            json={"problemId": problem, "language": "python3", "source": SOLUTION},
        )
        assert theirs_created.status_code == 201, theirs_created.text
        bobs = theirs_created.json()["id"]
        _until(lambda: theirs.about(bobs), 120, "bob's own event")
        assert theirs.about(submission_id) == []
        assert mine.about(bobs) == []
        # the delivery log shows that one event, delivered on the first try with the receiver's 204
        deliveries = service.http.get(f"/webhooks/{_hook_id(service, alice)}/deliveries", headers=alice)
        assert deliveries.status_code == 200, deliveries.text
        listed = deliveries.json()
        rows = listed["items"] if isinstance(listed, dict) else listed
        event_id = by_path["/hook"][0]["webhook-id"]
        mine_rows = [row for row in rows if row["eventId"] == event_id]
        assert [(row["attempts"], row["lastStatus"]) for row in mine_rows] == [(1, 204)], rows
        # the worker (its notifier and relay roles) counts the tries and shows the outbox lag
        samples = {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(
                httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10).text
            )
            for sample in family.samples
        }
        delivered = samples.get(("judge_webhook_deliveries_total", (("outcome", "delivered"),)), 0.0)
        assert delivered >= 3, samples  # Alice's webhook and callback, Bob's webhook
        assert ("judge_outbox_lag_seconds", ()) in samples


def _hook_id(service: Service, headers: dict[str, str]) -> str:
    listed = service.http.get("/webhooks", headers=headers)
    assert listed.status_code == 200, listed.text
    body = listed.json()
    items = body["items"] if isinstance(body, dict) else body
    hook_id: str = items[0]["id"]
    return hook_id


def test_a_receiver_failing_twice_gets_the_third_try_same_id_and_410_disables_its_endpoint(
    postgres_server: str, tmp_path: Path
) -> None:
    with (
        receiver() as flaky,
        receiver() as gone,
        running_service(
            postgres_server, tmp_path, webhook_allow_private="true", webhook_retry_schedule="0.5,0.5,0.5"
        ) as service,
    ):
        flaky.statuses = [500, 500]
        gone.statuses = [410]
        service.start_server()
        service.start_worker()
        service.wait_for_languages("python3")
        problem = service.problem([("2\n", "4\n")], visibility="public")
        alice = service.user("alice")
        hooks = {}
        for inbox in (flaky, gone):
            made = service.http.post(
                "/webhooks",
                headers=alice,
                json={"url": f"{inbox.url}/hook", "eventTypes": ["submission.judged"]},
            )
            assert made.status_code == 201, made.text
            hooks[inbox.url] = made.json()
        created = service.http.post(
            "/submissions",
            headers=alice,
            json={"problemId": problem, "language": "python3", "source": SOLUTION},
        )
        assert created.status_code == 201, created.text
        submission_id = created.json()["id"]

        _until(lambda: len(flaky.about(submission_id)) >= 3, 120, "the third try")
        tries = flaky.verified(submission_id, hooks[flaky.url]["secret"])
        assert [webhook_id for webhook_id, _ in tries] == [tries[0][0]] * 3
        assert len({body for _, _, body in flaky.about(submission_id)}) == 1  # the same bytes each time

        def row_of(hook: dict[str, Any]) -> dict[str, Any]:
            found = service.http.get(f"/webhooks/{hook['id']}/deliveries", headers=alice)
            assert found.status_code == 200, found.text
            body = found.json()
            rows: list[dict[str, Any]] = body["items"] if isinstance(body, dict) else body
            return rows[0]

        delivered = _until(
            lambda: (row := row_of(hooks[flaky.url]))["state"] == "delivered" and row, 30, "3rd"
        )
        assert (delivered["attempts"], delivered["lastStatus"]) == (3, 204)

        failed = _until(lambda: (row := row_of(hooks[gone.url]))["state"] == "failed" and row, 30, "410")
        assert (failed["attempts"], failed["lastStatus"]) == (1, 410)
        endpoint = service.http.get(f"/webhooks/{hooks[gone.url]['id']}", headers=alice).json()
        assert endpoint["enabled"] is False
        assert "410" in endpoint["disabledReason"]
        # Disabled: the next submission's event reaches the healthy endpoint only.
        again = service.http.post(
            "/submissions",
            headers=alice,
            json={"problemId": problem, "language": "python3", "source": SOLUTION},
        ).json()["id"]
        _until(lambda: flaky.about(again), 120, "the next event at the healthy endpoint")
        time.sleep(1)
        assert gone.about(again) == []
        assert len(gone.about(submission_id)) == 1

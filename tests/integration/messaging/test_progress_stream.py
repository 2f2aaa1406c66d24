"""Hostile requests to the live progress stream: stable 4xx codes, never a 500, never a stream opened."""

import uuid

import httpx
import pytest

from tests.integration.submissions.helpers import add_test, create_problem


async def test_an_unknown_submission_has_no_stream(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/api/v1/submissions/{uuid.uuid4()}/events")
    assert response.status_code == 404
    assert response.json()["code"] == "submission_not_found"


async def test_a_malformed_submission_id_is_a_422(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/submissions/not-an-id/events")
    assert response.status_code == 422


@pytest.mark.parametrize(
    "last_event_id", ["x", "1", "1.2.3", "-1.0", "1.-2", "9" * 40, "\u0661.\u0662", "1.2 ; drop", "..."]
)
async def test_a_last_event_id_the_stream_never_sent_is_refused(
    client: httpx.AsyncClient, last_event_id: str
) -> None:
    problem_id = await create_problem(client)
    await add_test(client, problem_id, "1\n", "1\n")
    created = await client.post(
        "/api/v1/submissions", json={"problemId": problem_id, "language": "python3", "source": "print(1)"}
    )
    submission_id = created.json()["id"]
    response = await client.get(
        f"/api/v1/submissions/{submission_id}/events",
        headers={b"Last-Event-ID": last_event_id.encode()},  # raw bytes: non-ASCII too
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_last_event_id"


async def test_a_queued_submission_streams_queued_then_ends_at_the_cap(client: httpx.AsyncClient) -> None:
    problem_id = await create_problem(client)
    await add_test(client, problem_id, "1\n", "1\n")
    created = await client.post(
        "/api/v1/submissions", json={"problemId": problem_id, "language": "python3", "source": "print(1)"}
    )
    submission_id = created.json()["id"]
    response = await client.get(f"/api/v1/submissions/{submission_id}/events")  # SSE_MAX_SECONDS=1 here
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["cache-control"] == "no-cache"
    assert "event: queued\n" in response.text
    assert "id: 0.1\n" in response.text
    assert "event: compiling" not in response.text
    resumed = await client.get(
        f"/api/v1/submissions/{submission_id}/events", headers={"Last-Event-ID": "0.1"}
    )
    assert "event: queued" not in resumed.text

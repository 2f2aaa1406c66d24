"""The submissions API on the server side (no worker): accepting, validating, listing, rejudging."""

import uuid
from datetime import timedelta

import httpx
from dishka import AsyncContainer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fakes import FakeClock
from tests.integration.submissions.helpers import create_problem


async def test_submission_is_stored_queued_with_the_language_source_name(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    response = await client.post(
        "/api/v1/submissions", json={"problemId": problem, "language": "python3", "source": "print(1)"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "queued"
    assert body["verdict"] is None
    assert body["files"] == [{"name": "main.py", "content": "print(1)", "contentBase64": None}]
    fetched = await client.get(f"/api/v1/submissions/{body['id']}")
    assert fetched.status_code == 200
    assert fetched.json()["id"] == body["id"]


async def test_unknown_problem_is_404_and_unknown_language_is_422(client: httpx.AsyncClient) -> None:
    missing = await client.post(
        "/api/v1/submissions", json={"problemId": str(uuid.uuid4()), "language": "c", "source": "x"}
    )
    assert missing.status_code == 404
    assert missing.json()["code"] == "problem_not_found"

    problem = await create_problem(client)
    unknown = await client.post(
        "/api/v1/submissions", json={"problemId": problem, "language": "cobol", "source": "x"}
    )
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "unknown_language"
    assert "cobol" in unknown.json()["message"]


async def test_source_over_the_limit_is_413_and_nothing_is_stored(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    before = (await client.get("/api/v1/submissions", params={"problemId": problem})).json()["items"]
    response = await client.post(
        "/api/v1/submissions", json={"problemId": problem, "language": "c", "source": "x" * (256 * 1024 + 1)}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "source_too_large"
    after = (await client.get("/api/v1/submissions", params={"problemId": problem})).json()["items"]
    assert after == before


async def test_both_source_and_files_is_an_ambiguous_source_in_the_error_envelope(
    client: httpx.AsyncClient,
) -> None:
    problem = await create_problem(client)
    response = await client.post(
        "/api/v1/submissions",
        json={
            "problemId": problem,
            "language": "c",
            "source": "x",
            "files": [{"name": "a.c", "content": "x"}],
        },
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "ambiguous_source"
    assert "exactly one of `source` (UTF-8 text), `sourceBase64` or `files`" in body["message"]
    assert body["details"] == {"given": ["source", "files"]}


async def test_file_names_with_directories_are_refused(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    response = await client.post(
        "/api/v1/submissions",
        json={"problemId": problem, "language": "c", "files": [{"name": "../etc/passwd", "content": "x"}]},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_submission"


async def test_list_pages_newest_first_with_a_cursor_and_filters(
    client: httpx.AsyncClient, clock: FakeClock
) -> None:
    problem = await create_problem(client)
    ids = []
    for n in range(5):
        clock.moment += timedelta(milliseconds=1)
        created = await client.post(
            "/api/v1/submissions", json={"problemId": problem, "language": "c", "source": f"// {n}"}
        )
        ids.append(created.json()["id"])
    first = (await client.get("/api/v1/submissions", params={"problemId": problem, "limit": 2})).json()
    assert [item["id"] for item in first["items"]] == ids[::-1][:2]
    second = (
        await client.get(
            "/api/v1/submissions", params={"problemId": problem, "limit": 2, "cursor": first["nextCursor"]}
        )
    ).json()
    assert [item["id"] for item in second["items"]] == ids[::-1][2:4]
    third = (
        await client.get(
            "/api/v1/submissions", params={"problemId": problem, "limit": 2, "cursor": second["nextCursor"]}
        )
    ).json()
    assert [item["id"] for item in third["items"]] == ids[:1]
    assert third["nextCursor"] is None

    finished = await client.get("/api/v1/submissions", params={"problemId": problem, "status": "finished"})
    assert finished.json()["items"] == []
    bad = await client.get("/api/v1/submissions", params={"cursor": "not-a-cursor"})
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid_cursor"


async def test_rejudge_of_unknown_ids_is_404(client: httpx.AsyncClient) -> None:
    assert (await client.post(f"/api/v1/submissions/{uuid.uuid4()}/rejudge")).status_code == 404
    assert (await client.post(f"/api/v1/problems/{uuid.uuid4()}/rejudge")).status_code == 404


async def test_rejudge_problem_requeues_each_of_its_submissions(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    ids = set()
    for _ in range(3):
        created = await client.post(
            "/api/v1/submissions", json={"problemId": problem, "language": "c", "source": ""}
        )
        ids.add(created.json()["id"])
    response = await client.post(f"/api/v1/problems/{problem}/rejudge")
    assert response.status_code == 202
    assert set(response.json()["requeued"]) == ids


async def test_wait_with_no_worker_answers_202_with_the_current_state(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    response = await client.post(
        "/api/v1/submissions",
        params={"wait": "0.3"},
        json={"problemId": problem, "language": "c", "source": "int main(){}"},
    )
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    bad = await client.post(
        "/api/v1/submissions",
        params={"wait": "soon"},
        json={"problemId": problem, "language": "c", "source": ""},
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid_wait"


async def test_nul_characters_outside_sources_and_non_finite_numbers_are_422_not_500(
    client: httpx.AsyncClient,
) -> None:
    problem = await create_problem(client)
    nul = await client.post(
        "/api/v1/submissions",
        json={"problemId": problem, "language": "c", "files": [{"name": "a\x00.c", "content": "x"}]},
    )
    assert (nul.status_code, nul.json()["code"]) == (422, "validation_error")
    assert "NUL" in nul.json()["message"]
    infinite = await client.post(
        "/api/v1/problems",
        content=(
            '{"slug": "inf-points", "title": "t", "type": "scoring", '
            '"limits": {"timeMs": 1000, "memoryMb": 64}, '
            '"checker": {"type": "tokens", "absoluteTolerance": NaN}, '
            '"groups": [{"name": "g", "points": Infinity}]}'
        ),
        headers={"content-type": "application/json"},
    )
    assert (infinite.status_code, infinite.json()["code"]) == (422, "validation_error")


async def _pending_wake_ups(container: AsyncContainer) -> int:
    async with container() as request:
        session = await request.get(AsyncSession)
        count = await session.scalar(text("SELECT count(*) FROM taskiq_messages WHERE status = 'pending'"))
        return int(count or 0)


async def test_the_wake_up_is_stored_with_the_submission_and_not_for_a_refused_one(
    client: httpx.AsyncClient, container: AsyncContainer
) -> None:
    """With the PostgreSQL broker in the service's database the wake-up is written in the submission's
    transaction: one per accepted submission, none for a refused one (no worker listens here)."""
    problem = await create_problem(client)
    accepted = await client.post(
        "/api/v1/submissions", json={"problemId": problem, "language": "python3", "source": "print(1)"}
    )
    assert accepted.status_code == 201, accepted.text
    before = await _pending_wake_ups(container)
    missing = await client.post(
        "/api/v1/submissions", json={"problemId": str(uuid.uuid4()), "language": "python3", "source": "x"}
    )
    assert missing.status_code == 404
    assert await _pending_wake_ups(container) == before
    again = await client.post(
        "/api/v1/submissions", json={"problemId": problem, "language": "python3", "source": "print(2)"}
    )
    assert again.status_code == 201, again.text
    assert await _pending_wake_ups(container) == before + 1

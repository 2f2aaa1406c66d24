"""The submit's fast path (infrastructure/http/fast_submit.py) answers exactly as the route does: the same
body for a success, the same status and ErrorModel for every refusal, the same metrics label. `?wait=0`
never takes the fast path (a query string), so it is the route's own answer to compare with."""

import re
import uuid
from typing import Any

import httpx
import pytest

from infrastructure.http import fast_submit
from infrastructure.http.api.v1.submissions.router import submit
from tests.integration.submissions.helpers import create_problem

UNKNOWN = str(uuid.uuid4())


def _shape(body: dict[str, Any]) -> dict[str, Any]:
    """A submission's answer without what differs between two submissions (its id and time)."""
    return {key: value for key, value in body.items() if key not in ("id", "createdAt")}


async def _both(client: httpx.AsyncClient, **request: Any) -> tuple[httpx.Response, httpx.Response]:
    fast = await client.post("/api/v1/submissions", **request)
    routed = await client.post("/api/v1/submissions", params={"wait": "0"}, **request)
    return fast, routed


async def test_a_submit_answers_as_the_route_does(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    fast, routed = await _both(
        client, json={"problemId": problem, "language": "python3", "source": "print('é')\x00"}
    )
    assert (fast.status_code, routed.status_code) == (201, 201)
    assert fast.headers["content-type"] == routed.headers["content-type"]
    assert _shape(fast.json()) == _shape(routed.json())
    assert fast.json()["id"] != routed.json()["id"]
    stored = await client.get(f"/api/v1/submissions/{fast.json()['id']}")
    assert stored.json()["files"] == fast.json()["files"]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ({"problemId": "?", "language": "python3"}, "application/json", 422, "ambiguous_source"),
        ({"problemId": "?", "language": "nope", "source": "x"}, "application/json", 422, "unknown_language"),
        (
            {"problemId": str(uuid.uuid4()), "language": "python3", "source": "x"},
            None,
            404,
            "problem_not_found",
        ),
        ({"problemId": "not-a-uuid", "language": "python3", "source": "x"}, None, 422, "validation_error"),
        ({"problemId": "?", "language": "python3", "source": "a\x00", "files": []}, None, 422, None),
        ({"problemId": "?", "language": "python3", "source": "x"}, "text/plain", None, None),
        ('{"problemId": "?", "language": "python3", "source": NaN}', "application/json", 422, None),
        ('{"problemId": "?", "language": "python3", "source": "x"', "application/json", 422, None),
        ("[" * 100_000, "application/json", None, None),
        ("", "application/json", 422, None),
    ],
    ids=[
        "no source",
        "unknown language",
        "unknown problem",
        "bad uuid",
        "two sources",
        "not JSON",
        "NaN",
        "truncated",
        "deep nesting",
        "empty",
    ],
)
async def test_a_refusal_is_the_routes(
    client: httpx.AsyncClient, body: object, content_type: str | None, status: int | None, code: str | None
) -> None:
    problem = await create_problem(client)
    if isinstance(body, dict):
        content = httpx.Request("POST", "/", json=body).content.replace(b'"?"', f'"{problem}"'.encode())
    else:
        content = str(body).replace('"?"', f'"{problem}"').encode()
    headers = {"content-type": content_type} if content_type else {"content-type": "application/json"}
    fast, routed = await _both(client, content=content, headers=headers)
    assert fast.status_code == routed.status_code
    if status is not None:
        assert fast.status_code == status
    if fast.status_code >= 400:
        assert fast.json() == routed.json()
        if code is not None:
            assert fast.json()["code"] == code
    else:
        assert _shape(fast.json()) == _shape(routed.json())


async def test_a_plain_submit_takes_the_fast_path_and_one_with_a_query_the_route(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = await create_problem(client)
    taken: list[object] = []

    async def counted(*args: Any) -> Any:
        taken.append(args)
        return await submit(*args)

    monkeypatch.setattr(fast_submit, "submit", counted)  # the name the fast path calls
    fast, routed = await _both(client, json={"problemId": problem, "language": "python3", "source": "x"})
    assert (fast.status_code, routed.status_code, len(taken)) == (201, 201, 1)


async def test_a_fast_submit_is_counted_under_its_route(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)

    async def counted() -> float:
        text = (await client.get("/api/v1/metrics")).text
        found = re.search(
            r'^judge_http_requests_total\{method="POST",route="/api/v1/submissions",status="201"\} (\S+)$',
            text,
            re.MULTILINE,
        )
        return float(found.group(1)) if found else 0.0

    before = await counted()
    created = await client.post(
        "/api/v1/submissions", json={"problemId": problem, "language": "python3", "source": "print(1)"}
    )
    assert created.status_code == 201
    assert await counted() == before + 1

"""Hostile request bodies: a 422 never echoes what was sent, and invalid Unicode is a 422, never a 500."""

import json
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from dishka import AsyncContainer

from tests.bootstrap import api_client
from tests.integration.problems.helpers import create_problem, problem_body

API = "http://test/api/v1"
MARKER = "PLANTED-MARKER-7f3a9c"


@pytest.fixture
async def client(container: AsyncContainer) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(container, base_url=API) as client:
        yield client


def _raw(payload: str) -> dict[str, object]:
    return {"content": payload.encode(), "headers": {"Content-Type": "application/json"}}


async def test_validation_error_body_does_not_echo_the_input(client: httpx.AsyncClient) -> None:
    body = problem_body(limits={"timeMs": MARKER, "memoryMb": 64, "outputKb": 1024}, title=[MARKER] * 3)

    response = await client.post("/problems", json=body)

    assert response.status_code == 422
    assert MARKER not in response.text
    errors = response.json()["details"]["errors"]
    assert errors
    assert all(set(error) == {"loc", "msg", "type"} for error in errors)
    assert ["body", "limits", "timeMs"] in [error["loc"] for error in errors]


async def test_malformed_json_error_does_not_echo_the_body(client: httpx.AsyncClient) -> None:
    response = await client.post("/problems", **_raw('{"slug": "' + MARKER + '", oops'))  # type: ignore[arg-type]

    assert response.status_code == 422
    assert MARKER not in response.text


@pytest.mark.parametrize("field", ["slug", "title", "statement"])
async def test_lone_surrogate_in_a_problem_field_is_a_422(client: httpx.AsyncClient, field: str) -> None:
    body = problem_body()
    body[field] = "a\ud800b"

    response = await client.post("/problems", **_raw(json.dumps(body)))  # type: ignore[arg-type]

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


async def test_lone_surrogate_in_a_submission_source_is_a_422(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    body = {"problemId": problem["id"], "language": "python3", "source": "print(1)\ud800"}

    response = await client.post("/submissions", **_raw(json.dumps(body)))  # type: ignore[arg-type]

    assert response.status_code == 422


async def test_lone_surrogate_in_an_unknown_key_does_not_break_the_error(client: httpx.AsyncClient) -> None:
    response = await client.patch(
        f"/problems/{uuid.uuid4()}",
        **_raw('{"limits": {"timeMs": "x", "\\udfff": 1}}'),  # type: ignore[arg-type]
    )

    assert response.status_code in (404, 422)


@pytest.mark.parametrize("field", ["absoluteTolerance", "relativeTolerance"])
async def test_negative_tolerance_is_a_422(client: httpx.AsyncClient, field: str) -> None:
    response = await client.post("/problems", json=problem_body(checker={"type": "tokens", field: -1e-6}))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_checker"

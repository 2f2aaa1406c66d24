"""PROBLEM_MAX_TESTS on every way tests arrive (one by one, an archive, a package) and the paginated tests
list (issue #8: 10,500 tests were accepted on one problem and listed in one 4 MB answer)."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from dishka import AsyncContainer

from infrastructure.config import Settings
from infrastructure.http.app import create_app
from tests.bootstrap import api_client, bootstrap_container
from tests.fakes import FakeClock
from tests.integration.problems.helpers import assert_error, create_problem, make_zip, upload
from tests.package_builder import minimal, zip_entries

MAX_TESTS = 4
API = "http://test/api/v1"


@pytest.fixture
async def capped(settings: Settings, clock: FakeClock) -> AsyncIterator[httpx.AsyncClient]:
    container = bootstrap_container(settings.model_copy(update={"problem_max_tests": MAX_TESTS}), clock)
    async with api_client(container, base_url=API) as client:
        yield client
    await container.close()


async def _add(client: httpx.AsyncClient, problem_id: str, **body: Any) -> httpx.Response:
    return await client.post(f"/problems/{problem_id}/tests", json={"input": "1\n", "answer": "1\n", **body})


def _tests_zip(names: range) -> bytes:
    return make_zip(*((f"{i}.{kind}", b"x\n") for i in names for kind in ("in", "ans")))


async def _count(client: httpx.AsyncClient, problem_id: str) -> int:
    count: int = (await client.get(f"/problems/{problem_id}")).json()["testCount"]
    return count


async def test_adding_one_test_past_the_cap_is_a_422_naming_the_ceiling(capped: httpx.AsyncClient) -> None:
    problem = await create_problem(capped)
    for _ in range(MAX_TESTS):
        assert (await _add(capped, problem["id"])).status_code == 201

    error = assert_error(await _add(capped, problem["id"]), 422, "too_many_tests")

    assert error["details"] == {"count": MAX_TESTS + 1, "limit": MAX_TESTS}
    assert f"at most {MAX_TESTS} tests" in error["message"]
    assert await _count(capped, problem["id"]) == MAX_TESTS


async def test_an_archive_that_would_pass_the_cap_adds_nothing(capped: httpx.AsyncClient) -> None:
    problem = await create_problem(capped)
    assert (await _add(capped, problem["id"])).status_code == 201
    archive = make_zip(
        *((f"{i}.{kind}", b"x\n") for i in range(10, 10 + MAX_TESTS) for kind in ("in", "ans"))
    )

    error = assert_error(await upload(capped, problem["id"], archive), 422, "too_many_tests")

    assert error["details"]["limit"] == MAX_TESTS
    assert await _count(capped, problem["id"]) == 1
    fits = make_zip(
        *((f"{i}.{kind}", b"x\n") for i in range(10, 10 + MAX_TESTS - 1) for kind in ("in", "ans"))
    )
    assert (await upload(capped, problem["id"], fits)).status_code == 201
    assert await _count(capped, problem["id"]) == MAX_TESTS


async def test_a_package_with_more_tests_than_the_cap_is_not_imported(capped: httpx.AsyncClient) -> None:
    extra = {
        f"data/secret/{i}.{kind}": "1 1\n" if kind == "in" else "2\n"
        for i in range(3, 9)
        for kind in ("in", "ans")
    }
    slug = f"cap-{uuid.uuid4().hex[:8]}"

    response = await capped.post(
        "/problems/import",
        params={"slug": slug, "verify": "false"},
        files={"package": ("p.zip", zip_entries(minimal(extra)), "application/zip")},
    )

    assert assert_error(response, 422, "too_many_tests")["details"]["limit"] == MAX_TESTS
    listed = (await capped.get("/problems", params={"limit": 100})).json()["items"]
    assert slug not in {problem["slug"] for problem in listed}


# --- pages ------------------------------------------------------------------------------------------------


async def test_the_tests_list_is_paginated_with_total_offset_and_limit(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    for name in ("1", "2", "3", "10", "11"):
        assert (await _add(client, problem["id"], name=name)).status_code == 201

    default = (await client.get(f"/problems/{problem['id']}/tests")).json()
    page = (await client.get(f"/problems/{problem['id']}/tests", params={"offset": 1, "limit": 2})).json()
    past = (await client.get(f"/problems/{problem['id']}/tests", params={"offset": 5})).json()

    assert set(default) == {"items", "total", "offset", "limit"}
    assert (default["total"], default["offset"], default["limit"]) == (5, 0, 100)
    assert [t["name"] for t in default["items"]] == ["1", "2", "3", "10", "11"]
    assert (page["total"], page["offset"], page["limit"]) == (5, 1, 2)
    assert [(t["index"], t["name"]) for t in page["items"]] == [(2, "2"), (3, "3")]
    assert (past["items"], past["total"]) == ([], 5)


async def test_a_user_pages_through_samples_only(client: httpx.AsyncClient, settings: Settings) -> None:
    problem = await create_problem(client, visibility="public")
    for name, sample in (("1", True), ("2", False), ("3", True), ("4", False)):
        assert (await _add(client, problem["id"], name=name, sample=sample)).status_code == 201
    created = await client.post(
        "/keys", json={"name": "u", "role": "user", "accountName": f"u-{uuid.uuid4().hex[:6]}"}
    )
    user = {"Authorization": f"Bearer {created.json()['key']}"}

    page = (await client.get(f"/problems/{problem['id']}/tests", params={"limit": 1}, headers=user)).json()

    assert page["total"] == 2
    assert [(t["index"], t["name"]) for t in page["items"]] == [(1, "1")]


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 1001}, {"offset": -1}, {"limit": "ten"}, {"offset": 2**31}],
    ids=["limit-0", "limit-over-max", "negative-offset", "not-a-number", "offset-over-max"],
)
async def test_out_of_bounds_paging_is_a_422(client: httpx.AsyncClient, params: dict[str, Any]) -> None:
    problem = await create_problem(client)
    response = await client.get(f"/problems/{problem['id']}/tests", params=params)
    assert_error(response, 422, "validation_error")


async def test_the_openapi_description_documents_the_paged_list(container: AsyncContainer) -> None:
    operation = create_app(container).openapi()["paths"]["/api/v1/problems/{problem_id}/tests"]["get"]

    parameters = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
    assert parameters["limit"]["maximum"] == 1000
    assert parameters["limit"]["minimum"] == 1
    assert parameters["offset"]["minimum"] == 0
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/TestCasePageModel")
    assert "422" in operation["responses"]

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from infrastructure.http.api.v1.problems.router import router as problems_router
from infrastructure.http.api.v1.problems.tests_router import router as problem_tests_router
from tests.fakes import FakeClock
from tests.integration.problems.helpers import assert_error, create_problem, problem_body, slug

CUSTOM = {
    "type": "custom",
    "protocol": "testlib",
    "language": "cpp",
    "source": "int main() {}",
    "files": [],
    "flags": [],
}


async def test_created_problem_is_returned_with_id_test_count_and_timestamps(
    client: httpx.AsyncClient,
) -> None:
    body = problem_body(
        type="scoring",
        limits={"timeMs": 2000, "memoryMb": 64, "outputKb": 1024, "wallTimeMs": 5000},
        checker={"type": "tokens", "caseSensitive": True, "absoluteTolerance": 1e-6},
        groups=[{"name": "easy", "points": 40}, {"name": "hard", "points": 60}],
    )
    response = await client.post("/problems", json=body)
    assert response.status_code == 201, response.text
    created = response.json()
    uuid.UUID(created["id"])
    assert created["testCount"] == 0
    assert created["createdAt"] == created["updatedAt"]
    assert created["limits"] == {"timeMs": 2000, "memoryMb": 64, "outputKb": 1024, "wallTimeMs": 5000}
    assert created["checker"] == {
        "type": "tokens",
        "caseSensitive": True,
        "spaceChangeSensitive": False,
        "absoluteTolerance": 1e-6,
        "relativeTolerance": None,
    }
    assert created["groups"] == body["groups"]
    assert (created["slug"], created["type"], created["statement"]) == (
        body["slug"],
        "scoring",
        body["statement"],
    )

    fetched = await client.get(f"/problems/{created['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == created


@pytest.mark.parametrize(
    "checker",
    [
        {"type": "exact"},
        CUSTOM,
        {**CUSTOM, "protocol": "kattis", "language": "python3", "flags": ["float_tolerance", "1e-6"]},
    ],
)
async def test_every_checker_kind_round_trips(client: httpx.AsyncClient, checker: dict[str, Any]) -> None:
    created = await create_problem(client, checker=checker)
    assert created["checker"] == checker
    assert (await client.get(f"/problems/{created['id']}")).json()["checker"] == checker


async def test_defaults_fill_in_statement_output_wall_time_and_groups(client: httpx.AsyncClient) -> None:
    body = problem_body()
    del body["statement"]
    created = (await client.post("/problems", json=body)).json()
    assert created["statement"] == ""
    assert created["limits"] == {"timeMs": 1000, "memoryMb": 256, "outputKb": 65536, "wallTimeMs": None}
    assert created["groups"] == []


async def test_duplicate_slug_is_a_409(client: httpx.AsyncClient) -> None:
    created = await create_problem(client)
    response = await client.post("/problems", json=problem_body(slug=created["slug"]))
    assert_error(response, 409, "slug_taken")


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
async def test_unknown_problem_is_a_404(client: httpx.AsyncClient, method: str) -> None:
    response = await client.request(method, f"/problems/{uuid.uuid4()}", json={"title": "x"})
    assert_error(response, 404, "problem_not_found")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"slug": "Bad Slug"}, "invalid_problem"),
        ({"title": ""}, "invalid_problem"),
        ({"limits": {"timeMs": 0, "memoryMb": 256}}, "invalid_problem"),
        ({"limits": {"timeMs": 1000, "memoryMb": 100_000}}, "invalid_problem"),
        ({"type": "scoring", "groups": [{"name": "a", "points": 0}]}, "invalid_problem"),
        ({"groups": [{"name": "a", "points": 1}, {"name": "a", "points": 2}]}, "invalid_problem"),
        ({"groups": [{"name": "a", "points": -1}]}, "invalid_group"),
        ({"checker": {"type": "tokens", "relativeTolerance": -0.5}}, "invalid_checker"),
        ({"checker": {**CUSTOM, "source": "  "}}, "invalid_checker"),
        ({"checker": {**CUSTOM, "language": "cobol"}}, "unknown_language"),
        ({"checker": {"type": "fuzzy"}}, "validation_error"),
        ({"type": "best-effort"}, "validation_error"),
        ({"limits": None}, "validation_error"),
    ],
)
async def test_a_broken_rule_is_a_422_with_an_error_model(
    client: httpx.AsyncClient, changes: dict[str, Any], code: str
) -> None:
    body = problem_body(**changes)
    response = await client.post("/problems", json=body)
    assert_error(response, 422, code)
    listed = (await client.get("/problems", params={"limit": 100})).json()
    total = listed["total"]
    last = (await client.get("/problems", params={"offset": max(total - 1, 0)})).json()["items"]
    assert all(problem["slug"] != body["slug"] for problem in last)


async def test_unknown_checker_language_names_the_language(client: httpx.AsyncClient) -> None:
    response = await client.post("/problems", json=problem_body(checker={**CUSTOM, "language": "cobol"}))
    body = assert_error(response, 422, "unknown_language")
    assert body["details"]["language"] == "cobol"
    assert "cpp" in body["details"]["known"]


async def test_problems_are_listed_oldest_first_a_page_at_a_time(
    client: httpx.AsyncClient, clock: FakeClock
) -> None:
    mine = []
    for _ in range(3):
        clock.moment += timedelta(days=1)
        mine.append((await create_problem(client))["id"])
    total = (await client.get("/problems", params={"limit": 1})).json()["total"]
    assert total >= 3
    page = (await client.get("/problems", params={"offset": total - 3, "limit": 2})).json()
    assert [problem["id"] for problem in page["items"]] == mine[:2]
    assert (page["total"], page["offset"], page["limit"]) == (total, total - 3, 2)
    rest = (await client.get("/problems", params={"offset": total - 1, "limit": 2})).json()
    assert [problem["id"] for problem in rest["items"]] == mine[2:]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}])
async def test_bad_page_parameters_are_a_422(client: httpx.AsyncClient, params: dict[str, int]) -> None:
    assert_error(await client.get("/problems", params=params), 422, "validation_error")


async def test_patch_changes_only_the_given_fields(client: httpx.AsyncClient, clock: FakeClock) -> None:
    created = await create_problem(client)
    clock.moment += timedelta(minutes=5)
    response = await client.patch(
        f"/problems/{created['id']}",
        json={"title": "Sum", "limits": {"timeMs": 3000, "memoryMb": 512}, "checker": {"type": "exact"}},
    )
    assert response.status_code == 200, response.text
    patched = response.json()
    assert patched["title"] == "Sum"
    assert patched["limits"] == {"timeMs": 3000, "memoryMb": 512, "outputKb": 65536, "wallTimeMs": None}
    assert patched["checker"] == {"type": "exact"}
    unchanged = ("id", "slug", "statement", "type", "groups", "testCount", "createdAt")
    assert {key: patched[key] for key in unchanged} == {key: created[key] for key in unchanged}
    assert patched["updatedAt"] > created["updatedAt"]
    assert (await client.get(f"/problems/{created['id']}")).json() == patched


async def test_patch_to_a_taken_slug_is_a_409_and_changes_nothing(client: httpx.AsyncClient) -> None:
    first, second = await create_problem(client), await create_problem(client)
    response = await client.patch(f"/problems/{second['id']}", json={"slug": first["slug"], "title": "New"})
    assert_error(response, 409, "slug_taken")
    assert (await client.get(f"/problems/{second['id']}")).json() == second


async def test_patch_keeps_the_rules(client: httpx.AsyncClient) -> None:
    created = await create_problem(client)
    response = await client.patch(f"/problems/{created['id']}", json={"slug": "no spaces allowed"})
    assert_error(response, 422, "invalid_problem")


async def test_patch_cannot_drop_a_group_that_holds_tests(client: httpx.AsyncClient) -> None:
    groups = [{"name": "a", "points": 50}, {"name": "b", "points": 50}]
    created = await create_problem(client, type="scoring", groups=groups)
    added = await client.post(
        f"/problems/{created['id']}/tests", json={"input": "", "answer": "", "group": "b"}
    )
    assert added.status_code == 201, added.text
    response = await client.patch(f"/problems/{created['id']}", json={"groups": groups[:1]})
    assert assert_error(response, 409, "group_in_use")["details"] == {"groups": ["b"]}


async def test_delete_removes_the_problem_and_its_tests(client: httpx.AsyncClient) -> None:
    created = await create_problem(client)
    added = await client.post(f"/problems/{created['id']}/tests", json={"input": "1", "answer": "1"})
    assert added.status_code == 201
    response = await client.delete(f"/problems/{created['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert_error(await client.get(f"/problems/{created['id']}"), 404, "problem_not_found")
    assert_error(await client.get(f"/problems/{created['id']}/tests"), 404, "problem_not_found")
    assert_error(
        await client.get(f"/problems/{created['id']}/tests/{added.json()['id']}"), 404, "problem_not_found"
    )


async def test_every_route_is_documented_with_its_errors(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/../../openapi.json")).json()
    mine = [
        ("/api/v1" + route.path, method.lower())
        for router in (problems_router, problem_tests_router)
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    ]
    assert len(mine) == 10
    for path, method in mine:
        operation = schema["paths"][path][method]
        assert operation.get("summary"), (path, method)
        assert operation.get("description"), (path, method)
        errors = {status for status in operation["responses"] if status >= "400"}
        assert errors, (path, method)
        for status in errors:
            schema_ref = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]
            assert schema_ref.endswith("/ErrorModel"), (path, method, status)


def test_slugs_made_by_the_helpers_are_valid() -> None:
    assert len({slug() for _ in range(100)}) == 100


async def test_file_writing_is_forbidden_by_default_and_can_be_allowed(client: httpx.AsyncClient) -> None:
    created = await client.post("/problems", json=problem_body())
    assert created.json()["allowFileWriting"] is False  # the ICPC package format's default
    problem_id = created.json()["id"]
    patched = await client.patch(f"/problems/{problem_id}", json={"allowFileWriting": True})
    assert patched.status_code == 200, patched.text
    assert (await client.get(f"/problems/{problem_id}")).json()["allowFileWriting"] is True
    refused = await client.patch(f"/problems/{problem_id}", json={"allowFileWriting": "sometimes"})
    assert refused.status_code == 422


@pytest.mark.parametrize(
    ("field", "value", "ceiling"),
    [("memoryMb", 4097, 4096), ("wallTimeMs", 120_001, 120000), ("timeMs", 60_001, 60000)],
)
async def test_a_limit_above_what_workers_enforce_is_a_422_naming_the_ceiling(
    client: httpx.AsyncClient, field: str, value: int, ceiling: int
) -> None:
    limits = {"timeMs": 1000, "memoryMb": 64, field: value}
    created = await client.post("/problems", json=problem_body(limits=limits))
    assert created.status_code == 422, created.text
    assert str(ceiling) in created.json()["message"]
    assert created.json()["details"]["max"] == ceiling
    problem_id = (await client.post("/problems", json=problem_body())).json()["id"]
    patched = await client.patch(f"/problems/{problem_id}", json={"limits": limits})
    assert patched.status_code == 422, patched.text
    assert str(ceiling) in patched.json()["message"]

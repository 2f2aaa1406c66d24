"""A problem's interactor through the HTTP API: set on create and PATCH, cleared by an explicit null, its
source shown only to those who may see the checker's source."""

from typing import Any

import httpx

from tests.integration.problems.helpers import assert_error, create_problem, problem_body

INTERACTOR = {
    "protocol": "kattis",
    "language": "python3",
    "source": "import sys\nsys.exit(42)\n",
    "files": [],
    "flags": ["case_sensitive"],
}


async def _contestant(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post("/keys", json={"name": "player", "role": "user", "accountName": "player"})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['key']}"}


async def test_an_interactor_given_on_create_is_returned_whole_to_its_author(
    client: httpx.AsyncClient,
) -> None:
    created = await create_problem(client, interactor=INTERACTOR)
    assert created["interactor"] == INTERACTOR
    fetched = await client.get(f"/problems/{created['id']}")
    assert fetched.json()["interactor"] == INTERACTOR


async def test_a_standard_problem_has_a_null_interactor(client: httpx.AsyncClient) -> None:
    created = await create_problem(client)
    assert created["interactor"] is None


async def test_others_see_that_a_problem_is_interactive_but_not_the_interactors_source(
    client: httpx.AsyncClient,
) -> None:
    created = await create_problem(client, interactor=INTERACTOR, visibility="public")
    seen = await client.get(f"/problems/{created['id']}", headers=await _contestant(client))
    assert seen.status_code == 200, seen.text
    interactor: dict[str, Any] = seen.json()["interactor"]
    assert (interactor["protocol"], interactor["language"]) == ("kattis", "python3")
    assert (interactor["source"], interactor["files"], interactor["flags"]) == ("", [], [])
    assert "sys.exit(42)" not in seen.text


async def test_patch_replaces_the_interactor_and_an_explicit_null_removes_it(
    client: httpx.AsyncClient,
) -> None:
    created = await create_problem(client)
    testlib = {**INTERACTOR, "protocol": "testlib", "flags": []}
    patched = await client.patch(f"/problems/{created['id']}", json={"interactor": testlib})
    assert patched.status_code == 200, patched.text
    assert patched.json()["interactor"] == testlib
    untouched = await client.patch(f"/problems/{created['id']}", json={"title": "Guess"})
    assert untouched.json()["interactor"] == testlib
    cleared = await client.patch(f"/problems/{created['id']}", json={"interactor": None})
    assert cleared.json()["interactor"] is None


async def test_an_interactor_in_an_unknown_language_or_without_source_is_refused(
    client: httpx.AsyncClient,
) -> None:
    unknown = await client.post(
        "/problems",
        json={**(await _body()), "interactor": {**INTERACTOR, "language": "cobol"}},
    )
    assert_error(unknown, 422, "unknown_language")
    empty = await client.post(
        "/problems", json={**(await _body()), "interactor": {**INTERACTOR, "source": " "}}
    )
    assert_error(empty, 422, "invalid_checker")


async def _body() -> dict[str, Any]:
    return problem_body()

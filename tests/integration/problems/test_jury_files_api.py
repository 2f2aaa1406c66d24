"""Custom checkers and interactors given as `files` (a source and its headers) through the HTTP API: kept
whole on create and PATCH, refused when malformed, and carried through a package export and import."""

from typing import Any

import httpx
import pytest

from tests.integration.packages.helpers import imported
from tests.integration.problems.helpers import assert_error, create_problem, problem_body

CHECKER_FILES = [
    {"name": "check.cpp", "content": '#include "testlib.h"\n#include "rules.h"\nint main() {}\n'},
    {"name": "rules.h", "content": "#pragma once\nconst int LIMIT = 30;\n"},
]
INTERACTOR_FILES = [
    {"name": "interact.cpp", "content": '#include "testlib.h"\n#include "protocol.h"\nint main() {}\n'},
    {"name": "protocol.h", "content": "#pragma once\n"},
]
CHECKER = {"type": "custom", "protocol": "testlib", "language": "cpp", "source": "", "files": CHECKER_FILES}
CHECKER["flags"] = []
INTERACTOR = {"protocol": "testlib", "language": "cpp", "source": "", "files": INTERACTOR_FILES, "flags": []}


async def test_checker_and_interactor_files_are_kept_whole_on_create(client: httpx.AsyncClient) -> None:
    created = await create_problem(client, checker=CHECKER, interactor=INTERACTOR)

    assert (created["checker"], created["interactor"]) == (CHECKER, INTERACTOR)
    fetched = (await client.get(f"/problems/{created['id']}")).json()
    assert (fetched["checker"], fetched["interactor"]) == (CHECKER, INTERACTOR)


async def test_patch_replaces_a_source_by_files_and_files_by_a_source(client: httpx.AsyncClient) -> None:
    created = await create_problem(client)
    patched = await client.patch(
        f"/problems/{created['id']}", json={"checker": CHECKER, "interactor": INTERACTOR}
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["checker"], patched.json()["interactor"]) == (CHECKER, INTERACTOR)

    single = {**INTERACTOR, "source": "int main() {}\n", "files": []}
    again = await client.patch(f"/problems/{created['id']}", json={"interactor": single})
    assert again.status_code == 200, again.text
    assert again.json()["interactor"] == single
    assert again.json()["checker"] == CHECKER


def _with_files(files: list[dict[str, str]], **changes: Any) -> dict[str, Any]:
    return {**CHECKER, "files": files, **changes}


@pytest.mark.parametrize(
    ("checker", "status", "code"),
    [
        (_with_files(CHECKER_FILES, source="int main() {}"), 422, "invalid_checker"),
        (_with_files([CHECKER_FILES[0], CHECKER_FILES[0]]), 422, "invalid_checker"),
        (_with_files([{"name": "../rules.h", "content": "x"}]), 422, "invalid_checker"),
        (_with_files([{"name": "include/rules.h", "content": "x"}]), 422, "invalid_checker"),
        (_with_files([{"name": ".hidden.h", "content": "x"}]), 422, "invalid_checker"),
        (_with_files([{"name": "check.cpp", "content": "  \n"}]), 422, "invalid_checker"),
        (_with_files([{"name": "check.cpp", "content": "a\u0000b"}]), 422, "validation_error"),
        (_with_files([{"name": "check.cpp", "content": "x" * (1024 * 1024 + 1)}]), 413, "too_large"),
        (_with_files([{"name": "check.cpp"}]), 422, "validation_error"),
        (_with_files("check.cpp"), 422, "validation_error"),  # type: ignore[arg-type]
    ],
    ids=[
        "source-and-files",
        "duplicate-names",
        "parent-directory",
        "subdirectory",
        "hidden-name",
        "only-blank-content",
        "nul",
        "over-a-mebibyte",
        "no-content",
        "not-a-list",
    ],
)
async def test_malformed_checker_or_interactor_files_are_refused_and_nothing_is_created(
    client: httpx.AsyncClient, checker: dict[str, Any], status: int, code: str
) -> None:
    before = (await client.get("/problems", params={"limit": 1})).json()["total"]
    for body in (
        problem_body(checker=checker),
        problem_body(interactor={key: value for key, value in checker.items() if key != "type"}),
    ):
        assert_error(await client.post("/problems", json=body), status, code)
    created = await create_problem(client)
    patched = await client.patch(f"/problems/{created['id']}", json={"checker": checker})
    assert_error(patched, status, code)
    assert (await client.get(f"/problems/{created['id']}")).json()["checker"]["type"] == "tokens"
    assert (await client.get("/problems", params={"limit": 1})).json()["total"] == before + 1


async def test_a_kattis_validator_given_as_files_survives_package_export_and_import(
    client: httpx.AsyncClient,
) -> None:
    validator = {
        "type": "custom",
        "protocol": "kattis",
        "language": "cpp",
        "source": "",
        "files": [
            {"name": "validate.cc", "content": '#include "validate.h"\nint main() { return accept(); }\n'},
            {"name": "validate.h", "content": "#pragma once\ninline int accept() { return 42; }\n"},
        ],
        "flags": [],
    }
    created = await create_problem(client, checker=validator)
    added = await client.post(
        f"/problems/{created['id']}/tests", json={"name": "1", "input": "1\n", "answer": "1\n"}
    )
    assert added.status_code == 201, added.text
    exported = await client.get(f"/problems/{created['id']}/package")
    assert exported.status_code == 200, exported.text

    again = await imported(client, exported.content, verify=False)

    assert again["checker"] == validator


async def test_a_testlib_interactor_and_its_testlib_checker_both_survive_export_and_import(
    client: httpx.AsyncClient,
) -> None:
    """The Polygon flow: the package format has one validator slot (the interactor); the checker of its
    output file travels beside it."""
    created = await create_problem(client, checker=CHECKER, interactor=INTERACTOR)
    added = await client.post(
        f"/problems/{created['id']}/tests", json={"name": "1", "input": "5\n", "answer": "5\n"}
    )
    assert added.status_code == 201, added.text
    exported = await client.get(f"/problems/{created['id']}/package")
    assert exported.status_code == 200, exported.text

    again = await imported(client, exported.content, verify=False)

    assert (again["checker"], again["interactor"]) == (CHECKER, INTERACTOR)

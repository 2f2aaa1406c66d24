import io
import uuid
import zipfile
from typing import Any

import asyncpg
import httpx
import pytest

from domain.packages.entities import JURY_ACCOUNT_ID
from infrastructure.config import Settings
from tests.bootstrap import api_client, bootstrap_container
from tests.fakes import FakeClock
from tests.integration.packages.helpers import import_zip, imported, new_key, row_counts, slug
from tests.package_builder import minimal, real_package, zip_entries


async def test_a_real_legacy_package_with_a_custom_validator_and_header(client: httpx.AsyncClient) -> None:
    body = await imported(client, real_package("different"))

    assert body["title"] == "A Different Problem"
    assert body["statementFormat"] == "latex"
    checker = body["checker"]
    assert (checker["type"], checker["protocol"], checker["language"]) == ("custom", "kattis", "cpp")
    assert [file["name"] for file in checker["files"]] == ["validate.cc", "validate.h"]
    assert body["testCount"] == 3
    assert body["verification"] == {"state": "calibrating", "total": 11}
    assert any("scala" in warning for warning in body["warnings"])

    tests = (await client.get(f"/problems/{body['id']}/tests")).json()["items"]
    assert [(test["name"], test["sample"]) for test in tests] == [
        ("sample.1", True),
        ("secret.01", False),
        ("secret.02_extreme_cases", False),
    ]
    report = (await client.get(f"/problems/{body['id']}/verification")).json()
    assert (report["state"], report["total"], report["timeLimitSource"]) == ("running", 11, "calibrating")
    waiting = [result for result in report["results"] if result["status"] == "waiting"]
    assert {result["path"] for result in waiting} == {
        "slow_accepted/different_slow.py",
        "time_limit_exceeded/different_linear_search.cc",
        "wrong_answer/different_int.cc",
        "wrong_answer/different_no_abs.cc",
    }
    skipped = {item["path"]: item["reason"] for item in report["skipped"]}
    assert skipped["accepted/Different.scala"] == "language scala is not run by this judge"
    assert "python2" in skipped["accepted/different_py2.py"]


async def test_a_real_scoring_package_zipped_in_its_directory_with_links_and_an_image(
    client: httpx.AsyncClient,
) -> None:
    response = await import_zip(client, real_package("oddecho", top_directory=True), slug=None)
    assert response.status_code == 201, response.text
    body = response.json()

    assert body["slug"] == "oddecho"  # the package's directory
    assert body["type"] == "scoring"
    assert body["groups"] == [
        {"name": "sample", "points": 0.0},
        {"name": "subtask1", "points": 50.0},
        {"name": "subtask2", "points": 50.0},
    ]
    tests = {
        test["name"]: test for test in (await client.get(f"/problems/{body['id']}/tests")).json()["items"]
    }
    assert len(tests) == 18
    # subtask2/1.in is a link to subtask1/1.in in the package
    assert tests["secret.subtask2.1"]["inputSha256"] == tests["secret.subtask1.1"]["inputSha256"]
    assert tests["secret.subtask2.1"]["group"] == "subtask2"


async def test_the_options_and_a_raw_zip_body(client: httpx.AsyncClient) -> None:
    chosen = slug()
    response = await client.post(
        "/problems/import",
        params={"slug": chosen, "visibility": "public", "verify": "false"},
        content=zip_entries(minimal({".timelimit": "2\n"})),
        headers={"content-type": "application/zip"},
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["slug"], body["visibility"], body["limits"]["timeMs"]) == (chosen, "public", 2000)
    assert body["verification"] == {"state": "skipped", "total": 0}
    report = (await client.get(f"/problems/{body['id']}/verification")).json()
    assert (report["state"], report["total"]) == ("skipped", 0)
    assert {item["reason"] for item in report["skipped"]} == {"verify was off"}


async def test_form_fields_carry_the_options_too(client: httpx.AsyncClient) -> None:
    chosen = slug()
    response = await client.post(
        "/problems/import",
        data={"slug": chosen, "verify": "no"},
        files={"package": ("sum.zip", zip_entries(minimal()), "application/zip")},
    )

    assert response.status_code == 201, response.text
    assert response.json()["slug"] == chosen
    assert response.json()["verification"]["state"] == "skipped"


def _not_a_zip() -> bytes:
    return b"PK\x03\x04 this is not really a zip"


SUM = "a, b = map(int, input().split())\nprint(a + b)\n"
BAD_PACKAGES: dict[str, tuple[bytes, str, str | None]] = {
    "not-a-zip": (_not_a_zip(), "(upload)", None),
    "no-problem-yaml": (zip_entries(minimal({"problem.yaml": None})), "problem.yaml", None),
    "bad-yaml": (zip_entries(minimal({"problem.yaml": "name: [oops\n"})), "problem.yaml", None),
    "unknown-validation": (
        zip_entries(minimal({"problem.yaml": "name: X\nvalidation: fancy\n"})),
        "problem.yaml",
        "validation",
    ),
    "no-secret-data": (
        zip_entries({k: v for k, v in minimal().items() if not k.startswith("data/secret/")}),
        "data/secret",
        None,
    ),
    "in-without-ans": (zip_entries(minimal({"data/secret/2.ans": None})), "data/secret/2.in", "ans"),
    "validator-language": (
        zip_entries(
            minimal(
                {
                    "problem.yaml": "name: X\nvalidation: custom\n",
                    "output_validators/v/check.go": "package main\n",
                }
            )
        ),
        "output_validators/v",
        "language",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_PACKAGES))
async def test_bad_packages_are_refused_naming_the_file_and_nothing_is_created(
    client: httpx.AsyncClient, database_url: str, case: str
) -> None:
    archive, file, field = BAD_PACKAGES[case]
    before = await row_counts(database_url)

    response = await import_zip(client, archive)

    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "invalid_package"
    assert body["details"]["file"] == file
    if field is not None:
        assert body["details"]["field"] == field
    assert await row_counts(database_url) == before


async def test_an_interactive_package_becomes_a_problem_with_its_validator_as_kattis_interactor(
    client: httpx.AsyncClient,
) -> None:
    response = await import_zip(client, real_package("guess"), params={"verify": "false"})

    assert response.status_code == 201, response.text
    problem = (await client.get(f"/problems/{response.json()['id']}")).json()
    interactor = problem["interactor"]
    assert (interactor["protocol"], interactor["language"]) == ("kattis", "cpp")
    assert {file["name"] for file in interactor["files"]} == {"validate.cc", "validate.h"}


async def test_an_interactive_package_without_its_interactor_is_refused(
    client: httpx.AsyncClient, database_url: str
) -> None:
    before = await row_counts(database_url)
    archive = zip_entries(
        minimal(
            {"problem.yaml": "problem_format_version: 2023-07-draft\nname: A plus B\ntype: interactive\n"}
        )
    )

    response = await import_zip(client, archive)

    assert response.status_code == 422, response.text
    assert response.json()["code"] == "interactive_not_supported"
    assert response.json()["details"] == {"file": "problem.yaml", "field": "type"}
    assert await row_counts(database_url) == before


async def test_a_failure_after_the_problem_was_written_leaves_nothing(
    client: httpx.AsyncClient, database_url: str
) -> None:
    """`statement/a.png` comes both from the statement and as a stray file: the second write fails after
    the problem and its tests were written, and the whole import is rolled back."""
    archive = zip_entries(minimal({"problem_statement/a.png": b"png", "statement/a.png": b"png"}))
    before = await row_counts(database_url)

    response = await import_zip(client, archive)

    assert response.status_code == 422, response.text
    assert "statement/a.png" in response.json()["message"]
    assert await row_counts(database_url) == before


async def test_a_taken_slug_is_a_conflict(client: httpx.AsyncClient) -> None:
    chosen = slug()
    await imported(client, zip_entries(minimal()), slug=chosen, verify=False)

    response = await import_zip(client, zip_entries(minimal()), slug=chosen)

    assert (response.status_code, response.json()["code"]) == (409, "slug_taken")


async def test_the_body_must_be_a_zip_or_a_form(client: httpx.AsyncClient) -> None:
    response = await client.post("/problems/import", json={"package": "x"})

    assert response.status_code == 422
    assert response.json()["details"]["field"] == "content-type"


async def test_a_binary_body_sent_to_a_json_route_is_refused_not_a_server_error(
    client: httpx.AsyncClient,
) -> None:
    """Found by the API fuzzer: PATCH /problems/import reaches PATCH /problems/{id} with a zip body."""
    part = b'Content-Disposition: form-data; name="package"; filename="p.zip"'
    body = b"--b\r\n" + part + b"\r\n\r\n\x89PK\xff\r\n--b--\r\n"

    response = await client.patch(
        "/problems/import", content=body, headers={"content-type": "multipart/form-data; boundary=b"}
    )

    assert (response.status_code, response.json()["code"]) == (422, "validation_error")


async def test_a_form_without_the_package_field(client: httpx.AsyncClient) -> None:
    response = await client.post("/problems/import", files={"archive": ("a.zip", b"x", "application/zip")})

    assert (response.status_code, response.json()["details"]["field"]) == (422, "package")


async def _problem_snapshot(client: httpx.AsyncClient, problem_id: str) -> dict[str, Any]:
    problem = (await client.get(f"/problems/{problem_id}")).json()
    tests = (await client.get(f"/problems/{problem_id}/tests")).json()["items"]
    files = (await client.get(f"/problems/{problem_id}/files")).json()
    report = (await client.get(f"/problems/{problem_id}/verification")).json()
    keep = ["title", "statement", "statementFormat", "type", "limits", "checker", "interactor", "groups"]
    keep.append("testCount")
    return {
        "problem": {key: problem[key] for key in keep},
        "tests": [
            (t["index"], t["name"], t["group"], t["sample"], t["inputSha256"], t["answerSha256"])
            for t in tests
        ],
        "files": [(f["path"], f["kind"], f["sha256"]) for f in files],
        "jury": sorted((r["path"], r["language"], tuple(r["expected"])) for r in report["results"]),
        "skipped": sorted((s["path"], s["reason"]) for s in report["skipped"]),
    }


@pytest.mark.parametrize("name", ["different", "oddecho", "guess"])
async def test_import_export_import_gives_an_equal_problem(client: httpx.AsyncClient, name: str) -> None:
    first = await imported(client, real_package(name))
    exported = await client.get(f"/problems/{first['id']}/package")
    assert exported.status_code == 200
    assert exported.headers["content-type"] == "application/zip"
    assert (
        zipfile.ZipFile(io.BytesIO(exported.content))
        .read("problem.yaml")
        .startswith(b"problem_format_version")
    )

    second = await imported(client, exported.content)

    first_view = await _problem_snapshot(client, first["id"])
    second_view = await _problem_snapshot(client, second["id"])
    # the first import computes its time limit later; the export carries the limit the problem has now
    assert second_view == first_view


async def test_a_testlib_interactor_survives_export_and_import(client: httpx.AsyncClient) -> None:
    interactor = {"protocol": "testlib", "language": "python3", "source": "import sys\nsys.exit(0)\n"}
    body = {
        "slug": slug(),
        "title": "Guess",
        "type": "pass-fail",
        "limits": {"timeMs": 1000, "memoryMb": 256},
        "checker": {"type": "tokens"},
        "interactor": interactor,
    }
    created = await client.post("/problems", json=body)
    assert created.status_code == 201, created.text
    test = {"name": "1", "input": "5\n", "answer": "5\n"}
    added = await client.post(f"/problems/{created.json()['id']}/tests", json=test)
    assert added.status_code == 201, added.text
    exported = await client.get(f"/problems/{created.json()['id']}/package")
    assert exported.status_code == 200, exported.text

    second = await imported(client, exported.content, verify=False)

    again = (await client.get(f"/problems/{second['id']}")).json()["interactor"]
    assert (again["protocol"], again["language"]) == ("testlib", "python3")
    assert again["files"] or again["source"] == interactor["source"]


async def test_jury_submissions_count_against_no_rate_limit(settings: Settings, clock: FakeClock) -> None:
    limits = {"rate_author_queued": 1, "rate_author_per_minute": 2}
    container = bootstrap_container(settings.model_copy(update=limits), clock)
    package = zip_entries(minimal({f"submissions/accepted/copy{i}.py": SUM for i in range(3)}))
    async with api_client(container, base_url="http://test/api/v1") as client:
        author = await new_key(client, "author")
        body = await imported(client, package, headers=author, visibility="public")
        assert body["verification"] == {"state": "calibrating", "total": 5}
        submit = {"problemId": body["id"], "language": "python3", "source": SUM}

        first = await client.post("/submissions", json=submit, headers=author)
        second = await client.post("/submissions", json=submit, headers=author)

    await container.close()
    assert first.status_code == 201, first.text  # 4 jury submissions queued count for nothing
    assert (second.status_code, second.json()["code"]) == (429, "rate_limited")  # the limit is on


async def test_only_managers_see_jury_submissions(client: httpx.AsyncClient, database_url: str) -> None:
    author = await new_key(client, "author")
    body = await imported(client, zip_entries(minimal()), headers=author)
    problem_id = body["id"]

    listed = await client.get("/submissions", params={"problemId": problem_id}, headers=author)
    assert len(listed.json()["items"]) == 1  # the accepted one; the wrong answer waits for the time limit
    connection = await asyncpg.connect(database_url)
    try:
        owner = await connection.fetchval(
            "SELECT owner_id FROM submissions WHERE id = $1", uuid.UUID(listed.json()["items"][0]["id"])
        )
    finally:
        await connection.close()
    assert owner == JURY_ACCOUNT_ID
    user = await new_key(client, "user")
    assert (await client.get(f"/problems/{problem_id}/verification", headers=user)).status_code == 404
    await client.patch(f"/problems/{problem_id}", json={"visibility": "public"}, headers=author)
    assert (await client.get(f"/problems/{problem_id}/verification", headers=user)).status_code == 403
    assert (await client.get("/submissions", params={"problemId": problem_id}, headers=user)).json()[
        "items"
    ] == []
    jury_submission = listed.json()["items"][0]
    assert (await client.get(f"/submissions/{jury_submission['id']}", headers=user)).status_code == 404


async def test_jury_sources_in_any_encoding_are_kept_and_exported_as_their_bytes(
    client: httpx.AsyncClient,
) -> None:
    legacy = "// комментарий\n".encode("cp1251") + b"int main() { return 0; }\n"
    with_nul = b"a, b = map(int, input().split())\nprint(a - b)\n# \0\n"
    package = zip_entries(
        minimal({"submissions/accepted/legacy.cpp": legacy, "submissions/wrong_answer/nul.py": with_nul})
    )
    body = await imported(client, package, verify=False)
    report = (await client.get(f"/problems/{body['id']}/verification")).json()
    reasons = {item["path"]: item["reason"] for item in report["skipped"]}
    # kept to be judged as they are: only verification being off keeps them from running
    assert reasons["accepted/legacy.cpp"] == reasons["wrong_answer/nul.py"] == "verify was off"

    exported = await client.get(f"/problems/{body['id']}/package")

    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    assert archive.read("submissions/accepted/legacy.cpp") == legacy
    assert archive.read("submissions/wrong_answer/nul.py") == with_nul

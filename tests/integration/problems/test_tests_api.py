import asyncio
import base64
import hashlib
import stat
import uuid
import zipfile
from typing import Any

import httpx
import pytest
from dishka import AsyncContainer
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from infrastructure.archives.zip_reader import RATIO_FREE_BYTES
from infrastructure.database.repositories.problems.models import ProblemTestModel
from tests.integration.problems.helpers import (
    Entry,
    assert_error,
    create_problem,
    listed_names,
    make_zip,
    upload,
)


async def _add(client: httpx.AsyncClient, problem_id: str, **body: Any) -> httpx.Response:
    return await client.post(f"/problems/{problem_id}/tests", json=body)


async def _test_count(client: httpx.AsyncClient, problem_id: str) -> int:
    count: int = (await client.get(f"/problems/{problem_id}")).json()["testCount"]
    return count


async def _stored_rows(container: AsyncContainer, problem_id: str) -> int:
    async with container() as request:
        session = await request.get(AsyncSession)
        count = await session.scalar(
            select(func.count()).where(ProblemTestModel.problem_id == uuid.UUID(problem_id))
        )
    return int(count or 0)


async def test_text_test_is_stored_and_returned_as_text(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    response = await _add(client, problem["id"], input="1 2\n", answer="3\n")
    assert response.status_code == 201, response.text
    added = response.json()
    assert {key: added[key] for key in ("problemId", "index", "name", "group", "sample")} == {
        "problemId": problem["id"],
        "index": 1,
        "name": "1",
        "group": "default",
        "sample": False,
    }
    assert (added["inputSize"], added["answerSize"]) == (4, 2)
    assert added["inputSha256"] == hashlib.sha256(b"1 2\n").hexdigest()
    assert added["answerSha256"] == hashlib.sha256(b"3\n").hexdigest()

    fetched = (await client.get(f"/problems/{problem['id']}/tests/{added['id']}")).json()
    assert {key: fetched[key] for key in added} == added
    assert (fetched["input"], fetched["answer"]) == ("1 2\n", "3\n")
    assert (fetched["inputBase64"], fetched["answerBase64"]) == (None, None)
    assert await _test_count(client, problem["id"]) == 1


async def test_binary_test_uploaded_as_base64_comes_back_as_base64(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    binary = bytes(range(256))
    response = await _add(
        client, problem["id"], name="bin", inputBase64=base64.b64encode(binary).decode(), answer="ok"
    )
    assert response.status_code == 201, response.text
    fetched = (await client.get(f"/problems/{problem['id']}/tests/{response.json()['id']}")).json()
    assert fetched["input"] is None
    assert base64.b64decode(fetched["inputBase64"]) == binary
    assert (fetched["answer"], fetched["answerBase64"]) == ("ok", None)
    assert fetched["inputSize"] == 256


async def test_names_default_to_the_next_number_and_tests_list_in_natural_order(
    client: httpx.AsyncClient,
) -> None:
    problem = await create_problem(client)
    for name in (None, "10", None, "2"):
        body = {"input": "", "answer": ""} | ({"name": name} if name else {})
        assert (await _add(client, problem["id"], **body)).status_code == 201
    listed = (await client.get(f"/problems/{problem['id']}/tests")).json()["items"]
    assert [(test["index"], test["name"]) for test in listed] == [(1, "1"), (2, "2"), (3, "10"), (4, "11")]
    assert all("input" not in test and "inputBase64" not in test for test in listed)


@pytest.mark.parametrize(
    "body",
    [
        {"input": "1", "inputBase64": "MQ==", "answer": "1"},
        {"answer": "1"},
        {"input": "1"},
        {"input": "1", "answerBase64": "not base64!"},
    ],
)
async def test_test_body_needs_exactly_one_form_of_each_part(
    client: httpx.AsyncClient, body: dict[str, str]
) -> None:
    problem = await create_problem(client)
    assert_error(await _add(client, problem["id"], **body), 422, "validation_error")
    assert await listed_names(client, problem["id"]) == []


async def test_test_in_an_undeclared_group_is_a_422(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client, type="scoring", groups=[{"name": "main", "points": 100}])
    assert_error(await _add(client, problem["id"], input="", answer=""), 422, "invalid_test")
    assert_error(await _add(client, problem["id"], input="", answer="", group="x"), 422, "invalid_test")
    response = await _add(client, problem["id"], input="", answer="", group="main", sample=True)
    assert (response.json()["group"], response.json()["sample"]) == ("main", True)


async def test_duplicate_test_name_is_a_409(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    await _add(client, problem["id"], name="a", input="", answer="")
    assert_error(await _add(client, problem["id"], name="a", input="", answer=""), 409, "test_name_taken")
    assert await _test_count(client, problem["id"]) == 1


async def test_tests_of_an_unknown_problem_are_a_404(client: httpx.AsyncClient) -> None:
    unknown = uuid.uuid4()
    assert_error(await _add(client, str(unknown), input="", answer=""), 404, "problem_not_found")
    assert_error(await client.get(f"/problems/{unknown}/tests"), 404, "problem_not_found")
    assert_error(
        await upload(client, str(unknown), make_zip(("1.in", b""), ("1.ans", b""))), 404, "problem_not_found"
    )


async def test_deleting_a_test_lowers_the_count_and_a_second_delete_is_a_404(
    client: httpx.AsyncClient,
) -> None:
    problem = await create_problem(client)
    first = (await _add(client, problem["id"], input="", answer="")).json()
    await _add(client, problem["id"], input="", answer="")
    response = await client.delete(f"/problems/{problem['id']}/tests/{first['id']}")
    assert response.status_code == 204
    assert await listed_names(client, problem["id"]) == ["2"]
    assert await _test_count(client, problem["id"]) == 1
    again = await client.delete(f"/problems/{problem['id']}/tests/{first['id']}")
    assert_error(again, 404, "test_not_found")
    assert_error(await client.get(f"/problems/{problem['id']}/tests/{first['id']}"), 404, "test_not_found")


async def test_test_of_another_problem_is_not_found_through_this_one(client: httpx.AsyncClient) -> None:
    mine, other = await create_problem(client), await create_problem(client)
    theirs = (await _add(client, other["id"], input="", answer="")).json()
    assert_error(await client.get(f"/problems/{mine['id']}/tests/{theirs['id']}"), 404, "test_not_found")
    assert_error(await client.delete(f"/problems/{mine['id']}/tests/{theirs['id']}"), 404, "test_not_found")
    assert await listed_names(client, other["id"]) == ["1"]


async def test_concurrent_uploads_to_one_problem_get_distinct_names_and_an_exact_count(
    client: httpx.AsyncClient,
) -> None:
    problem = await create_problem(client)
    responses = await asyncio.gather(*(_add(client, problem["id"], input="", answer="") for _ in range(8)))
    assert [response.status_code for response in responses] == [201] * 8
    assert await listed_names(client, problem["id"]) == [str(number) for number in range(1, 9)]
    assert await _test_count(client, problem["id"]) == 8


# --- archives ---------------------------------------------------------------------------------------------


async def test_archive_adds_groups_and_samples_in_natural_order(client: httpx.AsyncClient) -> None:
    groups = [{"name": "sample", "points": 0}, {"name": "easy", "points": 40}, {"name": "hard", "points": 60}]
    problem = await create_problem(client, type="scoring", groups=groups)
    archive = make_zip(
        ("hard/10.in", b"10\n"),
        ("hard/10.ans", b"100\n"),
        ("easy/2.in", b"2\n"),
        ("easy/2.out", b"4\n"),
        ("sample/", b""),
        ("sample/1.in", b"1\n"),
        ("sample/1.ans", b"1\n"),
        ("easy/3.in", b"3\n"),
        ("easy/3.ans", b"9\n"),
    )
    response = await upload(client, problem["id"], archive)
    assert response.status_code == 201, response.text
    expected = [
        (1, "1", "sample", True),
        (2, "2", "easy", False),
        (3, "3", "easy", False),
        (4, "10", "hard", False),
    ]
    assert [(t["index"], t["name"], t["group"], t["sample"]) for t in response.json()] == expected
    listed = (await client.get(f"/problems/{problem['id']}/tests")).json()["items"]
    assert [(t["index"], t["name"], t["group"], t["sample"]) for t in listed] == expected
    ten = (await client.get(f"/problems/{problem['id']}/tests/{listed[3]['id']}")).json()
    assert (ten["input"], ten["answer"]) == ("10\n", "100\n")
    assert await _test_count(client, problem["id"]) == 4


async def test_archive_samples_go_to_the_default_group_unless_sample_is_declared(
    client: httpx.AsyncClient,
) -> None:
    problem = await create_problem(client)
    archive = make_zip(("1.in", b""), ("1.ans", b""), ("sample/s1.in", b""), ("sample/s1.ans", b""))
    added = (await upload(client, problem["id"], archive)).json()
    assert [(t["name"], t["group"], t["sample"]) for t in added] == [
        ("1", "default", False),
        ("s1", "default", True),
    ]


async def test_archive_name_clashing_with_an_existing_test_is_a_409_and_adds_nothing(
    client: httpx.AsyncClient,
) -> None:
    problem = await create_problem(client)
    await _add(client, problem["id"], name="2", input="", answer="")
    archive = make_zip(("1.in", b""), ("1.ans", b""), ("2.in", b""), ("2.ans", b""))
    assert_error(await upload(client, problem["id"], archive), 409, "test_name_taken")
    assert await listed_names(client, problem["id"]) == ["2"]


async def test_archive_in_an_undeclared_group_is_a_422_and_adds_nothing(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    archive = make_zip(("1.in", b""), ("1.ans", b""), ("extra/2.in", b""), ("extra/2.ans", b""))
    assert_error(await upload(client, problem["id"], archive), 422, "invalid_test")
    assert await listed_names(client, problem["id"]) == []


def _link(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name)
    entry.external_attr = (stat.S_IFLNK | 0o777) << 16
    return entry


PAIR: list[Entry] = [("1.in", b"1"), ("1.ans", b"1")]
HOSTILE: dict[str, tuple[bytes, int, str]] = {
    "zip slip": (make_zip(*PAIR, ("../2.in", b"x"), ("../2.ans", b"x")), 422, "invalid_archive"),
    "absolute path": (make_zip(*PAIR, ("/tmp/2.in", b"x"), ("/tmp/2.ans", b"x")), 422, "invalid_archive"),
    "symlink": (make_zip(*PAIR, (_link("2.in"), b"/etc/passwd"), ("2.ans", b"x")), 422, "invalid_archive"),
    "unpaired": (make_zip(*PAIR, ("2.in", b"x")), 422, "invalid_archive"),
    "duplicate name": (
        make_zip(*PAIR, ("sample/1.in", b"x"), ("sample/1.ans", b"x")),
        422,
        "invalid_archive",
    ),
    "unknown file": (make_zip(*PAIR, ("notes.txt", b"x")), 422, "invalid_archive"),
    "not a zip": (b"these are not the bytes you are looking for", 422, "invalid_archive"),
    "empty": (make_zip(), 422, "invalid_archive"),
    "too many entries": (
        make_zip(*((f"{i}.{kind}", b"") for i in range(5001) for kind in ("in", "ans"))),
        422,
        "invalid_archive",
    ),
    "bomb": (make_zip(*PAIR, ("2.in", bytes(RATIO_FREE_BYTES * 8)), ("2.ans", b"")), 413, "too_large"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
async def test_hostile_archive_is_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, container: AsyncContainer, kind: str
) -> None:
    archive, status, code = HOSTILE[kind]
    problem = await create_problem(client)
    assert_error(await upload(client, problem["id"], archive), status, code)
    assert await listed_names(client, problem["id"]) == []
    assert await _test_count(client, problem["id"]) == 0
    assert await _stored_rows(container, problem["id"]) == 0


async def test_archive_without_the_archive_field_is_a_422(client: httpx.AsyncClient) -> None:
    problem = await create_problem(client)
    response = await client.post(f"/problems/{problem['id']}/tests/archive", files={"other": ("a.zip", b"")})
    assert_error(response, 422, "invalid_archive")


# --- size limits (1000 bytes a file, 2500 a problem) ------------------------------------------------------


async def test_test_over_the_per_test_limit_is_a_413(small_client: httpx.AsyncClient) -> None:
    problem = await create_problem(small_client)
    response = await _add(small_client, problem["id"], input="x" * 1001, answer="")
    assert assert_error(response, 413, "too_large")["details"]["limit"] == 1000
    assert_error(await _add(small_client, problem["id"], input="", answer="y" * 1001), 413, "too_large")
    assert (await _add(small_client, problem["id"], input="x" * 1000, answer="y" * 1000)).status_code == 201


async def test_tests_over_the_per_problem_limit_are_a_413(small_client: httpx.AsyncClient) -> None:
    problem = await create_problem(small_client)
    for _ in range(2):
        assert (
            await _add(small_client, problem["id"], input="x" * 1000, answer="y" * 200)
        ).status_code == 201
    assert_error(await _add(small_client, problem["id"], input="x" * 101, answer=""), 413, "too_large")
    assert (await _add(small_client, problem["id"], input="x" * 100, answer="")).status_code == 201
    assert await _test_count(small_client, problem["id"]) == 3


async def test_archive_file_over_the_per_test_limit_is_a_413(small_client: httpx.AsyncClient) -> None:
    problem = await create_problem(small_client)
    archive = make_zip(("1.in", b"x" * 1001), ("1.ans", b""))
    assert_error(await upload(small_client, problem["id"], archive), 413, "too_large")
    assert await listed_names(small_client, problem["id"]) == []


async def test_archive_over_what_is_left_of_the_problem_limit_is_a_413(
    small_client: httpx.AsyncClient,
) -> None:
    problem = await create_problem(small_client)
    await _add(small_client, problem["id"], name="0", input="x" * 1000, answer="")
    archive = make_zip(*((f"{i}.{kind}", bytes([65 + i]) * 400) for i in range(2) for kind in ("in", "ans")))
    assert_error(await upload(small_client, problem["id"], archive), 413, "too_large")
    assert await listed_names(small_client, problem["id"]) == ["0"]

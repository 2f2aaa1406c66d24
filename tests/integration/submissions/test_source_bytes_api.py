"""Sources are bytes on the API: `source`/`sourceBase64` and `content`/`contentBase64`, exactly one of each
pair; answers give text when the bytes are UTF-8, base64 otherwise. The server never judges an encoding."""

import base64
import json

import httpx
import pytest

from infrastructure.config import Settings
from tests.integration.submissions.helpers import create_problem

CP1251 = "// комментарий\nint main() { return 0; }\n".encode("cp1251")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


async def submit(client: httpx.AsyncClient, **body: object) -> httpx.Response:
    problem = await create_problem(client)
    return await client.post("/api/v1/submissions", json={"problemId": problem, "language": "cpp", **body})


async def test_a_non_utf8_source_is_stored_as_its_bytes_and_read_back_as_base64(
    client: httpx.AsyncClient,
) -> None:
    created = await submit(client, sourceBase64=b64(CP1251))

    assert created.status_code == 201, created.text
    fetched = (await client.get(f"/api/v1/submissions/{created.json()['id']}")).json()
    assert fetched["files"] == [{"name": "main.cpp", "content": None, "contentBase64": b64(CP1251)}]


async def test_utf8_bytes_sent_as_base64_are_read_back_as_text(client: httpx.AsyncClient) -> None:
    created = await submit(client, sourceBase64=b64("// ok ✓\n".encode()))

    assert created.json()["files"] == [{"name": "main.cpp", "content": "// ok ✓\n", "contentBase64": None}]


async def test_nul_bytes_are_accepted_as_text_or_base64_and_left_to_the_compiler(
    client: httpx.AsyncClient,
) -> None:
    as_text = await submit(client, source="int main() {}\u0000\n")
    as_files = await submit(
        client, language="c", files=[{"name": "main.c", "contentBase64": b64(b"int main() {}\0\n")}]
    )

    assert as_text.status_code == 201, as_text.text
    assert as_text.json()["files"][0]["content"] == "int main() {}\u0000\n"
    assert as_files.status_code == 201, as_files.text
    assert as_files.json()["files"] == [
        {"name": "main.c", "content": "int main() {}\u0000\n", "contentBase64": None}
    ]


async def test_files_mix_text_and_base64_per_file_and_keep_their_order(client: httpx.AsyncClient) -> None:
    created = await submit(
        client,
        files=[
            {"name": "main.cpp", "content": '#include "legacy.h"\nint main() {}\n'},
            {"name": "legacy.h", "contentBase64": b64(CP1251)},
        ],
    )

    assert created.status_code == 201, created.text
    assert created.json()["files"] == [
        {"name": "main.cpp", "content": '#include "legacy.h"\nint main() {}\n', "contentBase64": None},
        {"name": "legacy.h", "content": None, "contentBase64": b64(CP1251)},
    ]


@pytest.mark.parametrize(
    ("body", "given"),
    [
        ({"source": "x", "sourceBase64": "eA=="}, ["source", "sourceBase64"]),
        ({"sourceBase64": "eA==", "files": [{"name": "a.cpp", "content": "x"}]}, ["sourceBase64", "files"]),
        ({}, []),
        ({"source": None, "sourceBase64": None}, []),
    ],
)
async def test_not_exactly_one_of_source_source_base64_and_files_is_ambiguous_source(
    client: httpx.AsyncClient, body: dict[str, object], given: list[str]
) -> None:
    response = await submit(client, **body)

    assert response.status_code == 422
    assert response.json()["code"] == "ambiguous_source"
    assert response.json()["details"]["given"] == given


@pytest.mark.parametrize(
    ("file", "given"),
    [
        ({"name": "a.cpp", "content": "x", "contentBase64": "eA=="}, ["content", "contentBase64"]),
        ({"name": "a.cpp"}, []),
    ],
)
async def test_a_file_without_exactly_one_of_content_and_content_base64_is_ambiguous_content(
    client: httpx.AsyncClient, file: dict[str, str], given: list[str]
) -> None:
    response = await submit(client, files=[file])

    assert response.status_code == 422
    assert response.json()["code"] == "ambiguous_content"
    assert response.json()["details"] == {"field": "content", "given": given}


@pytest.mark.parametrize("encoded", ["not base64!", "eA", "eA==\n", "-_-_", "e A=="])
async def test_malformed_base64_is_invalid_base64_for_sources_and_files(
    client: httpx.AsyncClient, encoded: str
) -> None:
    single = await submit(client, sourceBase64=encoded)
    in_files = await submit(client, files=[{"name": "a.cpp", "contentBase64": encoded}])

    for response, field in ((single, "source"), (in_files, "content")):
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "invalid_base64"
        assert response.json()["details"] == {"field": field}


async def test_the_size_limit_counts_decoded_bytes(client: httpx.AsyncClient, settings: Settings) -> None:
    limit = settings.submission_max_bytes
    at_limit = await submit(client, sourceBase64=b64(b"\xff" * limit))
    over = await submit(client, sourceBase64=b64(b"\xff" * (limit + 1)))

    assert at_limit.status_code == 201, at_limit.text
    assert over.status_code == 413
    assert over.json()["details"] == {"size": limit + 1, "limit": limit}


@pytest.mark.parametrize(
    "body", [{"sourceBase64": 5}, {"source": "\ud800"}, {"files": [{"name": "a", "contentBase64": []}]}]
)
async def test_wrong_types_and_lone_surrogates_are_validation_errors(
    client: httpx.AsyncClient, body: dict[str, object]
) -> None:
    response = await client.post(
        "/api/v1/submissions",
        content=json.dumps({"problemId": await create_problem(client), "language": "cpp", **body}),
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"

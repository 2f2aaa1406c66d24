import io
import uuid
import warnings
import zipfile
from typing import Any

import httpx

Entry = tuple[str | zipfile.ZipInfo, bytes]


def slug() -> str:
    return f"p-{uuid.uuid4().hex[:12]}"


def problem_body(**changes: Any) -> dict[str, Any]:
    return {
        "slug": slug(),
        "title": "A + B",
        "statement": "Print the sum of two integers.",
        "type": "pass-fail",
        "limits": {"timeMs": 1000, "memoryMb": 256},
        "checker": {"type": "tokens", "caseSensitive": False, "spaceChangeSensitive": False},
        **changes,
    }


async def create_problem(client: httpx.AsyncClient, **changes: Any) -> dict[str, Any]:
    response = await client.post("/problems", json=problem_body(**changes))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def make_zip(*entries: Entry) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


async def upload(client: httpx.AsyncClient, problem_id: str, archive: bytes) -> httpx.Response:
    files = {"archive": ("tests.zip", archive, "application/zip")}
    return await client.post(f"/problems/{problem_id}/tests/archive", files=files)


async def listed_names(client: httpx.AsyncClient, problem_id: str) -> list[str]:
    response = await client.get(f"/problems/{problem_id}/tests")
    assert response.status_code == 200, response.text
    return [test["name"] for test in response.json()["items"]]


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code, body
    assert body["message"]
    return body

"""Body limits on the web page's forms: a form over REQUEST_MAX_BYTES, or a test archive over
UPLOAD_MAX_BYTES, is an HTML error page (413), while a test archive between the two is uploaded."""

import io
import os
import zipfile
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from infrastructure.config import Settings
from infrastructure.http.app import create_app
from tests.bootstrap import bootstrap_container
from tests.fakes import FakeClock
from tests.integration.web.helpers import Browser, api_key, api_problem

REQUEST_MAX_BYTES = 64 * 1024
UPLOAD_MAX_BYTES = 1024 * 1024


@pytest.fixture
async def small_app(settings: Settings, clock: FakeClock) -> AsyncIterator[FastAPI]:
    limits = {"request_max_bytes": REQUEST_MAX_BYTES, "upload_max_bytes": UPLOAD_MAX_BYTES}
    container = bootstrap_container(settings.model_copy(update=limits), clock)
    yield create_app(container)
    await container.close()


@pytest.fixture
async def author(small_app: FastAPI) -> AsyncIterator[tuple[Browser, str]]:
    """A signed-in author's browser and the bearer key behind it."""
    browser = Browser(small_app)
    key, _ = await api_key(browser.client, "author")
    await browser.sign_in(key)
    yield browser, key
    await browser.close()


def _archive(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("1.in", os.urandom(size))
        archive.writestr("1.ans", b"1\n")
    return buffer.getvalue()


async def test_a_form_over_request_max_bytes_is_an_html_413(author: tuple[Browser, str]) -> None:
    browser, _ = author
    fields = {"title": "big", "slug": "big", "statement": "s" * REQUEST_MAX_BYTES, "type": "pass-fail"}

    response = await browser.post("/problems/new", fields, page="/problems/new")

    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "REQUEST_MAX_BYTES" in response.text
    assert "sss" not in response.text


async def test_a_chunked_form_over_request_max_bytes_is_an_html_413(author: tuple[Browser, str]) -> None:
    browser, _ = author
    token = await browser.token("/problems/new")
    body = f"csrf_token={token}&title=big&statement={'s' * REQUEST_MAX_BYTES}".encode()

    async def chunks() -> AsyncIterator[bytes]:
        yield body[:1000]
        yield body[1000:]

    response = await browser.client.post(
        "/problems/new", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )

    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")


async def test_a_test_archive_between_the_two_limits_is_uploaded_and_one_over_is_a_413(
    author: tuple[Browser, str],
) -> None:
    browser, key = author
    problem = await api_problem(browser.client, key, visibility="draft")
    edit = f"/problems/{problem}/edit"
    fits = _archive(REQUEST_MAX_BYTES * 4)
    too_big = _archive(UPLOAD_MAX_BYTES)

    uploaded = await browser.post(
        f"/problems/{problem}/tests", files={"archive": ("t.zip", fits, "application/zip")}, page=edit
    )
    refused = await browser.post(
        f"/problems/{problem}/tests", files={"archive": ("t.zip", too_big, "application/zip")}, page=edit
    )

    assert uploaded.status_code == 303, uploaded.text[:300]
    assert refused.status_code == 413
    assert "UPLOAD_MAX_BYTES" in refused.text
    listed = await browser.client.get(
        f"/api/v1/problems/{problem}/tests", headers={"Authorization": f"Bearer {key}"}
    )
    assert listed.json()["total"] == 1


async def test_the_api_refuses_a_declared_oversize_body_before_reading(small_app: FastAPI) -> None:
    received: list[int] = []

    async def receive() -> dict[str, object]:
        received.append(1)
        return {"type": "http.request", "body": b"x", "more_body": False}

    sent: list[dict[str, object]] = []

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=small_app), base_url="http://test") as api:
        key, _ = await api_key(api, "author")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/problems",
        "raw_path": b"/api/v1/problems",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"test"),
            (b"authorization", f"Bearer {key}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(REQUEST_MAX_BYTES + 1).encode()),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("test", 80),
        "state": {},
    }

    await small_app(scope, receive, send)  # type: ignore[arg-type]

    assert received == []
    assert sent[0]["status"] == 413
    assert (b"connection", b"close") in sent[0]["headers"]  # type: ignore[operator]

"""A browser-like client for page tests: its own cookie jar, forms posted with the CSRF token the page
rendered, API calls with a bearer key beside it."""

import re
import uuid
from typing import Any

import httpx
from fastapi import FastAPI

from tests.conftest import ADMIN_HEADERS

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = _TOKEN.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


class Browser:
    def __init__(self, app: FastAPI) -> None:
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")

    async def close(self) -> None:
        await self.client.aclose()

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.get(path, **kwargs)

    async def token(self, page: str) -> str:
        response = await self.get(page)
        assert response.status_code == 200, response.text[:500]
        return csrf_of(response.text)

    async def post(
        self, path: str, data: dict[str, Any] | None = None, *, page: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        """Posts a form the way a browser would from `page` (default: the form's own page)."""
        token = await self.token(page or "/sign-in")
        return await self.client.post(path, data={"csrf_token": token, **(data or {})}, **kwargs)

    async def sign_in(self, key: str) -> httpx.Response:
        response = await self.post("/sign-in", {"api_key": key, "next": "/problems"})
        assert response.status_code == 303, response.text[:500]
        return response


async def api_key(client: httpx.AsyncClient, role: str, name: str | None = None) -> tuple[str, str]:
    """(secret, key id) of a new key for a new account."""
    account = name or f"{role}-{uuid.uuid4().hex[:6]}"
    created = await client.post(
        "/api/v1/keys", json={"name": account, "role": role, "accountName": account}, headers=ADMIN_HEADERS
    )
    assert created.status_code == 201, created.text
    return created.json()["key"], created.json()["id"]


async def api_problem(client: httpx.AsyncClient, key: str, visibility: str = "public", **fields: Any) -> str:
    body = {
        "slug": f"w-{uuid.uuid4().hex[:12]}",
        "title": "Web problem",
        "type": "pass-fail",
        "limits": {"timeMs": 1000, "memoryMb": 64},
        "checker": {"type": "tokens"},
        "visibility": visibility,
        **fields,
    }
    created = await client.post("/api/v1/problems", json=body, headers={"Authorization": f"Bearer {key}"})
    assert created.status_code == 201, created.text
    problem_id: str = created.json()["id"]
    return problem_id

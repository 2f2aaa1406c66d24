from collections.abc import AsyncIterator

import httpx
import pytest
from dishka import AsyncContainer

from infrastructure.http.app import create_app
from tests.conftest import ADMIN_HEADERS


@pytest.fixture
async def client(container: AsyncContainer) -> AsyncIterator[httpx.AsyncClient]:
    """The app's API as the admin, with paths relative to /api/v1."""
    transport = httpx.ASGITransport(app=create_app(container))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test/api/v1", headers=ADMIN_HEADERS
    ) as client:
        yield client

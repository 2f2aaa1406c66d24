from collections.abc import AsyncIterator

import httpx
import pytest
from dishka import AsyncContainer

from tests.bootstrap import api_client


@pytest.fixture
async def client(container: AsyncContainer) -> AsyncIterator[httpx.AsyncClient]:
    """The app's API as the admin, with paths relative to /api/v1."""
    async with api_client(container, base_url="http://test/api/v1") as client:
        yield client

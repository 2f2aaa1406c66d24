from collections.abc import AsyncIterator

import httpx
import pytest
from dishka import AsyncContainer

from infrastructure.config import Settings
from tests.bootstrap import api_client, bootstrap_container
from tests.fakes import FakeClock

SMALL_LIMITS = {"test_max_bytes": 1000, "problem_max_bytes": 2500, "archive_max_ratio": 100}
API = "http://test/api/v1"


@pytest.fixture
async def client(container: AsyncContainer) -> AsyncIterator[httpx.AsyncClient]:
    """The app's API, with paths relative to /api/v1."""
    async with api_client(container, base_url=API) as client:
        yield client


@pytest.fixture
async def small_client(settings: Settings, clock: FakeClock) -> AsyncIterator[httpx.AsyncClient]:
    """The API of an app whose upload limits are tiny: 1000 bytes a file, 2500 a problem."""
    container = bootstrap_container(settings.model_copy(update=SMALL_LIMITS), clock)
    async with api_client(container, base_url=API) as client:
        yield client
    await container.close()

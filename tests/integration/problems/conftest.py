from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from dishka import AsyncContainer, Provider, Scope, provide

from application.clock import Clock
from infrastructure.config import Settings
from infrastructure.http.app import create_app
from infrastructure.providers.container import make_container
from tests.conftest import ADMIN_HEADERS, FrozenClock

SMALL_LIMITS = {"test_max_bytes": 1000, "problem_max_bytes": 2500, "archive_max_ratio": 100}


@asynccontextmanager
async def _api(container: AsyncContainer) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(container))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test/api/v1", headers=ADMIN_HEADERS
    ) as client:
        yield client


@pytest.fixture
async def client(container: AsyncContainer) -> AsyncIterator[httpx.AsyncClient]:
    """The app's API, with paths relative to /api/v1."""
    async with _api(container) as client:
        yield client


@pytest.fixture
async def small_client(settings: Settings, clock: FrozenClock) -> AsyncIterator[httpx.AsyncClient]:
    """The API of an app whose upload limits are tiny: 1000 bytes a file, 2500 a problem."""

    class ClockOverride(Provider):
        @provide(scope=Scope.APP)
        def clock(self) -> Clock:
            return clock

    container = make_container(settings.model_copy(update=SMALL_LIMITS), ClockOverride())
    async with _api(container) as client:
        yield client
    await container.close()

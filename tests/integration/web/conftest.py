from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from dishka import AsyncContainer
from fastapi import FastAPI

from infrastructure.http.app import create_app
from tests.integration.web.helpers import Browser


@pytest.fixture
def app(container: AsyncContainer) -> FastAPI:
    return create_app(container)


@pytest.fixture
async def api(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


@pytest.fixture
async def browser(app: FastAPI) -> AsyncIterator[Callable[[], Awaitable[Browser]]]:
    """A factory of browsers, each with its own cookies."""
    opened: list[Browser] = []

    async def make() -> Browser:
        opened.append(Browser(app))
        return opened[-1]

    yield make
    for item in opened:
        await item.close()

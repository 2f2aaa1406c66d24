from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import httpx
import pytest
from dishka import AsyncContainer
from fastapi import FastAPI

from infrastructure.config import Settings
from infrastructure.http.app import create_app
from infrastructure.migrations import upgrade
from tests.databases import fresh_database
from tests.integration.web.helpers import Browser


@pytest.fixture(scope="package")
def web_database_url(postgres_server: str) -> Iterator[str]:
    """The page tests' own database: what other tests leave behind (workers offering some languages,
    hundreds of problems) does not change what the pages show."""
    with fresh_database(postgres_server) as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="package")
def settings(settings: Settings, web_database_url: str) -> Settings:
    return settings.model_copy(update={"database_url": web_database_url})


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

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest
from dishka import AsyncContainer

from infrastructure.config import Settings, load_settings
from infrastructure.migrations import upgrade
from tests.bootstrap import ADMIN_KEY, api_client, bootstrap_container
from tests.databases import fresh_database, server_url
from tests.fakes import FakeClock


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    with server_url() as url:
        yield url


@pytest.fixture(scope="session")
def database_url(postgres_server: str) -> Iterator[str]:
    """A migrated database shared by the session's integration tests."""
    with fresh_database(postgres_server) as url:
        upgrade(url)
        yield url


@pytest.fixture
def empty_database_url(postgres_server: str) -> Iterator[str]:
    with fresh_database(postgres_server) as url:
        yield url


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(
        database_url=database_url,
        data_dir=tmp_path_factory.mktemp("data"),
        worker_offline_after_seconds=15,
        admin_api_key=ADMIN_KEY,
        # Rate limits have their own tests; elsewhere they would only make tests depend on each other.
        rate_user_per_minute=0,
        rate_user_queued=0,
        rate_author_per_minute=0,
        rate_author_queued=0,
        # A live progress stream of a submission no worker judges ends soon (in-process clients read a
        # whole response before returning it).
        sse_max_seconds=1,
        _env_file=None,
    )


@pytest.fixture
def clock() -> FakeClock:
    """The application's clock in integration tests: now, until the test moves it."""
    return FakeClock(datetime.now(UTC))


@pytest.fixture
async def container(settings: Settings, clock: FakeClock) -> AsyncIterator[AsyncContainer]:
    container = bootstrap_container(settings, clock)
    yield container
    await container.close()


@pytest.fixture
async def client(container: AsyncContainer) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(container) as client:
        yield client

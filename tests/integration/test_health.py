import asyncio
import contextlib
from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from infrastructure.config import Settings, load_settings
from tests.bootstrap import api_client, bootstrap_container


class TcpProxy:
    """A switchable TCP proxy in front of PostgreSQL, to make the database vanish and come back."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self.port = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    @property
    def running(self) -> bool:
        return self._server is not None

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)
        await self._server.wait_closed()
        self._server = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self._target)
        tasks = [
            asyncio.ensure_future(self._pipe(reader, up_writer)),
            asyncio.ensure_future(self._pipe(up_reader, writer)),
        ]
        self._pipes.update(tasks)

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()


async def _client_for(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    container = bootstrap_container(settings)
    async with api_client(container, headers={}) as client:
        yield client
    await container.close()


async def test_health_is_ok_when_database_and_broker_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "failing": []}


async def test_health_is_503_naming_the_database_when_it_is_unreachable(settings: Settings) -> None:
    broken = load_settings(
        database_url="postgresql://postgres@127.0.0.1:1/nowhere", data_dir=settings.data_dir, _env_file=None
    )
    async for client in _client_for(broken):
        response = await client.get("/api/v1/health")
        body = response.json()
        assert response.status_code == 503
        assert "database" in body["failing"]
        assert body["database"].startswith("unreachable")


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[TcpProxy]:
    """A started proxy in front of the test database, stopped afterwards."""
    parts = urlsplit(database_url)
    if parts.hostname is None or parts.port is None:
        pytest.skip("the test database is reached through a socket; the proxy needs TCP")
    proxy = TcpProxy(parts.hostname, parts.port)
    await proxy.start()
    yield proxy
    if proxy.running:
        await proxy.stop()


def _through(proxy: TcpProxy, database_url: str, settings: Settings) -> Settings:
    parts = urlsplit(database_url)
    netloc = f"{parts.username}@127.0.0.1:{proxy.port}" if parts.username else f"127.0.0.1:{proxy.port}"
    return load_settings(
        database_url=urlunsplit(parts._replace(netloc=netloc)), data_dir=settings.data_dir, _env_file=None
    )


async def test_health_recovers_when_the_database_comes_back(
    proxy: TcpProxy, database_url: str, settings: Settings
) -> None:
    async for client in _client_for(_through(proxy, database_url, settings)):
        assert (await client.get("/api/v1/health")).status_code == 200
        await proxy.stop()
        down = await client.get("/api/v1/health")
        assert down.status_code == 503
        assert set(down.json()["failing"]) == {"database", "broker"}
        await proxy.start()
        assert (await client.get("/api/v1/health")).status_code == 200


async def test_a_database_restart_between_requests_fails_no_request(
    proxy: TcpProxy, database_url: str, settings: Settings
) -> None:
    """Pooled connections the server closed while nobody was asking are replaced at checkout."""
    async for client in _client_for(_through(proxy, database_url, settings)):
        assert (await client.get("/api/v1/health")).status_code == 200
        await proxy.stop()
        await asyncio.sleep(0.1)  # the pooled connection learns its socket closed
        await proxy.start()
        assert (await client.get("/api/v1/health")).status_code == 200

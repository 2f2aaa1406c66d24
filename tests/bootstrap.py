"""The one way tests build the application: the production container with explicit overrides."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from dishka import AsyncContainer, Provider, Scope, provide

from application.clock import Clock
from infrastructure.config import Settings
from infrastructure.http.app import create_app
from infrastructure.providers.container import make_container
from tests.fakes import FakeClock

ADMIN_KEY = "test-admin-key-0123456789abcdef"
ADMIN_HEADERS = {"Authorization": f"Bearer {ADMIN_KEY}"}


class FakeClockProvider(Provider):
    """Replaces the system clock with the test's FakeClock (strict validation requires `override=True`)."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self._clock = clock

    @provide(scope=Scope.APP, override=True)
    def clock(self) -> Clock:
        return self._clock


def bootstrap_container(
    settings: Settings, clock: FakeClock | None = None, *extra_providers: Provider
) -> AsyncContainer:
    """`make_container` as the server builds it; with `clock`, time is the test's."""
    overrides = (FakeClockProvider(clock),) if clock is not None else ()
    return make_container(settings, *overrides, *extra_providers)


@asynccontextmanager
async def api_client(
    container: AsyncContainer, *, base_url: str = "http://test", headers: dict[str, str] | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app over ASGI (no socket); `headers` default to the admin key's."""
    transport = httpx.ASGITransport(app=create_app(container))
    async with httpx.AsyncClient(
        transport=transport,
        base_url=base_url,
        headers=ADMIN_HEADERS if headers is None else headers,
    ) as client:
        yield client

"""The container's graph is checked when it is built: these tests need no database or broker."""

import uuid
from pathlib import Path

import pytest
from dishka import Provider, Scope, provide
from dishka.exceptions import ImplicitOverrideDetectedError, NothingOverriddenError

from application.clock import Clock
from application.judging.ports import WorkerIdentity
from infrastructure.config import Settings, load_settings
from infrastructure.judging.toolchains import DetectedToolchains
from infrastructure.providers.accounts import SystemIdentity
from infrastructure.providers.container import make_container
from infrastructure.providers.judging import JudgingProvider
from tests.bootstrap import FakeClockProvider
from tests.fakes import FakeClock


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", data_dir=tmp_path, _env_file=None
    )


async def test_server_cli_and_worker_graphs_are_complete(settings: Settings) -> None:
    worker_context = {
        WorkerIdentity: WorkerIdentity(id=uuid.uuid4()),
        DetectedToolchains: DetectedToolchains([]),
    }
    for container in (
        make_container(settings),
        make_container(settings, SystemIdentity()),
        make_container(settings, JudgingProvider(), context=worker_context),
    ):
        await container.close()


async def test_the_test_clock_replaces_the_system_clock(settings: Settings) -> None:
    clock = FakeClock()
    container = make_container(settings, FakeClockProvider(clock))
    assert await container.get(Clock) is clock
    await container.close()


def test_replacing_a_dependency_without_override_is_refused(settings: Settings) -> None:
    class SecondClock(Provider):
        @provide(scope=Scope.APP)
        def clock(self) -> Clock:
            return FakeClock()

    with pytest.raises(ImplicitOverrideDetectedError):
        make_container(settings, SecondClock())


def test_an_override_that_replaces_nothing_is_refused(settings: Settings) -> None:
    class StrayOverride(Provider):
        @provide(scope=Scope.APP, override=True)
        def clock(self) -> FakeClock:
            return FakeClock()

    with pytest.raises(NothingOverriddenError):
        make_container(settings, StrayOverride())

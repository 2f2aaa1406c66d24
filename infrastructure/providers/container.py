from typing import Any

from dishka import AsyncContainer, Provider, make_async_container

from infrastructure.config import Settings
from infrastructure.providers.accounts import AccountsProvider
from infrastructure.providers.config import ConfigProvider
from infrastructure.providers.database import DatabaseProvider
from infrastructure.providers.problems import ProblemsProvider
from infrastructure.providers.queue import QueueProvider
from infrastructure.providers.repositories import RepositoriesProvider
from infrastructure.providers.submissions import SubmissionsProvider
from infrastructure.providers.usecases import UseCasesProvider
from infrastructure.providers.web import WebProvider


def make_container(
    settings: Settings, *extra_providers: Provider, context: dict[Any, Any] | None = None
) -> AsyncContainer:
    """The one container factory for server, worker and tests; the worker adds JudgingProvider."""
    return make_async_container(
        ConfigProvider(),
        AccountsProvider(),
        DatabaseProvider(),
        QueueProvider(),
        RepositoriesProvider(),
        UseCasesProvider(),
        ProblemsProvider(),
        SubmissionsProvider(),
        WebProvider(),
        *extra_providers,
        context={Settings: settings, **(context or {})},
    )

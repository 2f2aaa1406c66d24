from typing import Any

from dishka import STRICT_VALIDATION, AsyncContainer, Provider, make_async_container

from infrastructure.config import Settings
from infrastructure.providers.accounts import AccountsProvider
from infrastructure.providers.config import ConfigProvider
from infrastructure.providers.database import DatabaseProvider
from infrastructure.providers.health import HealthProvider
from infrastructure.providers.languages import LanguagesProvider
from infrastructure.providers.messaging import MessagingProvider
from infrastructure.providers.observability import ObservabilityProvider
from infrastructure.providers.packages import PackagesProvider
from infrastructure.providers.problems import ProblemsProvider
from infrastructure.providers.queue import QueueProvider
from infrastructure.providers.runs import RunsProvider
from infrastructure.providers.submissions import SubmissionsProvider
from infrastructure.providers.web import WebProvider
from infrastructure.providers.webhooks import WebhooksProvider
from infrastructure.providers.workers import WorkersProvider


def make_container(
    settings: Settings, *extra_providers: Provider, context: dict[Any, Any] | None = None
) -> AsyncContainer:
    """The one container factory for server, worker and tests; the worker adds JudgingProvider.

    Validation is strict: a provider that replaces a dependency must say `override=True` (and must
    replace something), so an accidental second provider of a port fails at start, not at run time.
    """
    return make_async_container(
        ConfigProvider(),
        DatabaseProvider(),
        QueueProvider(),
        AccountsProvider(),
        HealthProvider(),
        LanguagesProvider(),
        ProblemsProvider(),
        PackagesProvider(),
        SubmissionsProvider(),
        WorkersProvider(),
        WebProvider(),
        ObservabilityProvider(),
        MessagingProvider(),
        WebhooksProvider(),
        RunsProvider(),
        *extra_providers,
        context={Settings: settings, **(context or {})},
        validation_settings=STRICT_VALIDATION,
    )

from datetime import timedelta

from dishka import AnyOf, AsyncContainer, Provider, Scope, provide, provide_all

from application.webhooks.ports import SecretGenerator, TargetGuard, WebhookPolicy
from application.webhooks.usecases import (
    ClaimDeliveries,
    CreateWebhook,
    DeleteWebhook,
    EnqueueDeliveries,
    GetCallbackSecret,
    GetWebhook,
    ListDeliveries,
    ListWebhooks,
    RecordAttempts,
    Redeliver,
    RotateSecret,
    UpdateWebhook,
)
from domain.webhooks.policy import RetryPolicy
from domain.webhooks.repositories import (
    CallbackReader,
    CallbackSecrets,
    DeliveryRepository,
    EndpointRepository,
)
from infrastructure.config import Settings
from infrastructure.database.repositories.webhooks.repositories import (
    SqlCallbacks,
    SqlDeliveryRepository,
    SqlEndpointRepository,
)
from infrastructure.observability.metrics import Metrics
from infrastructure.providers.database import DatabaseUrl
from infrastructure.webhooks.guard import AddressRules, ResolvingGuard
from infrastructure.webhooks.runner import DeliveryRunner
from infrastructure.webhooks.secrets import RandomSecrets


class WebhooksProvider(Provider):
    """Webhook endpoints, deliveries and per-submission callbacks: repositories, SSRF guard, use cases."""

    endpoints = provide(SqlEndpointRepository, scope=Scope.REQUEST, provides=EndpointRepository)
    deliveries = provide(SqlDeliveryRepository, scope=Scope.REQUEST, provides=DeliveryRepository)
    callbacks = provide(SqlCallbacks, scope=Scope.REQUEST, provides=AnyOf[CallbackReader, CallbackSecrets])
    secrets = provide(RandomSecrets, scope=Scope.APP, provides=SecretGenerator)
    use_cases = provide_all(
        CreateWebhook,
        ListWebhooks,
        GetWebhook,
        UpdateWebhook,
        DeleteWebhook,
        ListDeliveries,
        Redeliver,
        RotateSecret,
        GetCallbackSecret,
        EnqueueDeliveries,
        ClaimDeliveries,
        RecordAttempts,
        scope=Scope.REQUEST,
    )

    @provide(scope=Scope.APP)
    def guard(self, settings: Settings) -> AnyOf[ResolvingGuard, TargetGuard]:
        hosts = settings.webhook_allowed_hosts.split(",")
        return ResolvingGuard(AddressRules.parse(settings.webhook_allow_private, hosts))

    @provide(scope=Scope.APP)
    def runner(
        self,
        container: AsyncContainer,
        settings: Settings,
        metrics: Metrics,
        guard: ResolvingGuard,
        url: DatabaseUrl,
    ) -> DeliveryRunner:
        """This process's delivery runner (it sends only while `run_deliveries` runs it)."""
        return DeliveryRunner(container, settings, metrics, guard, url)

    @provide(scope=Scope.APP)
    def policy(self, settings: Settings) -> WebhookPolicy:
        return WebhookPolicy(
            retry=RetryPolicy(
                schedule=settings.retry_delays(),
                disable_after=timedelta(seconds=settings.webhook_disable_after_seconds),
            ),
            secret_overlap=timedelta(seconds=settings.webhook_secret_overlap_seconds),
        )

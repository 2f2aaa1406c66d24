from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.transactions import TransactionManager
from application.webhooks.ports import SecretGenerator, WebhookPolicy
from application.webhooks.views import managed_endpoint
from domain.webhooks.repositories import EndpointRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class RotateSecretInput:
    webhook_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class RotatedSecret:
    secret: str = field(repr=False)
    previous_valid_until: datetime


@dataclass(frozen=True, slots=True)
class RotateSecret:
    """A new signing secret, shown only in this answer. Until `previousValidUntil`
    (WEBHOOK_SECRET_OVERLAP_SECONDS) every delivery carries two signatures, by the old secret and the new,
    so the receiver can switch without losing one."""

    identity: IdentityProvider
    endpoints: EndpointRepository
    secrets: SecretGenerator
    policy: WebhookPolicy
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: RotateSecretInput) -> RotatedSecret:
        endpoint = await managed_endpoint(await self.identity.principal(), self.endpoints, data.webhook_id)
        now = self.clock.now()
        secret = self.secrets.new()
        until = now + self.policy.secret_overlap
        endpoint.rotate(secret, now, until)
        await self.endpoints.save(endpoint)
        await self.tx.commit()
        return RotatedSecret(secret=secret, previous_valid_until=until)

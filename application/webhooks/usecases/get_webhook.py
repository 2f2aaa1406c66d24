from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.webhooks.views import managed_endpoint
from domain.webhooks.entities import Endpoint
from domain.webhooks.repositories import EndpointRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class GetWebhookInput:
    webhook_id: UUID


@dataclass(frozen=True, slots=True)
class GetWebhook:
    """One of the caller's webhooks (an admin: anyone's); someone else's does not exist (404)."""

    identity: IdentityProvider
    endpoints: EndpointRepository

    async def __call__(self, data: GetWebhookInput) -> Endpoint:
        return await managed_endpoint(await self.identity.principal(), self.endpoints, data.webhook_id)

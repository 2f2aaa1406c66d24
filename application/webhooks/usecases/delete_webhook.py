from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.transactions import TransactionManager
from application.webhooks.views import managed_endpoint
from domain.webhooks.repositories import EndpointRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteWebhookInput:
    webhook_id: UUID


@dataclass(frozen=True, slots=True)
class DeleteWebhook:
    """Unsubscribes: nothing more is sent to it, not even deliveries still waiting for a retry."""

    identity: IdentityProvider
    endpoints: EndpointRepository
    tx: TransactionManager

    async def __call__(self, data: DeleteWebhookInput) -> None:
        endpoint = await managed_endpoint(await self.identity.principal(), self.endpoints, data.webhook_id)
        await self.endpoints.delete(endpoint.id)
        await self.tx.commit()

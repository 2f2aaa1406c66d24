from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.webhooks.ports import WebhookPolicy
from application.webhooks.views import managed_endpoint
from domain.webhooks.entities import Delivery
from domain.webhooks.repositories import DeliveryRepository, EndpointRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class ListDeliveriesInput:
    webhook_id: UUID
    limit: int = 50


@dataclass(frozen=True, slots=True)
class ListDeliveries:
    """A webhook's delivery log, newest first: the event, tries so far, the last answer (or error) and
    when the next try is due."""

    identity: IdentityProvider
    endpoints: EndpointRepository
    deliveries: DeliveryRepository
    policy: WebhookPolicy

    async def __call__(self, data: ListDeliveriesInput) -> Sequence[Delivery]:
        endpoint = await managed_endpoint(await self.identity.principal(), self.endpoints, data.webhook_id)
        limit = max(1, min(data.limit, self.policy.deliveries_listed_max))
        return await self.deliveries.list_for(endpoint.id, limit)

from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.transactions import TransactionManager
from application.webhooks.views import managed_endpoint
from domain.webhooks.entities import Delivery
from domain.webhooks.exceptions import DeliveryNotFoundError
from domain.webhooks.repositories import DeliveryRepository, EndpointRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class RedeliverInput:
    webhook_id: UUID
    delivery_id: UUID


@dataclass(frozen=True, slots=True)
class Redeliver:
    """Sends one event again, now, with the same `webhook-id` and body (a fresh timestamp and signature):
    one more try, whether it was delivered, failed or is waiting."""

    identity: IdentityProvider
    endpoints: EndpointRepository
    deliveries: DeliveryRepository
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: RedeliverInput) -> Delivery:
        endpoint = await managed_endpoint(await self.identity.principal(), self.endpoints, data.webhook_id)
        delivery = await self.deliveries.get(data.delivery_id)
        if delivery is None or delivery.endpoint_id != endpoint.id:
            raise DeliveryNotFoundError(f"Delivery {data.delivery_id} does not exist.")
        await self.deliveries.redeliver(delivery.id, self.clock.now())
        await self.tx.commit()
        found = await self.deliveries.get(delivery.id)
        assert found is not None
        return found

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from application.clock import Clock
from application.transactions import TransactionManager
from domain.webhooks.entities import ClaimedDelivery
from domain.webhooks.repositories import DeliveryRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimDeliveriesInput:
    limit: int
    lease: timedelta  # longer than a try can take: a runner that dies leaves the delivery due again then


@dataclass(frozen=True, slots=True)
class ClaimDeliveries:
    """Takes due deliveries for one try each, with the secrets that sign them (an endpoint's valid
    secrets; the account's callback secret for a callbackUrl). Runners never take the same one at once."""

    deliveries: DeliveryRepository
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: ClaimDeliveriesInput) -> Sequence[ClaimedDelivery]:
        now = self.clock.now()
        claimed = await self.deliveries.claim(now, data.limit, now + data.lease)
        await self.tx.commit()
        return claimed

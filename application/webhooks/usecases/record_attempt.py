import random
from dataclasses import dataclass

from application.clock import Clock
from application.transactions import TransactionManager
from application.webhooks.ports import WebhookPolicy
from domain.webhooks.entities import AttemptResult, Delivery
from domain.webhooks.policy import AfterAttempt, after_attempt
from domain.webhooks.repositories import DeliveryRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordAttemptInput:
    delivery: Delivery  # as claimed
    result: AttemptResult


@dataclass(frozen=True, slots=True)
class RecordAttempt:
    """Stores how a try went and what follows (domain/webhooks/policy.py: delivered, retried later, failed;
    the endpoint disabled after a 410 or after failing too long)."""

    deliveries: DeliveryRepository
    policy: WebhookPolicy
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: RecordAttemptInput) -> AfterAttempt:
        now = self.clock.now()
        delivery = data.delivery
        failing_since = (
            await self.deliveries.endpoint_failing_since(delivery.endpoint_id)
            if delivery.endpoint_id
            else None
        )
        after = after_attempt(
            data.result, delivery.attempts, self.policy.retry, failing_since, now, random.Random()
        )
        if delivery.endpoint_id is None:  # a callbackUrl has no endpoint to disable
            after = AfterAttempt(
                state=after.state,
                next_attempt_at=after.next_attempt_at,
                disable_endpoint=None,
                endpoint_failing_since=None,
            )
        await self.deliveries.record(delivery, data.result, after, now)
        await self.tx.commit()
        return after

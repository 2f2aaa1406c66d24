import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.clock import Clock
from application.transactions import TransactionManager
from application.webhooks.ports import WebhookPolicy
from domain.webhooks.entities import AttemptResult, Delivery
from domain.webhooks.policy import AfterAttempt, after_attempt
from domain.webhooks.repositories import DeliveryRepository, RecordedTry


@dataclass(frozen=True, slots=True, kw_only=True)
class AttemptMade:
    delivery: Delivery  # as claimed
    result: AttemptResult


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordAttemptsInput:
    attempts: Sequence[AttemptMade]  # in the order they ended


@dataclass(frozen=True, slots=True)
class RecordAttempts:
    """Stores how tries went and what follows each (domain/webhooks/policy.py: delivered, retried later,
    failed; the endpoint disabled after a 410 or after failing too long), many tries in one transaction.
    Tries of one endpoint in one batch count in order: a success clears its failing streak, a failure
    after it starts a new one. A try whose delivery another try has taken since is not recorded."""

    deliveries: DeliveryRepository
    policy: WebhookPolicy
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: RecordAttemptsInput) -> list[AfterAttempt]:
        now = self.clock.now()
        endpoint_ids = {m.delivery.endpoint_id for m in data.attempts if m.delivery.endpoint_id is not None}
        failing: dict[UUID, datetime | None] = (
            dict(await self.deliveries.endpoints_failing_since(endpoint_ids)) if endpoint_ids else {}
        )
        rng = random.Random()
        tries = []
        for made in data.attempts:
            endpoint_id = made.delivery.endpoint_id
            since = failing.get(endpoint_id) if endpoint_id else None
            after = after_attempt(made.result, made.delivery.attempts, self.policy.retry, since, now, rng)
            if endpoint_id is None:  # a callbackUrl has no endpoint to disable
                after = AfterAttempt(
                    state=after.state,
                    next_attempt_at=after.next_attempt_at,
                    disable_endpoint=None,
                    endpoint_failing_since=None,
                )
            else:
                failing[endpoint_id] = after.endpoint_failing_since
            tries.append(RecordedTry(delivery=made.delivery, result=made.result, after=after))
        await self.deliveries.record_many(tries, now)
        await self.tx.commit()
        return [item.after for item in tries]

from collections.abc import Sequence

from dishka import AsyncContainer

from application.messaging.integration import EventSink, IntegrationEvent
from application.webhooks.usecases import EnqueueDeliveries, EnqueueDeliveriesInput
from domain.webhooks.entities import ClaimedDelivery
from infrastructure.webhooks.runner import DeliveryRunner


class WebhookSink(EventSink):
    """Hands integration events to the webhooks: one delivery row per endpoint that may hear it (and one to a
    judged submission's callbackUrl), a batch of events in its own transaction. Idempotent by (event id,
    endpoint), so the notifier may hand the same event over again.

    When this process's delivery runner has free slots, the new deliveries fill them: stored claimed and
    handed to it straight away (see runner.py); the rest wait for a runner's claim."""

    def __init__(self, container: AsyncContainer, runner: DeliveryRunner | None = None) -> None:
        self._container = container
        self._runner = runner

    async def handle(self, event: IntegrationEvent) -> None:
        await self.handle_many([event])

    async def handle_many(self, events: Sequence[IntegrationEvent]) -> None:
        """A batch in one scope and transaction: endpoints matched once per event type, deliveries stored
        in one statement."""
        runner = self._runner
        if runner is None:
            await self._enqueue(EnqueueDeliveriesInput(events=events))
            return
        reserved = runner.reserve()
        taken: list[ClaimedDelivery] = []
        try:
            taken = await self._enqueue(
                EnqueueDeliveriesInput(events=events, take=reserved, lease=runner.lease)
            )
        finally:
            runner.hand(reserved, taken)  # taken only once committed

    async def _enqueue(self, data: EnqueueDeliveriesInput) -> list[ClaimedDelivery]:
        async with self._container() as request:
            enqueue = await request.get(EnqueueDeliveries)
            return (await enqueue(data)).taken

from dishka import AsyncContainer

from application.messaging.integration import EventSink, IntegrationEvent
from application.webhooks.usecases import EnqueueDeliveries


class WebhookSink(EventSink):
    """Hands integration events to the webhooks: one delivery row per endpoint that may hear it (and one to a
    judged submission's callbackUrl), in its own transaction; the delivery runner sends them. Idempotent by
    (event id, endpoint), so the notifier may hand the same event over again."""

    def __init__(self, container: AsyncContainer) -> None:
        self._container = container

    async def handle(self, event: IntegrationEvent) -> None:
        async with self._container() as request:
            enqueue = await request.get(EnqueueDeliveries)
            await enqueue(event)

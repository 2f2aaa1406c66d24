"""The broker integration events travel through: the same kind as the judge's (BROKER_URL), its own queue."""

from dataclasses import dataclass

from taskiq import AsyncBroker

from infrastructure.queue.broker import BrokerKind, BrokerStarter, BrokerTarget

EVENTS_QUEUE = "judge_events"
DELIVER_TASK = "deliver_integration_event"
"""One event per message: what relays before batching sent (still accepted: messages in flight at upgrade)."""
DELIVER_BATCH_TASK = "deliver_integration_events"
"""A batch of events per message, `{"events": [event, …]}` in outbox order (what the relay sends)."""


@dataclass(frozen=True, slots=True)
class EventsBrokerStarter:
    """The events broker, started on first need (a distinct type from the judge's BrokerStarter)."""

    starter: BrokerStarter

    @property
    def broker(self) -> AsyncBroker:
        return self.starter.broker

    async def ensure_started(self) -> AsyncBroker:
        return await self.starter.ensure_started()

    async def close(self) -> None:
        await self.starter.close()


def create_events_broker(target: BrokerTarget) -> AsyncBroker:
    if target.kind is BrokerKind.RABBITMQ:
        from taskiq_aio_pika import AioPikaBroker
        from taskiq_aio_pika.queue import Queue

        # Acked after the task ran; a durable queue survives a RabbitMQ restart.
        return AioPikaBroker(url=target.url, task_queues=[Queue(name=EVENTS_QUEUE, durable=True)], qos=16)
    if target.kind is BrokerKind.REDIS:
        from taskiq_redis import RedisStreamBroker

        # A group created after events were sent reads them from the start ("0"), not only newer ones.
        return RedisStreamBroker(
            url=target.url,
            queue_name=EVENTS_QUEUE,
            consumer_group_name="notifiers",
            consumer_id="0",
            maxlen=100_000,
        )
    from infrastructure.queue.postgres_broker import PostgresBroker

    return PostgresBroker(dsn=target.url, channel_name=EVENTS_QUEUE, table_name="taskiq_events")

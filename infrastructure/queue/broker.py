"""The taskiq broker. The broker only wakes workers; PostgreSQL stays the source of truth."""

import asyncio
import logging
from dataclasses import dataclass
from enum import StrEnum

from taskiq import AsyncBroker

from application.health.probes import BrokerProbe
from infrastructure.database.postgres import plain_url

QUEUE_NAME = "judge"

logger = logging.getLogger(__name__)


class BrokerKind(StrEnum):
    POSTGRES = "postgres"
    RABBITMQ = "rabbitmq"
    REDIS = "redis"


@dataclass(frozen=True, slots=True)
class BrokerTarget:
    kind: BrokerKind
    url: str


def broker_target(broker_url: str | None, database_url: str) -> BrokerTarget:
    if broker_url is None or broker_url.startswith("postgresql://"):
        return BrokerTarget(BrokerKind.POSTGRES, plain_url(broker_url or database_url))
    if broker_url.startswith(("amqp://", "amqps://")):
        return BrokerTarget(BrokerKind.RABBITMQ, broker_url)
    return BrokerTarget(BrokerKind.REDIS, broker_url)


def create_broker(target: BrokerTarget) -> AsyncBroker:
    if target.kind is BrokerKind.RABBITMQ:
        from taskiq_aio_pika import AioPikaBroker
        from taskiq_aio_pika.queue import Queue

        # Acks after the task ran (at-least-once); a durable queue survives a RabbitMQ restart.
        return AioPikaBroker(url=target.url, task_queues=[Queue(name=QUEUE_NAME, durable=True)], qos=64)
    if target.kind is BrokerKind.REDIS:
        from taskiq_redis import RedisStreamBroker

        return RedisStreamBroker(url=target.url, queue_name=QUEUE_NAME, consumer_group_name="judge-workers")
    from infrastructure.queue.postgres_broker import PostgresBroker

    return PostgresBroker(dsn=target.url, channel_name=QUEUE_NAME, table_name="taskiq_messages")


class ConnectBrokerProbe(BrokerProbe):
    """Opens a fresh connection each time, so it recovers as soon as the broker does."""

    def __init__(self, target: BrokerTarget, timeout: float = 3.0) -> None:
        self._target = target
        self._timeout = timeout

    async def check(self) -> str | None:
        try:
            async with asyncio.timeout(self._timeout):
                await self._probe()
        except Exception as error:  # any failure means "unreachable"; details stay in the log
            logger.warning("broker (%s) unreachable: %s", self._target.kind, error)
            return f"unreachable ({self._target.kind}, {type(error).__name__})"
        return None

    async def _probe(self) -> None:
        if self._target.kind is BrokerKind.RABBITMQ:
            import aio_pika

            connection = await aio_pika.connect(self._target.url, timeout=self._timeout)
            await connection.close()
        elif self._target.kind is BrokerKind.REDIS:
            from redis.asyncio import Redis

            client = Redis.from_url(self._target.url, socket_connect_timeout=self._timeout)
            try:
                await client.ping()
            finally:
                await client.aclose()
        else:
            import asyncpg

            pg = await asyncpg.connect(self._target.url, timeout=self._timeout)
            try:
                await pg.execute("SELECT 1")
            finally:
                await pg.close()


class BrokerStarter:
    """Starts the process's one broker once, on first need: the server's first dispatch or the worker's
    start. Starting lazily lets the server come up (and accept submissions) while the broker is down."""

    def __init__(self, broker: AsyncBroker) -> None:
        self.broker = broker
        self._started = False
        self._lock = asyncio.Lock()

    async def ensure_started(self) -> AsyncBroker:
        if not self._started:
            async with self._lock:
                if not self._started:
                    await self.broker.startup()
                    self._started = True
        return self.broker

    async def close(self) -> None:
        if self._started:
            await self.broker.shutdown()
            self._started = False

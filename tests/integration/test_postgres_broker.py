"""The PostgreSQL broker against the real database: a kick is delivered, also after the LISTEN connection
was killed (as a database restart does) and the worker re-established it."""

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
from taskiq import BrokerMessage

from infrastructure.queue.postgres_broker import PostgresBroker


@pytest.fixture
async def broker(database_url: str) -> AsyncIterator[PostgresBroker]:
    broker = PostgresBroker(dsn=database_url, channel_name="judge_test", table_name="taskiq_test_messages")
    broker.is_worker_process = True
    await broker.startup()
    yield broker
    await broker.shutdown()


def _message(task_id: str) -> BrokerMessage:
    return BrokerMessage(task_id=task_id, task_name="judge_submission", message=b'{"x": 1}', labels={})


async def _next(broker: PostgresBroker) -> bytes:
    async with asyncio.timeout(5):
        async for message in broker.listen():
            await message.ack()  # type: ignore[misc]
            return message.data
    raise AssertionError("listen() ended")


async def test_a_kick_is_delivered_once(broker: PostgresBroker) -> None:
    await broker.kick(_message("one"))
    assert await _next(broker) == b'{"x": 1}'


async def test_listening_resumes_after_the_listen_connection_is_killed(
    broker: PostgresBroker, database_url: str
) -> None:
    assert broker._read_conn is not None
    listener_pid = broker._read_conn.get_server_pid()
    admin = await asyncpg.connect(database_url)
    try:
        await admin.execute("SELECT pg_terminate_backend($1)", listener_pid)
    finally:
        await admin.close()
    await asyncio.sleep(0.2)
    assert broker._read_conn.is_closed()

    await broker.ensure_listening()
    assert broker._read_conn is not None
    assert not broker._read_conn.is_closed()
    await broker.kick(_message("two"))
    assert await _next(broker) == b'{"x": 1}'

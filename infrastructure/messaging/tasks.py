"""The notifier's tasks: thin adapters from a broker message to the DeliverEvents use case."""

import logging
from collections.abc import Sequence
from typing import Any

from dishka.integrations.taskiq import FromDishka, inject
from taskiq import AsyncBroker

from application.messaging.integration import IntegrationEvent
from application.messaging.usecases import DeliverEvents
from infrastructure.messaging.broker import DELIVER_BATCH_TASK, DELIVER_TASK
from infrastructure.messaging.codec import load_event

logger = logging.getLogger(__name__)


@inject(patch_module=True)
async def deliver_integration_events(message: dict[str, Any], deliver: FromDishka[DeliverEvents]) -> None:
    raw = message.get("events") if isinstance(message, dict) else None
    if not isinstance(raw, list):
        logger.warning("notifier: dropped a message that is not a batch of integration events")
        return
    await _deliver(deliver, [event for item in raw if (event := _load(item)) is not None])


@inject(patch_module=True)
async def deliver_integration_event(message: dict[str, Any], deliver: FromDishka[DeliverEvents]) -> None:
    event = _load(message)
    if event is not None:
        await _deliver(deliver, [event])


def _load(message: object) -> IntegrationEvent | None:
    try:
        if not isinstance(message, dict):
            raise TypeError(f"a {type(message).__name__}, not an object")
        return load_event(message)
    except (KeyError, TypeError, ValueError) as error:  # not ours: dropping it is all one can do
        logger.warning("notifier: dropped a message that is not an integration event: %s", error)
        return None


async def _deliver(deliver: DeliverEvents, events: Sequence[IntegrationEvent]) -> None:
    if events:
        result = await deliver(events)
        logger.debug("notifier: %d event(s), %d duplicate(s)", result.delivered, result.duplicates)


def register_event_tasks(broker: AsyncBroker) -> None:
    broker.register_task(deliver_integration_events, task_name=DELIVER_BATCH_TASK)
    broker.register_task(deliver_integration_event, task_name=DELIVER_TASK)

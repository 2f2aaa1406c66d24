"""The notifier's task: a thin adapter from a broker message to the DeliverEvent use case."""

import logging
from typing import Any

from dishka.integrations.taskiq import FromDishka, inject
from taskiq import AsyncBroker

from application.messaging.usecases import DeliverEvent
from infrastructure.messaging.broker import DELIVER_TASK
from infrastructure.messaging.codec import load_event

logger = logging.getLogger(__name__)


@inject(patch_module=True)
async def deliver_integration_event(message: dict[str, Any], deliver: FromDishka[DeliverEvent]) -> None:
    try:
        event = load_event(message)
    except (KeyError, TypeError, ValueError) as error:  # not ours: dropping it is all one can do
        logger.warning("notifier: dropped a message that is not an integration event: %s", error)
        return
    result = await deliver(event)
    if not result.duplicate:
        logger.debug("notifier: %s %s to %d sink(s)", event.type, event.id, result.delivered_to)


def register_event_tasks(broker: AsyncBroker) -> None:
    broker.register_task(deliver_integration_event, task_name=DELIVER_TASK)

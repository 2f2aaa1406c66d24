import logging
from collections.abc import Sequence
from uuid import UUID

from application.submissions.ports import JudgeQueue

logger = logging.getLogger(__name__)


async def dispatch_quietly(queue: JudgeQueue, ids: Sequence[UUID]) -> None:
    """Called after the submissions are committed as queued: if waking workers fails now, the reaper
    dispatches them later, so the caller's request still succeeds."""
    if not ids:
        return
    try:
        await queue.dispatch(ids)
    except Exception as error:  # see docstring
        logger.warning("%d submission(s) stored but not dispatched yet: %s", len(ids), error)

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from domain.workers.entities import Worker


class RecentWorkers(Protocol):
    """The workers as read a moment ago (a cache in the process): a reading that may miss a worker that came
    since, or still show one that stopped. Good enough to admit, never to refuse."""

    async def list_alive_since(self, moment: datetime) -> Sequence[Worker]: ...


class _NoRecentWorkers(RecentWorkers):
    async def list_alive_since(self, moment: datetime) -> Sequence[Worker]:
        return []


NO_RECENT_WORKERS: RecentWorkers = _NoRecentWorkers()

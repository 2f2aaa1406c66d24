from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from domain.languages.entities import Language


class WorkerState(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"


@dataclass(slots=True, kw_only=True)
class Worker:
    id: UUID
    hostname: str
    concurrency: int
    languages: list[Language] = field(default_factory=list)
    started_at: datetime
    last_heartbeat_at: datetime
    isolated: bool = True

    def state(self, now: datetime, offline_after: timedelta) -> WorkerState:
        """A worker is online while its last heartbeat is younger than `offline_after`."""
        if now - self.last_heartbeat_at <= offline_after:
            return WorkerState.ONLINE
        return WorkerState.OFFLINE

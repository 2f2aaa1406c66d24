from dataclasses import dataclass

from application.clock import Clock
from application.workers.policy import WorkerLiveness
from domain.languages.entities import Language
from domain.workers.repositories import WorkerReader


@dataclass(frozen=True, slots=True)
class ListLanguages:
    """Languages judgeable now: those offered by at least one live worker. When live workers disagree on a
    language's version, the most recently heard worker's version is shown."""

    workers: WorkerReader
    clock: Clock
    liveness: WorkerLiveness

    async def __call__(self) -> list[Language]:
        alive = await self.workers.list_alive_since(self.clock.now() - self.liveness.offline_after)
        by_id: dict[str, Language] = {}
        for worker in sorted(alive, key=lambda w: w.last_heartbeat_at, reverse=True):
            for language in worker.languages:
                by_id.setdefault(language.id, language)
        return sorted(by_id.values(), key=lambda language: language.id)

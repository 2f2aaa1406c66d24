from application.clock import Clock
from application.workers.policy import WorkerLiveness
from domain.languages.entities import Language
from domain.workers.repositories import WorkerReader


class ListLanguages:
    """Languages judgeable now: those offered by at least one live worker. When live workers disagree on a
    language's version, the most recently heard worker's version is shown."""

    def __init__(self, workers: WorkerReader, clock: Clock, liveness: WorkerLiveness) -> None:
        self._workers = workers
        self._clock = clock
        self._liveness = liveness

    async def __call__(self) -> list[Language]:
        alive = await self._workers.list_alive_since(self._clock.now() - self._liveness.offline_after)
        by_id: dict[str, Language] = {}
        for worker in sorted(alive, key=lambda w: w.last_heartbeat_at, reverse=True):
            for language in worker.languages:
                by_id.setdefault(language.id, language)
        return sorted(by_id.values(), key=lambda language: language.id)

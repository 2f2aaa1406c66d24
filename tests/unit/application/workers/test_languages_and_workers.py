import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest

from application.languages.usecases import ListLanguages
from application.workers.policy import WorkerLiveness
from application.workers.usecases import ListWorkers
from domain.accounts.entities import Role
from domain.accounts.exceptions import ForbiddenError, NotAuthenticatedError
from domain.languages.entities import Language
from domain.workers.entities import Worker, WorkerState
from domain.workers.repositories import WorkerReader
from tests.unit.fakes import NOW, FakeClock, FakeIdentity, principal

LIVENESS = WorkerLiveness(offline_after=timedelta(seconds=15))
ADMIN = principal(Role.ADMIN)


class FakeWorkers(WorkerReader):
    def __init__(self, *workers: Worker) -> None:
        self._workers = list(workers)

    async def list_all(self) -> Sequence[Worker]:
        return self._workers

    async def list_alive_since(self, moment: datetime) -> Sequence[Worker]:
        return [w for w in self._workers if w.last_heartbeat_at >= moment]


def _worker(seconds_ago: float, *languages: Language) -> Worker:
    beat = NOW - timedelta(seconds=seconds_ago)
    return Worker(
        id=uuid.uuid4(),
        hostname="h",
        concurrency=1,
        languages=list(languages),
        started_at=beat,
        last_heartbeat_at=beat,
    )


def _lang(lang_id: str, version: str) -> Language:
    return Language(id=lang_id, name=lang_id.upper(), version=version)


async def test_languages_of_offline_workers_are_not_listed() -> None:
    workers = FakeWorkers(_worker(1, _lang("c", "12")), _worker(60, _lang("rust", "1.95")))
    listed = await ListLanguages(workers, FakeClock(), LIVENESS)()
    assert [lang.id for lang in listed] == ["c"]


async def test_a_language_on_two_workers_is_listed_once_with_the_freshest_version() -> None:
    workers = FakeWorkers(_worker(10, _lang("c", "old")), _worker(1, _lang("c", "new")))
    listed = await ListLanguages(workers, FakeClock(), LIVENESS)()
    assert [(lang.id, lang.version) for lang in listed] == [("c", "new")]


async def test_workers_are_listed_online_first_with_their_state() -> None:
    workers = FakeWorkers(_worker(100), _worker(2), _worker(15))
    result = await ListWorkers(FakeIdentity(ADMIN), workers, FakeClock(), LIVENESS)()
    assert [view.state for view in result.workers] == [
        WorkerState.ONLINE,
        WorkerState.ONLINE,
        WorkerState.OFFLINE,
    ]
    assert [view.seconds_since_heartbeat for view in result.workers] == [2, 15, 100]


@pytest.mark.parametrize("role", [Role.AUTHOR, Role.USER])
async def test_only_admins_list_workers(role: Role) -> None:
    with pytest.raises(ForbiddenError):
        await ListWorkers(FakeIdentity(principal(role)), FakeWorkers(_worker(1)), FakeClock(), LIVENESS)()


async def test_anonymous_caller_lists_no_workers() -> None:
    with pytest.raises(NotAuthenticatedError):
        await ListWorkers(FakeIdentity(None), FakeWorkers(_worker(1)), FakeClock(), LIVENESS)()

import uuid
from collections.abc import Sequence
from datetime import timedelta
from uuid import UUID

from application.judging.policy import JudgingPolicy
from application.judging.usecases import ReapSubmissions
from application.submissions.ports import JudgeQueue
from domain.judging.enums import SubmissionStatus
from tests.unit.application.judging.fakes import make_submission
from tests.unit.application.submissions.fakes import FakeSubmissionStore
from tests.unit.fakes import NOW, FakeClock, FakeTransactions

POLICY = JudgingPolicy(slots=1, redispatch_after_seconds=10)


class FailingQueue(JudgeQueue):
    """The broker is down: the reaper must still have requeued and committed."""

    def __init__(self) -> None:
        self.asked: list[UUID] = []

    async def dispatch(self, submission_ids: Sequence[UUID]) -> None:
        self.asked.extend(submission_ids)
        raise ConnectionError("broker down")


async def test_expired_leases_are_requeued_and_dispatched_with_the_stale_queue() -> None:
    store = FakeSubmissionStore()
    problem = uuid.uuid4()
    dead = store.put(make_submission(problem))
    dead.claim(uuid.uuid4(), NOW - timedelta(minutes=2), NOW - timedelta(minutes=1))
    live = store.put(make_submission(problem))
    live.claim(uuid.uuid4(), NOW, NOW + timedelta(minutes=1))
    stale = store.put(make_submission(problem))  # created at NOW: not stale yet
    clock, tx, queue = FakeClock(NOW + timedelta(seconds=11)), FakeTransactions(), FailingQueue()

    result = await ReapSubmissions(store=store, queue=queue, clock=clock, tx=tx, policy=POLICY)()

    assert result.expired == [dead.id]
    assert set(result.redispatched) == {dead.id, stale.id}
    assert (dead.status, live.status) == (SubmissionStatus.QUEUED, SubmissionStatus.JUDGING)
    assert tx.commits == 1
    assert set(queue.asked) == {dead.id, stale.id}
    again = await ReapSubmissions(store=store, queue=queue, clock=clock, tx=tx, policy=POLICY)()
    assert again.redispatched == []  # marked dispatched: not sent again before redispatch_after

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

import pytest

from application.accounts.ports import RateLimits, RoleQuota
from application.submissions.policy import SubmissionPolicy
from application.submissions.ports import Intake, JudgeQueue, SubmissionIntake
from application.submissions.usecases import CreateSubmission, CreateSubmissionInput
from application.webhooks.ports import TargetGuard
from application.workers.policy import WorkerLiveness
from application.workers.ports import NO_RECENT_WORKERS, RecentWorkers
from domain.accounts.entities import Principal, Role, Visibility
from domain.accounts.exceptions import NotAuthenticatedError, RateLimitedError
from domain.judging.enums import SubmissionStatus
from domain.languages.entities import Language
from domain.problems.exceptions import ProblemNotFoundError
from domain.problems.repositories import ProblemViewer
from domain.submissions.entities import SourceFile, Submission
from domain.submissions.events import SubmissionCreated
from domain.submissions.exceptions import LanguageUnavailableError
from domain.submissions.repositories import SubmitterUsage, SubmitterUsageReader
from domain.workers.entities import Worker
from domain.workers.repositories import WorkerReader
from tests.unit.application.problems.fakes import FakeProblems, make_problem
from tests.unit.fakes import NOW, FakeClock, FakeIdentity, FakeTransactions, principal

UNLIMITED = RoleQuota(submissions_per_minute=0, queued_submissions=0)
USER = principal(Role.USER)


class FakeSubmissions(SubmissionIntake, SubmitterUsageReader):
    """Counts usage as the database does: by key, or by account for submissions made without a key row.
    `staged`: the broker shares the database (the wake-up is written with the submission)."""

    def __init__(self, problems: FakeProblems) -> None:
        self.problems = problems
        self.stored: dict[UUID, Submission] = {}
        self.usage_asked: list[tuple[UUID, datetime]] = []
        self.staged = False

    async def add_if_visible(
        self, submission: Submission, viewer: ProblemViewer | None, created: SubmissionCreated
    ) -> Intake | None:
        access = self.problems.access_for(submission.problem_id, viewer)
        if access is None:
            return None
        self.stored[submission.id] = submission
        return Intake(access=access, staged=self.staged)

    async def usage_locked(self, submitter: UUID, since: datetime) -> SubmitterUsage:
        self.usage_asked.append((submitter, since))
        mine = [
            s
            for s in self.stored.values()
            if s.key_id == submitter or (s.key_id is None and s.owner_id == submitter)
        ]
        recent = [s.created_at for s in mine if s.created_at > since]
        return SubmitterUsage(
            recent=len(recent),
            unfinished=sum(s.status is not SubmissionStatus.FINISHED for s in mine),
            oldest_recent_at=min(recent, default=None),
        )

    def finish_all(self) -> None:
        for submission in self.stored.values():
            submission.status = SubmissionStatus.FINISHED


class NoWorkers(WorkerReader):
    """With no live worker a submission waits in the queue."""

    async def list_all(self) -> Sequence[Worker]:
        return []

    async def list_alive_since(self, moment: datetime) -> Sequence[Worker]:
        return []


class Workers(WorkerReader, RecentWorkers):
    """Live workers offering `languages` (one each); `reads` counts the readings."""

    def __init__(self, *languages: str) -> None:
        self.workers = [
            Worker(
                id=uuid.uuid4(),
                hostname="w",
                concurrency=1,
                languages=[Language(id=language, name=language, version="1")],
                started_at=NOW,
                last_heartbeat_at=NOW,
            )
            for language in languages
        ]
        self.reads = 0

    async def list_all(self) -> Sequence[Worker]:
        return self.workers

    async def list_alive_since(self, moment: datetime) -> Sequence[Worker]:
        self.reads += 1
        return [worker for worker in self.workers if worker.last_heartbeat_at >= moment]


class FakeQueue(JudgeQueue):
    def __init__(self) -> None:
        self.dispatched: list[UUID] = []

    async def dispatch(self, submission_ids: Sequence[UUID]) -> None:
        self.dispatched.extend(submission_ids)


class AllowAllTargets(TargetGuard):
    async def vet(self, url: str) -> None:
        return None


class World:
    def __init__(self, **quotas: RoleQuota) -> None:
        by_role = {role: quotas.get(role.value, UNLIMITED) for role in Role}
        self.limits = RateLimits(by_role=by_role)
        self.problem = make_problem(visibility=Visibility.PUBLIC)
        self.problems = FakeProblems(self.problem)
        self.submissions = FakeSubmissions(self.problems)
        self.queue = FakeQueue()
        self.clock = FakeClock()
        self.tx = FakeTransactions()
        self.workers: WorkerReader = NoWorkers()
        self.recent_workers: RecentWorkers = NO_RECENT_WORKERS

    async def submit(self, caller: Principal | None = USER, problem_id: UUID | None = None) -> Submission:
        use_case = CreateSubmission(
            identity=FakeIdentity(caller),
            limits=self.limits,
            intake=self.submissions,
            usage=self.submissions,
            workers=self.workers,
            recent_workers=self.recent_workers,
            queue=self.queue,
            clock=self.clock,
            tx=self.tx,
            policy=SubmissionPolicy(source_max_bytes=1000),
            liveness=WorkerLiveness(offline_after=timedelta(seconds=15)),
            guard=AllowAllTargets(),
        )
        return await use_case(
            CreateSubmissionInput(
                problem_id=problem_id or self.problem.id,
                language="python3",
                files=[SourceFile(name="main.py", content=b"print(1)")],
            )
        )


async def test_submission_is_stored_with_its_account_and_key_then_dispatched() -> None:
    world = World()
    submission = await world.submit(USER)
    assert world.submissions.stored == {submission.id: submission}
    assert (submission.owner_id, submission.key_id) == (USER.account_id, USER.key_id)
    assert (submission.status, submission.created_at) == (SubmissionStatus.QUEUED, NOW)
    assert (world.tx.commits, world.queue.dispatched) == (1, [submission.id])


async def test_a_wake_up_written_with_the_submission_is_not_dispatched_again() -> None:
    world = World()
    world.submissions.staged = True
    submission = await world.submit(USER)
    assert (list(world.submissions.stored), world.tx.commits, world.queue.dispatched) == (
        [submission.id],
        1,
        [],
    )


async def test_anonymous_caller_cannot_submit() -> None:
    world = World()
    with pytest.raises(NotAuthenticatedError):
        await world.submit(None)
    assert world.submissions.stored == {}


@pytest.mark.parametrize("caller", [USER, principal(Role.AUTHOR)], ids=["user", "other author"])
async def test_submitting_to_someone_elses_draft_is_problem_not_found(caller: Principal) -> None:
    world = World(user=RoleQuota(submissions_per_minute=5, queued_submissions=5))
    world.problem.visibility = Visibility.DRAFT
    with pytest.raises(ProblemNotFoundError):
        await world.submit(caller)
    assert (world.submissions.stored, world.tx.commits, world.queue.dispatched) == ({}, 0, [])


async def test_submitting_to_an_unknown_problem_is_problem_not_found() -> None:
    with pytest.raises(ProblemNotFoundError):
        await World().submit(USER, problem_id=uuid.uuid4())


async def test_the_owner_submits_to_their_own_draft() -> None:
    world = World()
    world.problem.visibility = Visibility.DRAFT
    owner = principal(Role.AUTHOR, world.problem.owner_id)
    assert (await world.submit(owner)).owner_id == owner.account_id


async def test_over_the_per_minute_limit_retry_after_counts_from_the_oldest_recent_submission() -> None:
    world = World(user=RoleQuota(submissions_per_minute=2, queued_submissions=0))
    await world.submit()
    world.clock.advance(timedelta(seconds=20))
    await world.submit()
    world.clock.advance(timedelta(seconds=10, milliseconds=500))
    with pytest.raises(RateLimitedError) as raised:
        await world.submit()
    assert raised.value.retry_after_seconds == 30  # the first leaves the window 29.5 s from now
    assert (len(world.submissions.stored), world.tx.commits) == (2, 2)
    assert world.submissions.usage_asked[-1] == (USER.key_id, world.clock.now() - timedelta(minutes=1))


async def test_retry_after_is_at_least_one_second() -> None:
    world = World(user=RoleQuota(submissions_per_minute=1, queued_submissions=0))
    await world.submit()
    world.clock.advance(timedelta(seconds=59, milliseconds=999))
    with pytest.raises(RateLimitedError) as raised:
        await world.submit()
    assert raised.value.retry_after_seconds == 1


async def test_per_minute_limit_recovers_once_the_oldest_submission_leaves_the_window() -> None:
    world = World(user=RoleQuota(submissions_per_minute=2, queued_submissions=0))
    await world.submit()
    world.clock.advance(timedelta(seconds=20))
    await world.submit()
    world.clock.advance(timedelta(seconds=39))
    with pytest.raises(RateLimitedError):
        await world.submit()
    world.clock.advance(timedelta(seconds=1, microseconds=1))
    await world.submit()
    assert len(world.submissions.stored) == 3


async def test_waiting_retry_after_seconds_is_enough() -> None:
    world = World(user=RoleQuota(submissions_per_minute=1, queued_submissions=0))
    await world.submit()
    world.clock.advance(timedelta(seconds=59))
    with pytest.raises(RateLimitedError) as raised:
        await world.submit()
    world.clock.advance(timedelta(seconds=raised.value.retry_after_seconds))
    await world.submit()


async def test_queued_limit_counts_unfinished_submissions_only() -> None:
    world = World(user=RoleQuota(submissions_per_minute=0, queued_submissions=2))
    await world.submit()
    await world.submit()
    with pytest.raises(RateLimitedError) as raised:
        await world.submit()
    assert raised.value.retry_after_seconds > 0
    assert raised.value.details == {"limit": 2}
    world.submissions.finish_all()
    await world.submit()
    assert len(world.submissions.stored) == 3


async def test_zero_quotas_mean_unlimited() -> None:
    world = World(user=UNLIMITED)
    for _ in range(30):
        await world.submit()
    assert len(world.submissions.stored) == 30


async def test_each_role_has_its_own_quota() -> None:
    world = World(
        user=RoleQuota(submissions_per_minute=1, queued_submissions=0),
        author=RoleQuota(submissions_per_minute=3, queued_submissions=0),
    )
    author, admin = principal(Role.AUTHOR), principal(Role.ADMIN)
    await world.submit(USER)
    with pytest.raises(RateLimitedError):
        await world.submit(USER)
    for _ in range(3):
        await world.submit(author)
    with pytest.raises(RateLimitedError):
        await world.submit(author)
    for _ in range(5):
        await world.submit(admin)


async def test_limits_are_per_key() -> None:
    world = World(user=RoleQuota(submissions_per_minute=1, queued_submissions=0))
    second_key = dataclasses.replace(USER, key_id=uuid.uuid4())
    await world.submit(USER)
    await world.submit(second_key)
    with pytest.raises(RateLimitedError):
        await world.submit(second_key)


async def test_the_environment_admin_key_is_limited_by_its_account() -> None:
    world = World(admin=RoleQuota(submissions_per_minute=1, queued_submissions=0))
    static_admin = Principal(account_id=uuid.uuid4(), role=Role.ADMIN, key_id=None)
    await world.submit(static_admin)
    with pytest.raises(RateLimitedError):
        await world.submit(static_admin)
    assert world.submissions.usage_asked[-1][0] == static_admin.account_id


async def test_a_recent_reading_that_offers_the_language_admits_without_a_fresh_one() -> None:
    world = World()
    world.workers, world.recent_workers = (fresh := Workers("c")), Workers("python3")
    await world.submit(USER)
    assert (len(world.submissions.stored), fresh.reads) == (1, 0)


async def test_a_recent_reading_without_the_language_never_refuses_a_fresh_one_decides() -> None:
    world = World()
    world.workers, world.recent_workers = Workers("python3"), Workers("c")  # a python3 worker just came
    await world.submit(USER)
    world.workers = Workers("c")  # the python3 worker left; the recent reading has no python3 either
    with pytest.raises(LanguageUnavailableError):
        await world.submit(USER)
    assert len(world.submissions.stored) == 1


async def test_a_recent_reading_with_no_live_worker_admits_without_a_fresh_one() -> None:
    world = World()
    world.workers, world.recent_workers = (fresh := Workers("c")), Workers()  # none live a moment ago
    await world.submit(USER)
    assert (len(world.submissions.stored), fresh.reads) == (1, 0)

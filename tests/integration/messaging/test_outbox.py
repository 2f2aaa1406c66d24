"""The transactional outbox against the real PostgreSQL: rows are written by the transaction of the change
(through the unit of work), and nothing of a rolled-back one."""

import json
import uuid

import httpx
from dishka import AsyncContainer

from application.messaging.bus import Handlers
from application.messaging.events import EventRecorder
from application.messaging.handlers import PublishSubmissionEvent
from application.transactions import TransactionManager
from domain.judging.enums import Verdict
from domain.submissions.entities import Submission
from domain.submissions.events import SubmissionCreated, SubmissionRejudged, TestJudged
from domain.submissions.repositories import SubmissionReader, SubmissionSaver
from tests.fakes import FakeClock
from tests.integration.messaging.helpers import outbox_rows
from tests.integration.submissions.helpers import add_test, create_problem


async def test_a_submission_writes_its_created_event_to_the_outbox(
    client: httpx.AsyncClient, database_url: str
) -> None:
    problem_id = await create_problem(client)
    await add_test(client, problem_id, "1 2\n", "3\n")
    created = await client.post(
        "/api/v1/submissions", json={"problemId": problem_id, "language": "python3", "source": "print(3)"}
    )
    assert created.status_code == 201, created.text
    submission_id = created.json()["id"]

    rows = await outbox_rows(database_url, submission_id)
    assert [row["type"] for row in rows] == ["submission.created"]
    row = rows[0]
    assert json.loads(row["payload"]) == {
        "submissionId": submission_id,
        "problemId": problem_id,
        "language": "python3",
        "status": "queued",
    }
    assert json.loads(row["audience"])["problemId"] == problem_id
    assert row["published_at"] is None or row["published_at"] >= row["created_at"]
    tests_changed = await outbox_rows(database_url, problem_id)
    assert "problem.tests_changed" in [row["type"] for row in tests_changed]


async def _stored_submission(container: AsyncContainer, clock: FakeClock, problem_id: str) -> Submission:
    submission = Submission(
        id=uuid.uuid4(),
        problem_id=uuid.UUID(problem_id),
        language="python3",
        files=[],
        created_at=clock.now(),
    )
    async with container() as request:
        await (await request.get(SubmissionSaver)).add(submission)
        await (await request.get(TransactionManager)).commit()
    return submission


async def test_a_rolled_back_change_leaves_no_outbox_row(
    client: httpx.AsyncClient, container: AsyncContainer, clock: FakeClock, database_url: str
) -> None:
    problem_id = await create_problem(client)
    submission = await _stored_submission(container, clock, problem_id)
    async with container() as request:
        tx = await request.get(TransactionManager)
        await (await request.get(SubmissionSaver)).requeue([submission.id])
        (await request.get(EventRecorder)).record(SubmissionRejudged(submission_id=submission.id))
        await tx.rollback()
        await tx.commit()  # the events went with the rollback: this commit has nothing to publish
    assert await outbox_rows(database_url, str(submission.id)) == []


async def test_the_change_and_its_outbox_row_commit_together(
    client: httpx.AsyncClient, container: AsyncContainer, clock: FakeClock, database_url: str
) -> None:
    problem_id = await create_problem(client)
    submission = await _stored_submission(container, clock, problem_id)
    async with container() as request:
        (await request.get(EventRecorder)).record(SubmissionRejudged(submission_id=submission.id))
        await (await request.get(SubmissionSaver)).requeue([submission.id])
        await (await request.get(TransactionManager)).commit()
    rows = await outbox_rows(database_url, str(submission.id))
    assert [row["type"] for row in rows] == ["submission.rejudged"]


async def test_a_failing_event_handler_rolls_the_change_back_with_its_events(
    client: httpx.AsyncClient, container: AsyncContainer, clock: FakeClock, database_url: str
) -> None:
    problem_id = await create_problem(client)
    (await container.get(Handlers)).event(_Unpublishable, PublishSubmissionEvent)
    async with container() as request:
        submission = Submission(
            id=uuid.uuid4(),
            problem_id=uuid.UUID(problem_id),
            language="python3",
            files=[],
            created_at=clock.now(),
        )
        await (await request.get(SubmissionSaver)).add(submission)
        recorder = await request.get(EventRecorder)
        recorder.record(
            SubmissionCreated(
                submission_id=submission.id,
                problem_id=submission.problem_id,
                owner_id=None,
                language="python3",
                created_at=clock.now(),
            ),
            "an event nobody translates",  # no handler: ignored
        )
        recorder.record(_Unpublishable())  # its handler (registered below) fails
        tx = await request.get(TransactionManager)
        try:
            await tx.commit()
        except RuntimeError:
            pass
        else:
            raise AssertionError("the commit should have failed")
        assert await (await request.get(SubmissionReader)).get(submission.id) is None
    assert await outbox_rows(database_url, str(submission.id)) == []


class _Unpublishable:
    """An event whose handler fails: reading its subject raises."""

    @property
    def submission_id(self) -> object:
        raise RuntimeError("the handler failed")


async def test_revoking_a_key_through_the_bus_writes_key_revoked(
    client: httpx.AsyncClient, database_url: str
) -> None:
    import asyncpg

    created = await client.post("/api/v1/keys", json={"name": "ci", "role": "user", "accountName": "ci-bot"})
    assert created.status_code == 201, created.text
    key_id = created.json()["id"]
    revoked = await client.delete(f"/api/v1/keys/{key_id}")
    assert revoked.status_code == 204, revoked.text
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch("SELECT type, payload FROM outbox WHERE payload->>'keyId' = $1", key_id)
    finally:
        await connection.close()
    assert [row["type"] for row in rows] == ["key.revoked"]


async def test_events_recorded_together_are_stored_as_one_would_be_each_in_their_order(
    client: httpx.AsyncClient, container: AsyncContainer, clock: FakeClock, database_url: str
) -> None:
    problem_id = await create_problem(client)
    submission = await _stored_submission(container, clock, problem_id)
    judged = [
        TestJudged(
            submission_id=submission.id,
            attempt=1,
            index=index,
            test_id=uuid.uuid4(),
            name=f"t{index}",
            group="default",
            verdict=Verdict.WRONG_ANSWER if index == 2 else Verdict.ACCEPTED,
            time_ms=index,
            wall_time_ms=2 * index,
            memory_kb=100 + index,
            score=0.5 if index == 2 else None,
            checker_message="line 1: expected 'é\\n\"', got '\\u0001'" if index == 2 else "",
        )
        for index in (1, 2, 3)
    ]
    async with container() as request:
        (await request.get(EventRecorder)).record(judged[0])
        await (await request.get(TransactionManager)).commit()  # one event: the single-row statement
    async with container() as request:
        (await request.get(EventRecorder)).record(*judged)
        await (await request.get(TransactionManager)).commit()  # a run of three: one statement

    rows = await outbox_rows(database_url, str(submission.id))
    assert [row["type"] for row in rows] == ["submission.test_judged"] * 4
    single, *batch = rows
    assert [json.loads(row["payload"])["index"] for row in batch] == [1, 2, 3]
    assert [row["seq"] for row in batch] == sorted(row["seq"] for row in batch)
    for row in ("payload", "audience", "restricted"):
        assert json.loads(batch[0][row]) == json.loads(single[row])
    assert batch[0]["occurred_at"] == single["occurred_at"] == clock.now()
    assert json.loads(batch[1]["restricted"]) == {"checkerMessage": judged[1].checker_message}
    assert json.loads(batch[1]["payload"])["score"] == 0.5
    assert len({row["id"] for row in rows}) == 4

"""The submit's one-statement write (SqlSubmissionIntake) against the real PostgreSQL: the submission, its
outbox row and the broker's wake-up stand or fall together, and what it writes is what the general
writers (SqlOutbox, the broker's formatter) would write."""

import json
import uuid
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest
from dishka import AsyncContainer
from taskiq import TaskiqMessage

from application.submissions.ports import SubmissionIntake
from domain.submissions.entities import SourceFile, Submission
from domain.submissions.events import SubmissionCreated
from infrastructure.queue.broker import BrokerStarter
from infrastructure.queue.judge_queue import JUDGE_TASK, SameDatabaseKick
from infrastructure.queue.postgres_broker import PostgresBroker
from tests.integration.submissions.helpers import create_problem, sql_rows


def _submission(problem_id: str) -> Submission:
    return Submission(
        id=uuid.uuid4(),
        problem_id=uuid.UUID(problem_id),
        language="python3",
        files=[SourceFile(name="main.py", content=b"print(1)")],
        created_at=datetime.now(UTC),
    )


async def test_the_created_event_names_the_owner_of_the_problem_the_statement_found(
    client: httpx.AsyncClient, database_url: str
) -> None:
    problem_id = await create_problem(client)
    created = await client.post(
        "/api/v1/submissions", json={"problemId": problem_id, "language": "python3", "source": "print(3)"}
    )
    assert created.status_code == 201, created.text
    [owner] = await sql_rows(
        database_url, "SELECT owner_id FROM problems WHERE id = $1", uuid.UUID(problem_id)
    )
    [submitter] = await sql_rows(
        database_url, "SELECT owner_id FROM submissions WHERE id = $1", uuid.UUID(created.json()["id"])
    )
    [event] = await sql_rows(
        database_url, "SELECT audience FROM outbox WHERE payload->>'submissionId' = $1", created.json()["id"]
    )
    owner_id = owner["owner_id"]
    assert json.loads(event["audience"]) == {
        "accountId": str(submitter["owner_id"]),
        "problemId": problem_id,
        "problemOwnerId": str(owner_id) if owner_id is not None else None,
    }


async def test_a_failing_part_of_the_write_stores_nothing_of_it(
    client: httpx.AsyncClient, container: AsyncContainer, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outbox row cannot be inserted (its id is taken): neither the submission nor its wake-up is."""
    problem_id = await create_problem(client)
    submission = _submission(problem_id)
    taken = uuid.uuid4()
    await sql_rows(
        database_url,
        "INSERT INTO outbox (id, type, payload, audience, restricted, occurred_at) "
        "VALUES ($1, 'x', '{}', '{}', '{}', now())",
        taken,
    )
    wake_ups = len(await sql_rows(database_url, "SELECT id FROM taskiq_messages"))
    monkeypatch.setattr("application.messaging.translation.uuid.uuid4", lambda: taken)
    async with container() as request:
        intake = await request.get(SubmissionIntake)
        with pytest.raises(asyncpg.UniqueViolationError):
            await intake.add_if_visible(submission, None, SubmissionCreated.of(submission))
    monkeypatch.undo()
    assert await sql_rows(database_url, "SELECT id FROM submissions WHERE id = $1", submission.id) == []
    assert len(await sql_rows(database_url, "SELECT id FROM taskiq_messages")) == wake_ups


async def test_a_problem_the_viewer_cannot_see_stores_nothing(
    client: httpx.AsyncClient, container: AsyncContainer, database_url: str
) -> None:
    submission = _submission(str(uuid.uuid4()))  # no such problem
    before = len(await sql_rows(database_url, "SELECT id FROM outbox"))
    async with container() as request:
        assert (
            await (await request.get(SubmissionIntake)).add_if_visible(
                submission, None, SubmissionCreated.of(submission)
            )
            is None
        )
    assert await sql_rows(database_url, "SELECT id FROM submissions WHERE id = $1", submission.id) == []
    assert len(await sql_rows(database_url, "SELECT id FROM outbox")) == before


async def test_a_wake_up_is_the_message_the_broker_would_write(container: AsyncContainer) -> None:
    broker = (await container.get(BrokerStarter)).broker
    assert isinstance(broker, PostgresBroker)
    kick = SameDatabaseKick(await container.get(BrokerStarter), same_database=True)
    first, second = kick.values(broker), kick.values(broker)
    assert first["task_id"] != second["task_id"]
    for values in (first, second):
        expected = broker.formatter.dumps(
            TaskiqMessage(
                task_id=values["task_id"],
                task_name=JUDGE_TASK,
                labels={},
                labels_types={},
                args=[],
                kwargs={},
            )
        )
        assert values["message"] == expected.message.decode()
        assert (values["task_name"], json.loads(values["labels"])) == (JUDGE_TASK, {})

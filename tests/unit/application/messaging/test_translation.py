"""Integration event payloads: the documented fields, and a checker's message only in `restricted`."""

import uuid
from datetime import UTC, datetime

from application.messaging import integration as types
from application.messaging.integration import Audience
from application.messaging.translation import (
    ACCOUNT_EVENTS,
    PROBLEM_EVENTS,
    RUN_EVENTS,
    SUBMISSION_EVENTS,
    integration_event,
)
from domain.accounts.events import KeyRevoked
from domain.judging.enums import Verdict
from domain.problems.events import ProblemChanged
from domain.submissions.events import SubmissionJudged, TestJudged

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
AUDIENCE = Audience(account_id=uuid.uuid4(), problem_id=uuid.uuid4(), problem_owner_id=uuid.uuid4())


def test_every_catalogued_type_has_a_domain_event() -> None:
    translated = {
        type_
        for type_, _ in (
            *SUBMISSION_EVENTS.values(),
            *PROBLEM_EVENTS.values(),
            *ACCOUNT_EVENTS.values(),
            *RUN_EVENTS.values(),
        )
    }
    assert translated == set(types.EVENT_TYPES)


def test_a_judged_test_keeps_its_checker_message_out_of_the_payload() -> None:
    submission_id, test_id = uuid.uuid4(), uuid.uuid4()
    event = integration_event(
        TestJudged(
            submission_id=submission_id,
            attempt=1,
            index=2,
            test_id=test_id,
            name="03",
            group="default",
            verdict=Verdict.WRONG_ANSWER,
            time_ms=12,
            wall_time_ms=20,
            memory_kb=3000,
            checker_message="expected zebra, found horse",
        ),
        AUDIENCE,
        NOW,
    )
    assert event.type == types.SUBMISSION_TEST_JUDGED
    assert event.payload == {
        "submissionId": str(submission_id),
        "attempt": 1,
        "index": 2,
        "testId": str(test_id),
        "name": "03",
        "group": "default",
        "verdict": "wrong_answer",
        "timeMs": 12,
        "wallTimeMs": 20,
        "memoryKb": 3000,
        "score": None,
    }
    assert "zebra" not in str(event.payload)
    assert event.restricted == {"checkerMessage": "expected zebra, found horse"}
    assert event.audience == AUDIENCE
    assert event.occurred_at == NOW


def test_a_judged_submission_carries_its_verdict_and_score() -> None:
    submission_id = uuid.uuid4()
    event = integration_event(
        SubmissionJudged(
            submission_id=submission_id,
            attempt=2,
            verdict=Verdict.ACCEPTED,
            score=100.0,
            max_score=100.0,
            time_ms=30,
            memory_kb=9000,
            finished_at=NOW,
        ),
        AUDIENCE,
        NOW,
    )
    assert event.type == types.SUBMISSION_JUDGED
    assert event.payload["verdict"] == "accepted"
    assert event.payload["score"] == 100.0
    assert event.payload["finishedAt"] == NOW.isoformat()
    assert event.restricted == {}


def test_each_translation_gets_a_new_id() -> None:
    revoked = KeyRevoked(key_id=uuid.uuid4(), account_id=uuid.uuid4(), revoked_at=NOW)
    first, second = (integration_event(revoked, Audience(), NOW) for _ in range(2))
    assert first.id != second.id
    assert first.payload == {"keyId": str(revoked.key_id), "revokedAt": NOW.isoformat()}


def test_a_problem_change_names_the_changed_fields() -> None:
    change = ProblemChanged(problem_id=uuid.uuid4(), owner_id=None, slug="ab", fields=("limits", "title"))
    event = integration_event(change, Audience(), NOW)
    assert event.type == types.PROBLEM_CHANGED
    assert event.payload == {"problemId": str(change.problem_id), "slug": "ab", "fields": ["limits", "title"]}

"""Domain events → integration events: what leaves the judge, and for whom (the README's event catalogue).

Field names are camelCase like the REST API. Anything only a problem's managers may see goes to
`restricted` (a checker's message quotes the expected answer), never to `payload`."""

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from application.messaging import integration as types
from application.messaging.integration import Audience, IntegrationEvent
from domain.accounts.events import KeyRevoked
from domain.problems.events import ProblemChanged, ProblemPublished, TestsChanged
from domain.runs.events import RunFinished
from domain.submissions.events import (
    JudgingStarted,
    SubmissionCreated,
    SubmissionJudged,
    SubmissionRejudged,
    SubmissionRequeued,
    TestJudged,
)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _created(event: SubmissionCreated) -> tuple[dict[str, object], dict[str, object]]:
    return {
        "submissionId": str(event.submission_id),
        "problemId": str(event.problem_id),
        "language": event.language,
        "status": "queued",
    }, {}


def _started(event: JudgingStarted) -> tuple[dict[str, object], dict[str, object]]:
    return {"submissionId": str(event.submission_id), "attempt": event.attempt, "status": "judging"}, {}


def _test(event: TestJudged) -> tuple[dict[str, object], dict[str, object]]:
    payload: dict[str, object] = {
        "submissionId": str(event.submission_id),
        "attempt": event.attempt,
        "index": event.index,
        "testId": str(event.test_id),
        "name": event.name,
        "group": event.group,
        "verdict": event.verdict.value,
        "timeMs": event.time_ms,
        "wallTimeMs": event.wall_time_ms,
        "memoryKb": event.memory_kb,
        "score": event.score,
    }
    return payload, {"checkerMessage": event.checker_message} if event.checker_message else {}


def _judged(event: SubmissionJudged) -> tuple[dict[str, object], dict[str, object]]:
    return {
        "submissionId": str(event.submission_id),
        "attempt": event.attempt,
        "status": "finished",
        "verdict": event.verdict.value,
        "score": event.score,
        "maxScore": event.max_score,
        "timeMs": event.time_ms,
        "memoryKb": event.memory_kb,
        "finishedAt": _iso(event.finished_at),
    }, {}


def _requeued(event: SubmissionRequeued) -> tuple[dict[str, object], dict[str, object]]:
    return {"submissionId": str(event.submission_id), "status": "queued", "reason": event.reason.value}, {}


def _rejudged(event: SubmissionRejudged) -> tuple[dict[str, object], dict[str, object]]:
    return {"submissionId": str(event.submission_id), "status": "queued"}, {}


def _published(event: ProblemPublished) -> tuple[dict[str, object], dict[str, object]]:
    return {"problemId": str(event.problem_id), "slug": event.slug}, {}


def _changed(event: ProblemChanged) -> tuple[dict[str, object], dict[str, object]]:
    return {"problemId": str(event.problem_id), "slug": event.slug, "fields": list(event.fields)}, {}


def _tests(event: TestsChanged) -> tuple[dict[str, object], dict[str, object]]:
    return {
        "problemId": str(event.problem_id),
        "testCount": event.test_count,
        "added": event.added,
        "removed": event.removed,
    }, {}


def _revoked(event: KeyRevoked) -> tuple[dict[str, object], dict[str, object]]:
    return {"keyId": str(event.key_id), "revokedAt": _iso(event.revoked_at)}, {}


def _run_finished(event: RunFinished) -> tuple[dict[str, object], dict[str, object]]:
    return {
        "runId": str(event.run_id),
        "status": "finished",
        "outcome": event.outcome.value,
        "verdict": event.verdict.value if event.verdict else None,
        "finishedAt": _iso(event.finished_at),
    }, {}


Render = Callable[[Any], tuple[dict[str, object], dict[str, object]]]

SUBMISSION_EVENTS: Mapping[type, tuple[str, Render]] = {
    SubmissionCreated: (types.SUBMISSION_CREATED, _created),
    JudgingStarted: (types.SUBMISSION_JUDGING_STARTED, _started),
    TestJudged: (types.SUBMISSION_TEST_JUDGED, _test),
    SubmissionJudged: (types.SUBMISSION_JUDGED, _judged),
    SubmissionRequeued: (types.SUBMISSION_REQUEUED, _requeued),
    SubmissionRejudged: (types.SUBMISSION_REJUDGED, _rejudged),
}
"""Events about a submission: heard by its submitter, its problem's owner and admins."""

PROBLEM_EVENTS: Mapping[type, tuple[str, Render]] = {
    ProblemPublished: (types.PROBLEM_PUBLISHED, _published),
    ProblemChanged: (types.PROBLEM_CHANGED, _changed),
    TestsChanged: (types.PROBLEM_TESTS_CHANGED, _tests),
}
"""Events about a problem: heard by its owner and admins."""

ACCOUNT_EVENTS: Mapping[type, tuple[str, Render]] = {KeyRevoked: (types.KEY_REVOKED, _revoked)}
"""Events about a key: heard by its account and admins."""


RUN_EVENTS: Mapping[type, tuple[str, Render]] = {RunFinished: (types.RUN_FINISHED, _run_finished)}
"""Events about an ad-hoc run: heard by its creator (its callback_url, its webhooks) and admins."""


_ALL: Mapping[type, tuple[str, Render]] = {
    **SUBMISSION_EVENTS,
    **PROBLEM_EVENTS,
    **ACCOUNT_EVENTS,
    **RUN_EVENTS,
}


def integration_event(event: object, audience: Audience, occurred_at: datetime) -> IntegrationEvent:
    """The integration event for a domain event, with a new stable id."""
    kind = type(event)
    type_, render = _ALL[kind]
    payload, restricted = render(event)
    return IntegrationEvent(
        id=uuid.uuid4(),
        type=type_,
        occurred_at=occurred_at,
        payload=payload,
        audience=audience,
        restricted=restricted,
    )

"""Integration events: what leaves the judge (webhooks, per-submission callbacks, live progress).

An integration event is written to the outbox in the same transaction as the change that raised it and is
delivered at least once; its `id` is stable across redeliveries, so every consumer is idempotent by it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

# The catalogue of integration event types (documented in the README's event catalogue).
SUBMISSION_CREATED = "submission.created"
SUBMISSION_JUDGING_STARTED = "submission.judging_started"
SUBMISSION_TEST_JUDGED = "submission.test_judged"
SUBMISSION_JUDGED = "submission.judged"
SUBMISSION_REQUEUED = "submission.requeued"
SUBMISSION_REJUDGED = "submission.rejudged"
PROBLEM_PUBLISHED = "problem.published"
PROBLEM_CHANGED = "problem.changed"
PROBLEM_TESTS_CHANGED = "problem.tests_changed"
KEY_REVOKED = "key.revoked"
RUN_FINISHED = "run.finished"

EVENT_TYPES = (
    SUBMISSION_CREATED,
    SUBMISSION_JUDGING_STARTED,
    SUBMISSION_TEST_JUDGED,
    SUBMISSION_JUDGED,
    SUBMISSION_REQUEUED,
    SUBMISSION_REJUDGED,
    PROBLEM_PUBLISHED,
    PROBLEM_CHANGED,
    PROBLEM_TESTS_CHANGED,
    KEY_REVOKED,
    RUN_FINISHED,
)


@dataclass(frozen=True, slots=True)
class Audience:
    """Who may hear an event, by the same rules as reading its subject.

    `account_id` is the account the subject belongs to (a submission's submitter, a key's account);
    `problem_owner_id` the account that manages the problem the subject is about (it hears about its problems'
    submissions). Admins hear everything.
    """

    account_id: UUID | None = None
    problem_id: UUID | None = None
    problem_owner_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class IntegrationEvent:
    """One event on its way out.

    `payload` is what anyone allowed to read the subject may see (JSON-ready: str, int, float, bool, None,
    lists and dicts of them). `restricted` holds the extra fields only the problem's managers and admins may
    see (hidden tests' checker messages, for instance); a consumer speaking to anyone else drops it.
    """

    id: UUID
    type: str
    occurred_at: datetime
    payload: Mapping[str, object]
    audience: Audience = field(default_factory=Audience)
    restricted: Mapping[str, object] = field(default_factory=dict)


class EventSink(Protocol):
    """A consumer of integration events (webhooks, live progress, logs). Must be idempotent by `event.id`."""

    async def handle(self, event: IntegrationEvent) -> None: ...

    async def handle_many(self, events: Sequence[IntegrationEvent]) -> None:
        """A batch, in order, ids distinct: all of it or an error (the batch is handed over again, so a
        sink that did part of it must be idempotent by `event.id`). A sink that can take a batch in fewer
        round trips overrides this."""
        for event in events:
            await self.handle(event)

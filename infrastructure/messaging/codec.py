"""Integration events as JSON-ready dicts: the outbox row's columns and the broker message alike."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from application.messaging.integration import Audience, IntegrationEvent

OUTBOX_CHANNEL = "outbox"
"""NOTIFY channel: an outbox row was committed (the relay wakes)."""

PROGRESS_CHANNEL = "submission_progress"
"""NOTIFY channel, payload a submission id: its progress changed (live streams wake)."""


def dump_audience(audience: Audience) -> dict[str, str | None]:
    return {
        "accountId": _text(audience.account_id),
        "problemId": _text(audience.problem_id),
        "problemOwnerId": _text(audience.problem_owner_id),
    }


def load_audience(raw: Mapping[str, Any]) -> Audience:
    return Audience(
        account_id=_uuid(raw.get("accountId")),
        problem_id=_uuid(raw.get("problemId")),
        problem_owner_id=_uuid(raw.get("problemOwnerId")),
    )


def dump_event(event: IntegrationEvent) -> dict[str, Any]:
    return {
        "id": str(event.id),
        "type": event.type,
        "occurredAt": event.occurred_at.isoformat(),
        "payload": dict(event.payload),
        "audience": dump_audience(event.audience),
        "restricted": dict(event.restricted),
    }


def load_event(raw: Mapping[str, Any]) -> IntegrationEvent:
    """Raises KeyError, TypeError or ValueError on a message that is not an event."""
    return IntegrationEvent(
        id=UUID(str(raw["id"])),
        type=str(raw["type"]),
        occurred_at=datetime.fromisoformat(str(raw["occurredAt"])),
        payload=dict(raw["payload"]),
        audience=load_audience(raw.get("audience") or {}),
        restricted=dict(raw.get("restricted") or {}),
    )


def _text(value: UUID | None) -> str | None:
    return None if value is None else str(value)


def _uuid(value: object) -> UUID | None:
    return None if value is None else UUID(str(value))

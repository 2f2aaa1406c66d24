from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from domain.webhooks.entities import Delivery, DeliveryState, Endpoint
from infrastructure.http.api.v1.models import CamelBase

EVENT_TYPES_FIELD = Field(
    min_length=1,
    max_length=20,
    examples=[["submission.judged"]],
    description="Which events: submission.created, submission.judging_started, submission.test_judged, "
    "submission.judged, submission.requeued, submission.rejudged, problem.published, problem.changed, "
    "problem.tests_changed, key.revoked.",
)


class CreateWebhookModel(CamelBase):
    url: Annotated[
        str, Field(min_length=1, max_length=2000, examples=["https://ci.example.com/judge-events"])
    ]
    event_types: Annotated[list[Annotated[str, Field(max_length=64)]], EVENT_TYPES_FIELD]
    problem_id: UUID | None = Field(default=None, description="Only events about this problem.")
    description: Annotated[str, Field(max_length=200)] = ""


class UpdateWebhookModel(CamelBase):
    """Give only what changes; `problemId: null` listens to every problem again."""

    url: Annotated[str, Field(min_length=1, max_length=2000)] | None = None
    event_types: Annotated[list[Annotated[str, Field(max_length=64)]], EVENT_TYPES_FIELD] | None = None
    problem_id: UUID | None = None
    description: Annotated[str, Field(max_length=200)] | None = None
    enabled: bool | None = Field(
        default=None, description="false: pause it; true: resume it (after a disable)."
    )


class WebhookModel(CamelBase):
    id: UUID
    account_id: UUID
    url: str
    event_types: list[str]
    problem_id: UUID | None
    description: str
    enabled: bool
    disabled_reason: str | None = Field(
        description="Why it was disabled (410 Gone, failing too long, by hand)."
    )
    failing_since: datetime | None = Field(description="The first failed try since the last success.")
    created_at: datetime


class CreatedWebhookModel(WebhookModel):
    secret: str = Field(description="The `whsec_` signing secret. Shown only now: store it.")


class RotatedSecretModel(CamelBase):
    secret: str = Field(description="The new `whsec_` signing secret. Shown only now.")
    previous_valid_until: datetime = Field(description="Until then deliveries carry both signatures.")


class CallbackSecretModel(CamelBase):
    secret: str = Field(description="The `whsec_` secret that signs this account's callbackUrl deliveries.")


class DeliveryModel(CamelBase):
    id: UUID
    event_id: UUID = Field(description="Also the `webhook-id` header of every try.")
    event_type: str
    state: DeliveryState
    attempts: int
    last_status: int | None = Field(description="The receiver's last HTTP status (null: no answer).")
    last_error: str | None
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None = Field(description="When the next try is due (null when not pending).")
    delivered_at: datetime | None
    created_at: datetime


def to_webhook(endpoint: Endpoint) -> WebhookModel:
    return WebhookModel(
        id=endpoint.id,
        account_id=endpoint.account_id,
        url=endpoint.url,
        event_types=endpoint.event_types,
        problem_id=endpoint.problem_id,
        description=endpoint.description,
        enabled=endpoint.enabled,
        disabled_reason=endpoint.disabled_reason,
        failing_since=endpoint.failing_since,
        created_at=endpoint.created_at,
    )


def to_delivery(delivery: Delivery) -> DeliveryModel:
    return DeliveryModel(
        id=delivery.id,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        state=delivery.state,
        attempts=delivery.attempts,
        last_status=delivery.last_status,
        last_error=delivery.last_error,
        last_attempt_at=delivery.last_attempt_at,
        next_attempt_at=delivery.next_attempt_at if delivery.state is DeliveryState.PENDING else None,
        delivered_at=delivery.delivered_at,
        created_at=delivery.created_at,
    )

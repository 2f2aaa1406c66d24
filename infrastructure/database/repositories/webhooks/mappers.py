from datetime import datetime
from typing import Any

from domain.accounts.entities import Role
from domain.webhooks.entities import Delivery, DeliveryState, Endpoint, SigningSecret
from infrastructure.database.repositories.webhooks.models import WebhookDeliveryModel, WebhookEndpointModel


def dump_secrets(secrets: list[SigningSecret]) -> list[dict[str, Any]]:
    return [
        {"value": s.value, "expires_at": s.expires_at.isoformat() if s.expires_at else None} for s in secrets
    ]


def load_secrets(raw: list[dict[str, Any]]) -> list[SigningSecret]:
    return [
        SigningSecret(
            value=str(item["value"]),
            expires_at=datetime.fromisoformat(item["expires_at"]) if item.get("expires_at") else None,
        )
        for item in raw
    ]


def endpoint_of(row: WebhookEndpointModel) -> Endpoint:
    return Endpoint(
        id=row.id,
        account_id=row.account_id,
        key_id=row.key_id,
        role=Role(row.role),
        url=row.url,
        event_types=list(row.event_types),
        problem_id=row.problem_id,
        description=row.description,
        secrets=load_secrets(row.secrets),
        created_at=row.created_at,
        enabled=row.enabled,
        disabled_reason=row.disabled_reason,
        failing_since=row.failing_since,
    )


def endpoint_values(endpoint: Endpoint) -> dict[str, Any]:
    return {
        "id": endpoint.id,
        "account_id": endpoint.account_id,
        "key_id": endpoint.key_id,
        "role": endpoint.role.value,
        "url": endpoint.url,
        "event_types": endpoint.event_types,
        "problem_id": endpoint.problem_id,
        "description": endpoint.description,
        "secrets": dump_secrets(endpoint.secrets),
        "enabled": endpoint.enabled,
        "disabled_reason": endpoint.disabled_reason,
        "failing_since": endpoint.failing_since,
        "created_at": endpoint.created_at,
    }


def delivery_of(row: WebhookDeliveryModel) -> Delivery:
    return Delivery(
        id=row.id,
        event_id=row.event_id,
        event_type=row.event_type,
        endpoint_id=row.endpoint_id,
        account_id=row.account_id,
        url=row.url,
        body=row.body,
        method=row.method,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        state=DeliveryState(row.state),
        attempts=row.attempts,
        last_status=row.last_status,
        last_error=row.last_error,
        last_attempt_at=row.last_attempt_at,
        delivered_at=row.delivered_at,
    )


def delivery_values(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "endpoint_id": delivery.endpoint_id,
        "account_id": delivery.account_id,
        "url": delivery.url,
        "body": delivery.body,
        "method": delivery.method,
        "state": delivery.state.value,
        "attempts": delivery.attempts,
        "last_attempt_at": delivery.last_attempt_at,
        "next_attempt_at": delivery.next_attempt_at,
        "created_at": delivery.created_at,
    }

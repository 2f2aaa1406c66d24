"""Who may see and manage an endpoint: the same rule as for API keys (its account, with no less power)."""

from uuid import UUID

from domain.accounts.access import can_manage_key
from domain.accounts.entities import Principal
from domain.webhooks.entities import Endpoint
from domain.webhooks.exceptions import WebhookNotFoundError
from domain.webhooks.repositories import EndpointRepository


def can_manage_endpoint(principal: Principal, endpoint: Endpoint) -> bool:
    """Admins manage every endpoint; others their own account's, made with no more power than theirs."""
    return can_manage_key(principal, endpoint.account_id, endpoint.role)


async def managed_endpoint(
    principal: Principal, endpoints: EndpointRepository, endpoint_id: UUID
) -> Endpoint:
    """Someone else's endpoint does not exist for the caller (404, never 403)."""
    endpoint = await endpoints.get(endpoint_id)
    if endpoint is None or not can_manage_endpoint(principal, endpoint):
        raise WebhookNotFoundError(f"Webhook {endpoint_id} does not exist.")
    return endpoint

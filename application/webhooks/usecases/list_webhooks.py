from collections.abc import Sequence
from dataclasses import dataclass

from application.accounts.ports import IdentityProvider
from application.webhooks.views import can_manage_endpoint
from domain.webhooks.entities import Endpoint
from domain.webhooks.repositories import EndpointRepository


@dataclass(frozen=True, slots=True)
class ListWebhooks:
    """The caller's webhooks (an admin: everyone's), oldest first. Secrets are never shown again."""

    identity: IdentityProvider
    endpoints: EndpointRepository

    async def __call__(self) -> Sequence[Endpoint]:
        principal = await self.identity.principal()
        found = await self.endpoints.list_for(None if principal.is_admin else principal.account_id)
        return [endpoint for endpoint in found if can_manage_endpoint(principal, endpoint)]

from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.messaging.integration import EVENT_TYPES
from application.problems.access import ensure_visible
from application.transactions import TransactionManager
from application.webhooks.ports import TargetGuard
from application.webhooks.views import managed_endpoint
from domain.problems.repositories import ProblemReader
from domain.webhooks.entities import Endpoint
from domain.webhooks.exceptions import InvalidWebhookError
from domain.webhooks.policy import DESCRIPTION_MAX_CHARS, check_event_types, check_url
from domain.webhooks.repositories import EndpointRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateWebhookInput:
    """Fields left None are kept; `set_problem` says `problem_id` was given (None: every problem)."""

    webhook_id: UUID
    url: str | None = None
    event_types: list[str] | None = None
    description: str | None = None
    enabled: bool | None = None
    problem_id: UUID | None = None
    set_problem: bool = False


@dataclass(frozen=True, slots=True)
class UpdateWebhook:
    """Changes a webhook's URL (checked as at creation), event types, problem or description; `enabled`
    switches it off, or back on after it was disabled (by a 410, by failing too long), clearing the reason.
    Deliveries waiting for a disabled endpoint resume when it is enabled again."""

    identity: IdentityProvider
    endpoints: EndpointRepository
    problems: ProblemReader
    guard: TargetGuard
    tx: TransactionManager

    async def __call__(self, data: UpdateWebhookInput) -> Endpoint:
        principal = await self.identity.principal()
        endpoint = await managed_endpoint(principal, self.endpoints, data.webhook_id)
        if data.url is not None:
            url = check_url(data.url)
            await self.guard.vet(url)
            endpoint.url = url
        if data.event_types is not None:
            endpoint.event_types = check_event_types(data.event_types, EVENT_TYPES)
        if data.description is not None:
            if len(data.description) > DESCRIPTION_MAX_CHARS:
                raise InvalidWebhookError(
                    f"The description is longer than {DESCRIPTION_MAX_CHARS} characters."
                )
            endpoint.description = data.description
        if data.set_problem:
            if data.problem_id is not None:
                await ensure_visible(principal, self.problems, data.problem_id)
            endpoint.problem_id = data.problem_id
        if data.enabled is True and not endpoint.enabled:
            endpoint.enable()
        elif data.enabled is False and endpoint.enabled:
            endpoint.disable("Disabled by its owner.")
        await self.endpoints.save(endpoint)
        await self.tx.commit()
        return endpoint

import uuid
from dataclasses import dataclass, field
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.messaging.integration import EVENT_TYPES
from application.problems.access import ensure_visible
from application.transactions import TransactionManager
from application.webhooks.ports import SecretGenerator, TargetGuard, WebhookPolicy
from domain.problems.repositories import ProblemReader
from domain.webhooks.entities import Endpoint, SigningSecret
from domain.webhooks.exceptions import InvalidWebhookError, TooManyWebhooksError
from domain.webhooks.policy import DESCRIPTION_MAX_CHARS, check_event_types, check_url
from domain.webhooks.repositories import EndpointRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateWebhookInput:
    url: str
    event_types: list[str]
    problem_id: UUID | None = None
    description: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatedWebhook:
    endpoint: Endpoint
    secret: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class CreateWebhook:
    """Subscribes the caller's account to events, POSTed to `url` signed per Standard Webhooks with a
    `whsec_` secret shown only in this answer. The endpoint hears what the caller may read: their own
    submissions, an author's problems' submissions, everything for an admin; with `problemId`, only events
    about that problem (one the caller can see). A URL whose host is or resolves to a loopback, private,
    link-local, metadata or multicast address is refused (422) unless the operator allowed it."""

    identity: IdentityProvider
    endpoints: EndpointRepository
    problems: ProblemReader
    guard: TargetGuard
    secrets: SecretGenerator
    policy: WebhookPolicy
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: CreateWebhookInput) -> CreatedWebhook:
        principal = await self.identity.principal()
        url = check_url(data.url)
        event_types = check_event_types(data.event_types, EVENT_TYPES)
        if len(data.description) > DESCRIPTION_MAX_CHARS:
            raise InvalidWebhookError(f"The description is longer than {DESCRIPTION_MAX_CHARS} characters.")
        if data.problem_id is not None:
            await ensure_visible(principal, self.problems, data.problem_id)
        if await self.endpoints.count_for(principal.account_id) >= self.policy.max_per_account:
            raise TooManyWebhooksError(
                f"An account has at most {self.policy.max_per_account} webhooks; delete one first.",
                details={"limit": self.policy.max_per_account},
            )
        await self.guard.vet(url)
        secret = self.secrets.new()
        endpoint = Endpoint(
            id=uuid.uuid4(),
            account_id=principal.account_id,
            key_id=principal.key_id,
            role=principal.role,
            url=url,
            event_types=event_types,
            problem_id=data.problem_id,
            description=data.description,
            secrets=[SigningSecret(value=secret)],
            created_at=self.clock.now(),
        )
        await self.endpoints.add(endpoint)
        await self.tx.commit()
        return CreatedWebhook(endpoint=endpoint, secret=secret)

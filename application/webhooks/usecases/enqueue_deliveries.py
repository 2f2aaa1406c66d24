import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from application.clock import Clock
from application.messaging.integration import RUN_FINISHED, SUBMISSION_JUDGED, IntegrationEvent
from application.transactions import TransactionManager
from application.webhooks.ports import SecretGenerator
from domain.accounts.entities import Principal
from domain.webhooks.entities import ClaimedDelivery, Delivery, Endpoint
from domain.webhooks.policy import hears, sees_restricted
from domain.webhooks.repositories import (
    CallbackReader,
    CallbackSecrets,
    CallbackTarget,
    DeliveryRepository,
    EndpointRepository,
    RunCallbackReader,
)

SUBMISSION_ID_KEYS = ("submissionId", "submission_id")
RUN_ID_KEY = "runId"


def render(event: IntegrationEvent, restricted: bool) -> str:
    """The Standard Webhooks body: `{type, timestamp, data}`; `data` holds the restricted fields only for
    receivers that may see them."""
    data = dict(event.payload)
    if restricted:
        data.update(event.restricted)
    body = {"type": event.type, "timestamp": event.occurred_at.isoformat(), "data": data}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False, default=str)


def submission_of(payload: Mapping[str, object], keys: tuple[str, ...] = SUBMISSION_ID_KEYS) -> UUID | None:
    for key in keys:
        value = payload.get(key)
        if value is not None:
            try:
                return value if isinstance(value, UUID) else UUID(str(value))
            except ValueError:
                return None
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class EnqueueDeliveriesInput:
    events: Sequence[IntegrationEvent]  # in order; their deliveries are stored in one statement
    take: int = 0  # up to this many of the new deliveries are taken for their first try at once…
    lease: timedelta = timedelta(0)  # …leased as a claim is (ClaimDeliveries)


@dataclass(frozen=True, slots=True, kw_only=True)
class EnqueueDeliveriesOutput:
    created: int  # 0 when the event was handled before
    taken: list[ClaimedDelivery] = field(default_factory=list)  # to be tried now by the caller


@dataclass(frozen=True, slots=True)
class EnqueueDeliveries:
    """One delivery per enabled endpoint that may hear the event (see domain/webhooks/policy.py), and for a
    `submission.judged` one to the submission's `callbackUrl`, for a `run.finished` one to the run's
    `callback_url` (with the run's own body: Judge0's fields by PUT for a Judge0 run). Callbacks are
    signed with the creator's callback secret. For each event of a batch: the endpoints listening to a type
    are read once per batch. Idempotent by (event id, endpoint): an event handed over twice makes no second
    delivery.

    The caller may take some of the new deliveries for their first try at once (`take`): they are stored
    claimed, with the lease a claim gives, so a caller that dies before sending leaves them to any runner
    when the lease ends, and the others wait for a runner's claim."""

    endpoints: EndpointRepository
    deliveries: DeliveryRepository
    callbacks: CallbackReader
    run_callbacks: RunCallbackReader
    callback_secrets: CallbackSecrets
    secrets: SecretGenerator
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: EnqueueDeliveriesInput) -> EnqueueDeliveriesOutput:
        listening: dict[str, Sequence[Endpoint]] = {}
        made: list[ClaimedDelivery] = []
        for event in data.events:
            if event.type not in listening:
                listening[event.type] = await self.endpoints.listening(event.type)
            made.extend(await self._deliveries_of(event, listening[event.type]))
        if not made:
            return EnqueueDeliveriesOutput(created=0)
        now = self.clock.now()
        taking = made[: max(0, data.take)]
        for item in taking:
            item.delivery.take(now, now + data.lease)
        created = await self.deliveries.add_new([item.delivery for item in made])
        await self.tx.commit()
        taken = [item for item in taking if item.delivery.id in created]
        return EnqueueDeliveriesOutput(created=len(created), taken=taken)

    async def _deliveries_of(
        self, event: IntegrationEvent, endpoints: Sequence[Endpoint]
    ) -> list[ClaimedDelivery]:
        audience = event.audience
        now = self.clock.now()
        made: list[ClaimedDelivery] = []
        for endpoint in endpoints:
            if not hears(
                endpoint, event.type, audience.account_id, audience.problem_id, audience.problem_owner_id
            ):
                continue
            delivery = self._delivery(
                event,
                endpoint.id,
                endpoint.account_id,
                endpoint.url,
                sees_restricted(endpoint.principal, audience.problem_owner_id),
            )
            made.append(ClaimedDelivery(delivery=delivery, secrets=endpoint.signing_secrets(now)))
        target = await self._callback(event)
        if target is not None:
            secret = await self.callback_secrets.secret_of(target.account_id, self.secrets.new())
            principal = Principal(account_id=target.account_id, role=target.role, key_id=target.key_id)
            delivery = self._delivery(
                event,
                None,
                target.account_id,
                target.url,
                sees_restricted(principal, audience.problem_owner_id),
            )
            if target.body is not None:
                delivery.body, delivery.method = target.body, target.method
            made.append(ClaimedDelivery(delivery=delivery, secrets=[secret]))
        return made

    async def _callback(self, event: IntegrationEvent) -> CallbackTarget | None:
        if event.type == SUBMISSION_JUDGED:
            submission_id = submission_of(event.payload)
            return await self.callbacks.callback_of(submission_id) if submission_id else None
        if event.type == RUN_FINISHED:
            run_id = submission_of(event.payload, (RUN_ID_KEY,))
            return await self.run_callbacks.callback_of_run(run_id) if run_id else None
        return None

    def _delivery(
        self, event: IntegrationEvent, endpoint_id: UUID | None, account_id: UUID, url: str, restricted: bool
    ) -> Delivery:
        now = self.clock.now()
        return Delivery(
            id=uuid.uuid4(),
            event_id=event.id,
            event_type=event.type,
            endpoint_id=endpoint_id,
            account_id=account_id,
            url=url,
            body=render(event, restricted),
            created_at=now,
            next_attempt_at=now,
        )

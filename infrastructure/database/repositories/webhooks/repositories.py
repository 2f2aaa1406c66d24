from collections.abc import Collection, Sequence
from datetime import datetime
from typing import cast
from uuid import UUID

from sqlalchemy import Table, delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts.entities import Role
from domain.webhooks.entities import ClaimedDelivery, Delivery, DeliveryState, Endpoint
from domain.webhooks.repositories import (
    CallbackReader,
    CallbackSecrets,
    CallbackTarget,
    DeliveryRepository,
    EndpointRepository,
    RecordedTry,
)
from infrastructure.database.repositories.accounts.models import ApiKeyModel
from infrastructure.database.repositories.submissions.models import SubmissionModel
from infrastructure.database.repositories.webhooks.mappers import (
    delivery_of,
    delivery_values,
    endpoint_of,
    endpoint_values,
)
from infrastructure.database.repositories.webhooks.models import (
    CallbackSecretModel,
    WebhookDeliveryModel,
    WebhookEndpointModel,
)

DELIVERIES_CHANNEL = "webhook_deliveries"
ERROR_MAX_CHARS = 500

# A batch of tries in one statement each: the deliveries (unless another try took one since: its attempts
# changed), then their endpoints' health.
_RECORD_TRIES = text(
    """
    UPDATE webhook_deliveries AS d
    SET state = v.state, last_status = v.status, last_error = v.error,
        next_attempt_at = v.next_attempt_at, delivered_at = v.delivered_at
    FROM unnest(CAST(:ids AS uuid[]), CAST(:attempts AS integer[]), CAST(:states AS text[]),
                CAST(:statuses AS integer[]), CAST(:errors AS text[]), CAST(:next AS timestamptz[]),
                CAST(:delivered AS timestamptz[]))
         AS v(id, attempts, state, status, error, next_attempt_at, delivered_at)
    WHERE d.id = v.id AND d.attempts = v.attempts AND d.state = 'pending'
    RETURNING d.id
    """
)
_RECORD_HEALTH = text(
    """
    UPDATE webhook_endpoints AS e
    SET failing_since = CASE WHEN v.reset THEN v.failing_since
                             ELSE coalesce(e.failing_since, v.failing_since) END,
        enabled = e.enabled AND v.disable IS NULL,
        disabled_reason = coalesce(v.disable, e.disabled_reason)
    FROM unnest(CAST(:ids AS uuid[]), CAST(:failing AS timestamptz[]), CAST(:reset AS boolean[]),
                CAST(:disable AS text[])) AS v(id, failing_since, reset, disable)
    WHERE e.id = v.id
    """
)

_INSERT_DELIVERY = (
    insert(cast(Table, WebhookDeliveryModel.__table__))
    .on_conflict_do_nothing()
    .returning(WebhookDeliveryModel.id)
)


class SqlEndpointRepository(EndpointRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, endpoint: Endpoint) -> None:
        await self._session.execute(insert(WebhookEndpointModel).values(**endpoint_values(endpoint)))

    async def get(self, endpoint_id: UUID) -> Endpoint | None:
        row = await self._session.scalar(
            select(WebhookEndpointModel)
            .where(WebhookEndpointModel.id == endpoint_id)
            .execution_options(populate_existing=True)
        )
        return endpoint_of(row) if row else None

    async def list_for(self, account_id: UUID | None) -> Sequence[Endpoint]:
        query = select(WebhookEndpointModel).order_by(
            WebhookEndpointModel.created_at, WebhookEndpointModel.id
        )
        if account_id is not None:
            query = query.where(WebhookEndpointModel.account_id == account_id)
        return [endpoint_of(row) for row in await self._session.scalars(query)]

    async def count_for(self, account_id: UUID) -> int:
        count = await self._session.scalar(
            select(func.count()).where(WebhookEndpointModel.account_id == account_id)
        )
        return int(count or 0)

    async def save(self, endpoint: Endpoint) -> None:
        values = endpoint_values(endpoint)
        del values["id"]
        await self._session.execute(
            update(WebhookEndpointModel).where(WebhookEndpointModel.id == endpoint.id).values(**values)
        )

    async def delete(self, endpoint_id: UUID) -> None:
        await self._session.execute(
            delete(WebhookEndpointModel).where(WebhookEndpointModel.id == endpoint_id)
        )

    async def listening(self, event_type: str) -> Sequence[Endpoint]:
        rows = await self._session.scalars(
            select(WebhookEndpointModel)
            .outerjoin(ApiKeyModel, ApiKeyModel.id == WebhookEndpointModel.key_id)
            .where(
                WebhookEndpointModel.enabled.is_(True),
                WebhookEndpointModel.event_types.contains([event_type]),
                or_(WebhookEndpointModel.key_id.is_(None), ApiKeyModel.revoked_at.is_(None)),
            )
        )
        return [endpoint_of(row) for row in rows]


class SqlCallbacks(CallbackReader, CallbackSecrets):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def callback_of(self, submission_id: UUID) -> CallbackTarget | None:
        row = (
            await self._session.execute(
                select(
                    SubmissionModel.callback_url,
                    SubmissionModel.owner_id,
                    SubmissionModel.key_id,
                    ApiKeyModel.role,
                )
                .outerjoin(ApiKeyModel, ApiKeyModel.id == SubmissionModel.key_id)
                .where(SubmissionModel.id == submission_id)
            )
        ).first()
        if row is None or not row.callback_url or row.owner_id is None:
            return None
        # No key on record (the environment's ADMIN_API_KEY has none): the least power, a user's.
        role = Role(row.role) if row.role else Role.USER
        return CallbackTarget(url=row.callback_url, account_id=row.owner_id, key_id=row.key_id, role=role)

    async def secret_of(self, account_id: UUID, new_secret: str) -> str:
        await self._session.execute(
            insert(CallbackSecretModel)
            .values(account_id=account_id, secret=new_secret, created_at=func.now())
            .on_conflict_do_nothing()
        )
        secret = await self._session.scalar(
            select(CallbackSecretModel.secret).where(CallbackSecretModel.account_id == account_id)
        )
        assert secret is not None
        return secret


class SqlDeliveryRepository(DeliveryRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_new(self, deliveries: Sequence[Delivery]) -> set[UUID]:
        if not deliveries:
            return set()
        # One statement for all of them (SQLAlchemy batches the rows: "insertmanyvalues").
        result = await self._session.execute(_INSERT_DELIVERY, [delivery_values(d) for d in deliveries])
        created = set(result.scalars())
        if any(d.id in created and d.attempts == 0 for d in deliveries):  # due now: wake the runners
            await self._notify()
        return created

    async def get(self, delivery_id: UUID) -> Delivery | None:
        row = await self._session.scalar(
            select(WebhookDeliveryModel)
            .where(WebhookDeliveryModel.id == delivery_id)
            .execution_options(populate_existing=True)
        )
        return delivery_of(row) if row else None

    async def list_for(self, endpoint_id: UUID, limit: int) -> Sequence[Delivery]:
        rows = await self._session.scalars(
            select(WebhookDeliveryModel)
            .where(WebhookDeliveryModel.endpoint_id == endpoint_id)
            .order_by(WebhookDeliveryModel.created_at.desc(), WebhookDeliveryModel.id)
            .limit(limit)
        )
        return [delivery_of(row) for row in rows]

    async def redeliver(self, delivery_id: UUID, now: datetime) -> None:
        await self._session.execute(
            update(WebhookDeliveryModel)
            .where(WebhookDeliveryModel.id == delivery_id)
            .values(state=DeliveryState.PENDING.value, next_attempt_at=now)
        )
        await self._notify()

    async def claim(self, now: datetime, limit: int, lease_until: datetime) -> Sequence[ClaimedDelivery]:
        await self._relaxed_commit()
        due = (
            select(WebhookDeliveryModel.id)
            .outerjoin(WebhookEndpointModel, WebhookEndpointModel.id == WebhookDeliveryModel.endpoint_id)
            .where(
                WebhookDeliveryModel.state == DeliveryState.PENDING.value,
                WebhookDeliveryModel.next_attempt_at <= now,
                or_(WebhookDeliveryModel.endpoint_id.is_(None), WebhookEndpointModel.enabled.is_(True)),
            )
            .order_by(WebhookDeliveryModel.next_attempt_at)
            .limit(limit)
            .with_for_update(of=WebhookDeliveryModel, skip_locked=True)
        )
        rows = list(
            await self._session.scalars(
                update(WebhookDeliveryModel)
                .where(WebhookDeliveryModel.id.in_(due.scalar_subquery()))
                .values(
                    attempts=WebhookDeliveryModel.attempts + 1,
                    next_attempt_at=lease_until,
                    last_attempt_at=now,
                )
                .returning(WebhookDeliveryModel)
                .execution_options(synchronize_session=False)
            )
        )
        deliveries = [delivery_of(row) for row in rows]
        endpoint_ids = {d.endpoint_id for d in deliveries if d.endpoint_id is not None}
        callback_accounts = {d.account_id for d in deliveries if d.endpoint_id is None}
        endpoints: dict[UUID, Endpoint] = {}
        if endpoint_ids:
            found = await self._session.scalars(
                select(WebhookEndpointModel).where(WebhookEndpointModel.id.in_(endpoint_ids))
            )
            endpoints = {row.id: endpoint_of(row) for row in found}
        callback_secrets: dict[UUID, str] = {}
        if callback_accounts:
            secrets = await self._session.execute(
                select(CallbackSecretModel.account_id, CallbackSecretModel.secret).where(
                    CallbackSecretModel.account_id.in_(callback_accounts)
                )
            )
            callback_secrets = {row.account_id: row.secret for row in secrets}
        claimed = []
        for delivery in deliveries:
            if delivery.endpoint_id is not None:
                endpoint = endpoints.get(delivery.endpoint_id)
                secrets_now = endpoint.signing_secrets(now) if endpoint else []
                url = endpoint.url if endpoint else delivery.url
            else:
                account_secret = callback_secrets.get(delivery.account_id)
                secrets_now = [account_secret] if account_secret else []
                url = delivery.url
            delivery.url = url  # an endpoint's URL may have changed since the event: send to the current one
            claimed.append(ClaimedDelivery(delivery=delivery, secrets=secrets_now))
        return claimed

    async def record_many(self, tries: Sequence[RecordedTry], now: datetime) -> set[UUID]:
        if not tries:
            return set()
        await self._relaxed_commit()
        recorded = set(
            await self._session.scalars(
                _RECORD_TRIES,
                {
                    "ids": [t.delivery.id for t in tries],
                    "attempts": [t.delivery.attempts for t in tries],
                    "states": [t.after.state.value for t in tries],
                    "statuses": [t.result.status for t in tries],
                    "errors": [(t.result.error or "")[:ERROR_MAX_CHARS] or None for t in tries],
                    "next": [t.after.next_attempt_at or now for t in tries],
                    "delivered": [now if t.after.state is DeliveryState.DELIVERED else None for t in tries],
                },
            )
        )
        # Each endpoint's health after its recorded tries, in order: the last try's failing streak (restarted
        # by a success in the batch, else continuing the stored one), disabled by the first reason given.
        health: dict[UUID, tuple[datetime | None, bool, str | None]] = {}
        for t in tries:
            endpoint_id = t.delivery.endpoint_id
            if endpoint_id is None or t.delivery.id not in recorded:
                continue
            _, reset, disable = health.get(endpoint_id, (None, False, None))
            reset = reset or t.after.endpoint_failing_since is None
            health[endpoint_id] = (t.after.endpoint_failing_since, reset, disable or t.after.disable_endpoint)
        if health:
            ids = sorted(health)  # one lock order for every runner
            await self._session.execute(
                _RECORD_HEALTH,
                {
                    "ids": ids,
                    "failing": [health[i][0] for i in ids],
                    "reset": [health[i][1] for i in ids],
                    "disable": [health[i][2] for i in ids],
                },
            )
        return recorded

    async def endpoints_failing_since(self, endpoint_ids: Collection[UUID]) -> dict[UUID, datetime | None]:
        rows = await self._session.execute(
            select(WebhookEndpointModel.id, WebhookEndpointModel.failing_since).where(
                WebhookEndpointModel.id.in_(list(endpoint_ids))
            )
        )
        return {row.id: row.failing_since for row in rows}

    async def _relaxed_commit(self) -> None:
        """A claim's or a try's bookkeeping need not wait for the WAL flush: lost in a database crash, it
        only means one more try of a delivery (at least once; receivers dedupe by webhook-id). New deliveries
        are committed durably."""
        await self._session.execute(text("SET LOCAL synchronous_commit TO OFF"))

    async def _notify(self) -> None:
        await self._session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": DELIVERIES_CHANNEL})

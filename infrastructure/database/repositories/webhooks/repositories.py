from collections.abc import Sequence
from datetime import datetime
from typing import cast
from uuid import UUID

from sqlalchemy import Table, delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts.entities import Role
from domain.webhooks.entities import AttemptResult, ClaimedDelivery, Delivery, DeliveryState, Endpoint
from domain.webhooks.policy import AfterAttempt
from domain.webhooks.repositories import (
    CallbackReader,
    CallbackSecrets,
    CallbackTarget,
    DeliveryRepository,
    EndpointRepository,
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

    async def add_new(self, deliveries: Sequence[Delivery]) -> int:
        if not deliveries:
            return 0
        # One statement for all of them (SQLAlchemy batches the rows: "insertmanyvalues").
        result = await self._session.execute(_INSERT_DELIVERY, [delivery_values(d) for d in deliveries])
        created = len(result.all())
        if created:
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

    async def record(
        self, claimed: Delivery, result: AttemptResult, after: AfterAttempt, now: datetime
    ) -> bool:
        await self._relaxed_commit()
        error = (result.error or "")[:ERROR_MAX_CHARS] or None
        updated = await self._session.execute(
            update(WebhookDeliveryModel)
            .where(
                WebhookDeliveryModel.id == claimed.id,
                WebhookDeliveryModel.attempts == claimed.attempts,
                WebhookDeliveryModel.state == DeliveryState.PENDING.value,
            )
            .values(
                state=after.state.value,
                last_status=result.status,
                last_error=error,
                next_attempt_at=after.next_attempt_at or now,
                delivered_at=now if after.state is DeliveryState.DELIVERED else None,
            )
            .returning(WebhookDeliveryModel.id)
        )
        if not updated.all():
            return False
        if claimed.endpoint_id is not None:
            values: dict[str, object] = {"failing_since": after.endpoint_failing_since}
            if after.endpoint_failing_since is not None:
                values["failing_since"] = func.coalesce(
                    WebhookEndpointModel.failing_since, after.endpoint_failing_since
                )
            if after.disable_endpoint is not None:
                values.update(enabled=False, disabled_reason=after.disable_endpoint)
            await self._session.execute(
                update(WebhookEndpointModel)
                .where(WebhookEndpointModel.id == claimed.endpoint_id)
                .values(**values)
            )
        return True

    async def endpoint_failing_since(self, endpoint_id: UUID) -> datetime | None:
        return await self._session.scalar(
            select(WebhookEndpointModel.failing_since).where(WebhookEndpointModel.id == endpoint_id)
        )

    async def _relaxed_commit(self) -> None:
        """A claim's or a try's bookkeeping need not wait for the WAL flush: lost in a database crash, it
        only means one more try of a delivery (at least once; receivers dedupe by webhook-id). New deliveries
        are committed durably."""
        await self._session.execute(text("SET LOCAL synchronous_commit TO OFF"))

    async def _notify(self) -> None:
        await self._session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": DELIVERIES_CHANNEL})

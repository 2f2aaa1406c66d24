from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.messaging.events import NO_EVENTS, EventRecorder
from application.transactions import TransactionManager
from domain.accounts.access import can_manage_key
from domain.accounts.events import KeyRevoked
from domain.accounts.exceptions import KeyNotFoundError
from domain.accounts.repositories import ApiKeyRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class RevokeKeyInput:
    key_id: UUID


@dataclass(frozen=True, slots=True)
class RevokeKey:
    """Revocation takes effect on the next request. Admins revoke any key, others their own
    account's keys with no more power than their own."""

    identity: IdentityProvider
    keys: ApiKeyRepository
    clock: Clock
    tx: TransactionManager
    events: EventRecorder = NO_EVENTS

    async def __call__(self, data: RevokeKeyInput) -> None:
        principal = await self.identity.principal()
        key = await self.keys.get(data.key_id)
        if key is None or not can_manage_key(principal, key.account_id, key.role):
            raise KeyNotFoundError(f"Key {data.key_id} does not exist.")
        now = self.clock.now()
        await self.keys.revoke(key.id, now)
        self.events.record(KeyRevoked(key_id=key.id, account_id=key.account_id, revoked_at=now))
        await self.tx.commit()

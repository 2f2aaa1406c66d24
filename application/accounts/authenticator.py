import hmac
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from application.accounts.ports import SecretKeeper
from application.clock import Clock
from application.transactions import TransactionManager
from domain.accounts.entities import Principal, Role
from domain.accounts.exceptions import NotAuthenticatedError
from domain.accounts.repositories import ApiKeyRepository

TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class StaticAdmin:
    """ADMIN_API_KEY from the environment: a valid admin key that lives in no database row."""

    secret: str | None
    account_id: UUID


@dataclass(frozen=True, slots=True)
class Authenticator:
    """Turns a presented key into a Principal. Keys are found by their public prefix and compared by hash
    in constant time; the secret itself is never stored or logged."""

    keys: ApiKeyRepository
    secrets: SecretKeeper
    static_admin: StaticAdmin
    clock: Clock
    tx: TransactionManager

    async def authenticate(self, secret: str | None) -> Principal:
        if not secret:
            raise NotAuthenticatedError("Send an API key: `Authorization: Bearer <key>`.")
        static = self.static_admin.secret
        if static and hmac.compare_digest(secret.encode(), static.encode()):
            return Principal(account_id=self.static_admin.account_id, role=Role.ADMIN, key_id=None)
        prefix = self.secrets.prefix_of(secret)
        key = await self.keys.find_by_prefix(prefix) if prefix else None
        if key is None or not self.secrets.matches(secret, key.secret_hash):
            raise NotAuthenticatedError("The API key is not valid.")
        if key.revoked:
            raise NotAuthenticatedError("The API key has been revoked.")
        now = self.clock.now()
        if key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY:
            await self.keys.touch(key.id, now)
            await self.tx.commit()
        return Principal(account_id=key.account_id, role=key.role, key_id=key.id)

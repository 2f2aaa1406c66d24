from dataclasses import dataclass

from application.accounts.ports import IdentityProvider
from domain.accounts.access import can_manage_key
from domain.accounts.entities import ApiKey
from domain.accounts.repositories import ApiKeyRepository


@dataclass(frozen=True, slots=True)
class ListKeys:
    """Admins see every key; anyone else the keys of their own account with no more power than their own.
    Secrets are never shown."""

    identity: IdentityProvider
    keys: ApiKeyRepository

    async def __call__(self) -> list[ApiKey]:
        principal = await self.identity.principal()
        keys = await self.keys.list_all()
        return [key for key in keys if can_manage_key(principal, key.account_id, key.role)]

from dataclasses import dataclass

from application.accounts.ports import IdentityProvider
from domain.accounts.entities import Account, ApiKey, Principal
from domain.accounts.exceptions import AccountNotFoundError
from domain.accounts.repositories import AccountRepository, ApiKeyRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class Me:
    principal: Principal
    account: Account
    key: ApiKey | None  # None for ADMIN_API_KEY


@dataclass(frozen=True, slots=True)
class GetMe:
    """Who the caller is: account, role and the key in use (none for the ADMIN_API_KEY admin)."""

    identity: IdentityProvider
    accounts: AccountRepository
    keys: ApiKeyRepository

    async def __call__(self) -> Me:
        principal = await self.identity.principal()
        account = await self.accounts.get(principal.account_id)
        if account is None:
            raise AccountNotFoundError("The caller's account no longer exists.")
        key = await self.keys.get(principal.key_id) if principal.key_id else None
        return Me(principal=principal, account=account, key=key)

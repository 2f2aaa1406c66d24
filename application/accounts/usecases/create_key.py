import uuid
from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider, SecretKeeper
from application.clock import Clock
from application.transactions import TransactionManager
from domain.accounts.entities import Account, ApiKey, Role
from domain.accounts.exceptions import AccountNotFoundError, ForbiddenError, InvalidKeyRequestError
from domain.accounts.repositories import AccountRepository, ApiKeyRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateKeyInput:
    name: str
    role: Role
    account_id: UUID | None = None  # an existing account
    account_name: str | None = None  # or a new one


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateKeyOutput:
    key: ApiKey
    account: Account
    secret: str  # shown once


@dataclass(frozen=True, slots=True)
class CreateKey:
    """Admins issue keys, for an existing account or a new one, with any role. The secret is shown in the
    answer once and never again: only its hash is stored."""

    identity: IdentityProvider
    accounts: AccountRepository
    keys: ApiKeyRepository
    secrets: SecretKeeper
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: CreateKeyInput) -> CreateKeyOutput:
        if not (await self.identity.principal()).is_admin:
            raise ForbiddenError("Only admins create keys.")
        name = data.name.strip()
        if not 1 <= len(name) <= 100:
            raise InvalidKeyRequestError("A key needs a name of 1 to 100 characters.")
        account = await self._account(data)
        new = self.secrets.generate()
        key = ApiKey(
            id=uuid.uuid4(),
            account_id=account.id,
            name=name,
            role=data.role,
            prefix=new.prefix,
            secret_hash=new.secret_hash,
            created_at=self.clock.now(),
        )
        await self.keys.add(key)
        await self.tx.commit()
        return CreateKeyOutput(key=key, account=account, secret=new.secret)

    async def _account(self, data: CreateKeyInput) -> Account:
        if (data.account_id is None) == (data.account_name is None):
            raise InvalidKeyRequestError("Give exactly one of `accountId` (existing) or `accountName` (new).")
        if data.account_id is not None:
            existing = await self.accounts.get(data.account_id)
            if existing is None:
                raise AccountNotFoundError(f"Account {data.account_id} does not exist.")
            return existing
        name = (data.account_name or "").strip()
        if not 1 <= len(name) <= 100:
            raise InvalidKeyRequestError("An account needs a name of 1 to 100 characters.")
        account = Account(id=uuid.uuid4(), name=name, created_at=self.clock.now())
        await self.accounts.add(account)
        return account

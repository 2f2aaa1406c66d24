"""Hand-written fakes of the accounts module's ports."""

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from domain.accounts.entities import Account, ApiKey, Role
from domain.accounts.repositories import AccountRepository, ApiKeyRepository
from infrastructure.accounts.secrets import Sha256SecretKeeper
from tests.unit.fakes import NOW

SECRETS = Sha256SecretKeeper()


class FakeAccounts(AccountRepository):
    def __init__(self, *accounts: Account) -> None:
        self.stored: dict[UUID, Account] = {account.id: account for account in accounts}

    async def get(self, account_id: UUID) -> Account | None:
        return self.stored.get(account_id)

    async def add(self, account: Account) -> None:
        self.stored.setdefault(account.id, account)


class FakeKeys(ApiKeyRepository):
    def __init__(self, *keys: ApiKey) -> None:
        self.stored: dict[UUID, ApiKey] = {key.id: key for key in keys}
        self.lookups: list[str] = []
        self.touched: list[tuple[UUID, datetime]] = []

    async def add(self, key: ApiKey) -> None:
        self.stored[key.id] = key

    async def get(self, key_id: UUID) -> ApiKey | None:
        return self.stored.get(key_id)

    async def find_by_prefix(self, prefix: str) -> ApiKey | None:
        self.lookups.append(prefix)
        return next((key for key in self.stored.values() if key.prefix == prefix), None)

    async def list_all(self) -> Sequence[ApiKey]:
        return sorted(self.stored.values(), key=lambda key: key.created_at)

    async def revoke(self, key_id: UUID, moment: datetime) -> bool:
        key = self.stored.get(key_id)
        if key is None:
            return False
        if not key.revoked:
            self.stored[key_id] = dataclasses.replace(key, revoked_at=moment)
        return True

    async def touch(self, key_id: UUID, moment: datetime) -> None:
        self.touched.append((key_id, moment))
        self.stored[key_id] = dataclasses.replace(self.stored[key_id], last_used_at=moment)

    async def any_active(self) -> bool:
        return any(not key.revoked for key in self.stored.values())


def make_account(name: str = "alice") -> Account:
    return Account(id=uuid.uuid4(), name=name, created_at=NOW)


def make_key(
    account: Account, role: Role = Role.USER, *, name: str = "laptop", revoked_at: datetime | None = None
) -> tuple[ApiKey, str]:
    """A stored key and its secret."""
    new = SECRETS.generate()
    key = ApiKey(
        id=uuid.uuid4(),
        account_id=account.id,
        name=name,
        role=role,
        prefix=new.prefix,
        secret_hash=new.secret_hash,
        created_at=NOW,
        revoked_at=revoked_at,
    )
    return key, new.secret

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.accounts.entities import Account, ApiKey


class AccountRepository(Protocol):
    async def get(self, account_id: UUID) -> Account | None: ...

    async def add(self, account: Account) -> None:
        """Inserts the account, or does nothing when one with this id exists."""
        ...


class ApiKeyRepository(Protocol):
    async def add(self, key: ApiKey) -> None: ...

    async def get(self, key_id: UUID) -> ApiKey | None: ...

    async def find_by_prefix(self, prefix: str) -> ApiKey | None: ...

    async def list_all(self) -> Sequence[ApiKey]: ...

    async def revoke(self, key_id: UUID, moment: datetime) -> bool:
        """False when there is no such key; revoking twice keeps the first time."""
        ...

    async def touch(self, key_id: UUID, moment: datetime) -> None:
        """Records a use (callers throttle how often)."""
        ...

    async def any_active(self) -> bool: ...

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from adaptix.conversion import coercer, get_converter
from sqlalchemy import exists, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts.entities import Account, ApiKey, Role
from domain.accounts.repositories import AccountRepository, ApiKeyRepository
from infrastructure.database.repositories.accounts.models import AccountModel, ApiKeyModel

_to_account = get_converter(AccountModel, Account)
_to_key = get_converter(ApiKeyModel, ApiKey, recipe=[coercer(str, Role, Role)])
_from_key = get_converter(ApiKey, ApiKeyModel, recipe=[coercer(Role, str, lambda role: role.value)])


class SqlAccountRepository(AccountRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, account_id: UUID) -> Account | None:
        row = await self._session.get(AccountModel, account_id)
        return _to_account(row) if row else None

    async def add(self, account: Account) -> None:
        await self._session.execute(
            insert(AccountModel)
            .values(id=account.id, name=account.name, created_at=account.created_at)
            .on_conflict_do_nothing(index_elements=[AccountModel.id])
        )


class SqlApiKeyRepository(ApiKeyRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, key: ApiKey) -> None:
        self._session.add(_from_key(key))
        await self._session.flush()

    async def get(self, key_id: UUID) -> ApiKey | None:
        row = await self._session.get(ApiKeyModel, key_id, populate_existing=True)
        return _to_key(row) if row else None

    async def find_by_prefix(self, prefix: str) -> ApiKey | None:
        row = await self._session.scalar(
            select(ApiKeyModel).where(ApiKeyModel.prefix == prefix).execution_options(populate_existing=True)
        )
        return _to_key(row) if row else None

    async def list_all(self) -> Sequence[ApiKey]:
        rows = await self._session.scalars(select(ApiKeyModel).order_by(ApiKeyModel.created_at))
        return [_to_key(row) for row in rows]

    async def revoke(self, key_id: UUID, moment: datetime) -> bool:
        revoked = await self._session.scalar(
            update(ApiKeyModel)
            .where(ApiKeyModel.id == key_id)
            .values(revoked_at=func.coalesce(ApiKeyModel.revoked_at, moment))
            .returning(ApiKeyModel.id)
        )
        return revoked is not None

    async def touch(self, key_id: UUID, moment: datetime) -> None:
        await self._session.execute(
            update(ApiKeyModel).where(ApiKeyModel.id == key_id).values(last_used_at=moment)
        )

    async def any_active(self) -> bool:
        return bool(await self._session.scalar(select(exists().where(ApiKeyModel.revoked_at.is_(None)))))

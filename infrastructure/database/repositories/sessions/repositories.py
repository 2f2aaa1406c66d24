from datetime import datetime

from adaptix.conversion import get_converter
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts.sessions import LoginSession, LoginSessionRepository
from infrastructure.database.repositories.sessions.models import LoginSessionModel

_to_session = get_converter(LoginSessionModel, LoginSession)
_from_session = get_converter(LoginSession, LoginSessionModel)


class SqlLoginSessionRepository(LoginSessionRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, session: LoginSession) -> None:
        self._session.add(_from_session(session))
        await self._session.flush()

    async def find(self, token_hash: str) -> LoginSession | None:
        row = await self._session.scalar(
            select(LoginSessionModel).where(LoginSessionModel.token_hash == token_hash)
        )
        return _to_session(row) if row else None

    async def delete(self, token_hash: str) -> None:
        await self._session.execute(
            delete(LoginSessionModel).where(LoginSessionModel.token_hash == token_hash)
        )

    async def delete_expired(self, now: datetime) -> int:
        removed = await self._session.scalars(
            delete(LoginSessionModel)
            .where(LoginSessionModel.expires_at <= now)
            .returning(LoginSessionModel.id)
        )
        return len(removed.all())

from dataclasses import dataclass

from application.accounts.sessions import SessionTokens
from application.transactions import TransactionManager
from domain.accounts.sessions import LoginSessionRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class SignOutInput:
    token: str | None


@dataclass(frozen=True, slots=True)
class SignOut:
    """Ends the session of this token; signing out without a session, or twice, is no error."""

    sessions: LoginSessionRepository
    tokens: SessionTokens
    tx: TransactionManager

    async def __call__(self, data: SignOutInput) -> None:
        if data.token:
            await self.sessions.delete(self.tokens.hash(data.token))
            await self.tx.commit()

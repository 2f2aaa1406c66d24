"""Sign-in sessions: a person who proved they hold an API key keeps acting with it for a while without
sending it again. The session never outlives its key: a revoked key ends every session opened with it."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginSession:
    """Only a hash of the session's token is stored, like a key's secret."""

    id: UUID
    token_hash: str
    account_id: UUID
    key_id: UUID | None  # None: opened with ADMIN_API_KEY from the environment
    static_key_hash: str | None  # for key_id None: the hash of that key, so changing it ends the session
    created_at: datetime
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


class LoginSessionRepository(Protocol):
    async def add(self, session: LoginSession) -> None: ...

    async def find(self, token_hash: str) -> LoginSession | None: ...

    async def delete(self, token_hash: str) -> None: ...

    async def delete_expired(self, now: datetime) -> int:
        """Removes sessions past their expiry; returns how many."""
        ...

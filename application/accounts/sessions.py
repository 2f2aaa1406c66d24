"""Resolving a sign-in session to the caller, checking its key on every request."""

import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from application.accounts.authenticator import StaticAdmin
from application.clock import Clock
from domain.accounts.entities import Principal, Role
from domain.accounts.exceptions import NotAuthenticatedError
from domain.accounts.repositories import ApiKeyRepository
from domain.accounts.sessions import LoginSessionRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSessionToken:
    token: str  # handed to the browser once
    token_hash: str  # stored


class SessionTokens(Protocol):
    def generate(self) -> NewSessionToken:
        """A fresh random token (at least 256 bits) and its hash."""
        ...

    def hash(self, token: str) -> str: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionPolicy:
    lifetime: timedelta


@dataclass(frozen=True, slots=True)
class SessionAuthenticator:
    """A session stands for its key: it is valid while unexpired and while the key is neither revoked nor
    deleted (checked on every request, so revocation ends sessions at once). A session opened with
    ADMIN_API_KEY lasts only while that same key is configured."""

    sessions: LoginSessionRepository
    keys: ApiKeyRepository
    tokens: SessionTokens
    static_admin: StaticAdmin
    clock: Clock

    async def authenticate(self, token: str | None) -> Principal:
        if not token:
            raise NotAuthenticatedError("Sign in with an API key.")
        session = await self.sessions.find(self.tokens.hash(token))
        if session is None or session.expired(self.clock.now()):
            raise NotAuthenticatedError("Your session has ended; sign in again.")
        if session.key_id is None:
            static = self.static_admin.secret
            if (
                static
                and session.static_key_hash
                and hmac.compare_digest(self.tokens.hash(static), session.static_key_hash)
            ):
                return Principal(account_id=self.static_admin.account_id, role=Role.ADMIN, key_id=None)
            raise NotAuthenticatedError("The key of this session is no longer configured; sign in again.")
        key = await self.keys.get(session.key_id)
        if key is None or key.revoked:
            raise NotAuthenticatedError("The API key of this session has been revoked; sign in again.")
        return Principal(account_id=key.account_id, role=key.role, key_id=key.id)

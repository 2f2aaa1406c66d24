import uuid
from dataclasses import dataclass
from datetime import datetime

from application.accounts.authenticator import Authenticator
from application.accounts.sessions import SessionPolicy, SessionTokens
from application.clock import Clock
from application.transactions import TransactionManager
from domain.accounts.entities import Principal
from domain.accounts.sessions import LoginSession, LoginSessionRepository


@dataclass(frozen=True, slots=True, kw_only=True)
class SignInInput:
    api_key: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SignInOutput:
    token: str
    expires_at: datetime
    principal: Principal


@dataclass(frozen=True, slots=True)
class SignIn:
    """A person proves they hold a valid API key and gets a session for it, lasting the policy's lifetime
    (or until they sign out or the key is revoked). Only the token's hash is stored. Expired sessions are
    cleared on the way."""

    authenticator: Authenticator
    sessions: LoginSessionRepository
    tokens: SessionTokens
    policy: SessionPolicy
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: SignInInput) -> SignInOutput:
        secret = data.api_key.strip()
        principal = await self.authenticator.authenticate(secret)
        now = self.clock.now()
        new = self.tokens.generate()
        session = LoginSession(
            id=uuid.uuid4(),
            token_hash=new.token_hash,
            account_id=principal.account_id,
            key_id=principal.key_id,
            static_key_hash=self.tokens.hash(secret) if principal.key_id is None else None,
            created_at=now,
            expires_at=now + self.policy.lifetime,
        )
        await self.sessions.delete_expired(now)
        await self.sessions.add(session)
        await self.tx.commit()
        return SignInOutput(token=new.token, expires_at=session.expires_at, principal=principal)

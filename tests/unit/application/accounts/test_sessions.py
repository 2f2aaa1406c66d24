"""Signing in, out, and resolving a session to the caller, with hand-written fakes."""

import dataclasses
import uuid
from datetime import datetime, timedelta

import pytest

from application.accounts.authenticator import Authenticator, StaticAdmin
from application.accounts.sessions import SessionAuthenticator, SessionPolicy
from application.accounts.usecases.sign_in import SignIn, SignInInput
from application.accounts.usecases.sign_out import SignOut, SignOutInput
from domain.accounts.entities import Principal, Role
from domain.accounts.exceptions import NotAuthenticatedError
from domain.accounts.sessions import LoginSession, LoginSessionRepository
from infrastructure.web.tokens import Sha256SessionTokens
from tests.unit.application.accounts.fakes import SECRETS, FakeKeys, make_account, make_key
from tests.unit.fakes import FakeClock, FakeTransactions

STATIC_ACCOUNT = uuid.UUID(int=1)
STATIC_SECRET = "static-admin-secret-0123456789"
ALICE = make_account("alice")
TOKENS = Sha256SessionTokens()


class FakeSessions(LoginSessionRepository):
    def __init__(self) -> None:
        self.stored: dict[str, LoginSession] = {}

    async def add(self, session: LoginSession) -> None:
        self.stored[session.token_hash] = session

    async def find(self, token_hash: str) -> LoginSession | None:
        return self.stored.get(token_hash)

    async def delete(self, token_hash: str) -> None:
        self.stored.pop(token_hash, None)

    async def delete_expired(self, now: datetime) -> int:
        expired = [key for key, session in self.stored.items() if session.expired(now)]
        for key in expired:
            del self.stored[key]
        return len(expired)


class World:
    def __init__(self, static_secret: str | None = STATIC_SECRET) -> None:
        self.keys = FakeKeys()
        self.sessions = FakeSessions()
        self.clock = FakeClock()
        self.tx = FakeTransactions()
        self.static = StaticAdmin(secret=static_secret, account_id=STATIC_ACCOUNT)
        authenticator = Authenticator(self.keys, SECRETS, self.static, self.clock, self.tx)
        policy = SessionPolicy(lifetime=timedelta(hours=12))
        self.sign_in = SignIn(authenticator, self.sessions, TOKENS, policy, self.clock, self.tx)
        self.sign_out = SignOut(self.sessions, TOKENS, self.tx)

    def resolver(self) -> SessionAuthenticator:
        return SessionAuthenticator(self.sessions, self.keys, TOKENS, self.static, self.clock)

    async def key(self, role: Role = Role.USER) -> tuple[uuid.UUID, str]:
        key, secret = make_key(ALICE, role)
        await self.keys.add(key)
        return key.id, secret


async def test_signing_in_stores_only_the_hash_of_a_fresh_token_for_the_key() -> None:
    world = World()
    key_id, secret = await world.key(Role.AUTHOR)
    signed = await world.sign_in(SignInInput(api_key=f"  {secret}\n"))
    assert signed.principal == Principal(account_id=ALICE.id, role=Role.AUTHOR, key_id=key_id)
    [stored] = world.sessions.stored.values()
    assert stored.token_hash == TOKENS.hash(signed.token) != signed.token
    assert stored.key_id == key_id
    assert stored.expires_at == world.clock.now() + timedelta(hours=12) == signed.expires_at
    assert world.tx.commits >= 1
    second = await world.sign_in(SignInInput(api_key=secret))
    assert second.token != signed.token


async def test_a_session_acts_as_its_key_until_it_expires() -> None:
    world = World()
    key_id, secret = await world.key(Role.USER)
    token = (await world.sign_in(SignInInput(api_key=secret))).token
    resolver = world.resolver()
    assert (await resolver.authenticate(token)).key_id == key_id
    world.clock.advance(timedelta(hours=12) - timedelta(seconds=1))
    assert (await resolver.authenticate(token)).role is Role.USER
    world.clock.advance(timedelta(seconds=1))
    with pytest.raises(NotAuthenticatedError, match="ended"):
        await resolver.authenticate(token)


async def test_revoking_or_deleting_the_key_ends_the_session() -> None:
    world = World()
    key_id, secret = await world.key()
    token = (await world.sign_in(SignInInput(api_key=secret))).token
    await world.keys.revoke(key_id, world.clock.now())
    with pytest.raises(NotAuthenticatedError, match="revoked"):
        await world.resolver().authenticate(token)
    other_id, other_secret = await world.key()
    other = (await world.sign_in(SignInInput(api_key=other_secret))).token
    del world.keys.stored[other_id]
    with pytest.raises(NotAuthenticatedError):
        await world.resolver().authenticate(other)


async def test_the_role_follows_the_key_not_the_moment_of_sign_in() -> None:
    world = World()
    key_id, secret = await world.key(Role.AUTHOR)
    token = (await world.sign_in(SignInInput(api_key=secret))).token
    world.keys.stored[key_id] = dataclasses.replace(world.keys.stored[key_id], role=Role.USER)
    assert (await world.resolver().authenticate(token)).role is Role.USER


async def test_unknown_missing_and_signed_out_tokens_are_refused() -> None:
    world = World()
    _, secret = await world.key()
    token = (await world.sign_in(SignInInput(api_key=secret))).token
    for presented in (None, "", "not-a-token", token + "x"):
        with pytest.raises(NotAuthenticatedError):
            await world.resolver().authenticate(presented)
    await world.sign_out(SignOutInput(token=token))
    await world.sign_out(SignOutInput(token=token))
    await world.sign_out(SignOutInput(token=None))
    with pytest.raises(NotAuthenticatedError):
        await world.resolver().authenticate(token)


async def test_invalid_or_revoked_keys_open_no_session() -> None:
    world = World()
    key_id, secret = await world.key()
    await world.keys.revoke(key_id, world.clock.now())
    for presented in (secret, "", "jdg_000000000000_" + "x" * 43):
        with pytest.raises(NotAuthenticatedError):
            await world.sign_in(SignInInput(api_key=presented))
    assert world.sessions.stored == {}


async def test_a_static_admin_session_lasts_only_while_that_key_is_configured() -> None:
    world = World()
    token = (await world.sign_in(SignInInput(api_key=STATIC_SECRET))).token
    [stored] = world.sessions.stored.values()
    assert stored.key_id is None
    assert STATIC_SECRET not in (stored.static_key_hash or "")
    principal = await world.resolver().authenticate(token)
    assert principal == Principal(account_id=STATIC_ACCOUNT, role=Role.ADMIN, key_id=None)
    world.static = StaticAdmin(secret="a-new-static-admin-secret-987654", account_id=STATIC_ACCOUNT)
    with pytest.raises(NotAuthenticatedError):
        await world.resolver().authenticate(token)
    world.static = StaticAdmin(secret=None, account_id=STATIC_ACCOUNT)
    with pytest.raises(NotAuthenticatedError):
        await world.resolver().authenticate(token)


async def test_signing_in_clears_expired_sessions() -> None:
    world = World()
    _, secret = await world.key()
    await world.sign_in(SignInInput(api_key=secret))
    world.clock.advance(timedelta(hours=13))
    await world.sign_in(SignInInput(api_key=secret))
    assert len(world.sessions.stored) == 1

import uuid
from datetime import timedelta

import pytest

from application.accounts.authenticator import Authenticator, StaticAdmin
from domain.accounts.entities import Principal, Role
from domain.accounts.exceptions import NotAuthenticatedError
from tests.unit.application.accounts.fakes import SECRETS, FakeKeys, make_account, make_key
from tests.unit.fakes import NOW, FakeClock, FakeTransactions

STATIC_ACCOUNT = uuid.UUID(int=1)
STATIC_SECRET = "static-admin-secret-0123456789"
ALICE = make_account("alice")


class World:
    def __init__(self, static_secret: str | None = None) -> None:
        self.keys = FakeKeys()
        self.clock = FakeClock()
        self.tx = FakeTransactions()
        self.authenticate = Authenticator(
            self.keys,
            SECRETS,
            StaticAdmin(secret=static_secret, account_id=STATIC_ACCOUNT),
            self.clock,
            self.tx,
        ).authenticate

    async def stored_key(self, role: Role = Role.USER, *, revoked: bool = False) -> tuple[uuid.UUID, str]:
        key, secret = make_key(ALICE, role, revoked_at=NOW if revoked else None)
        await self.keys.add(key)
        return key.id, secret


async def test_a_stored_key_authenticates_as_its_account_and_role() -> None:
    world = World()
    key_id, secret = await world.stored_key(Role.AUTHOR)
    assert await world.authenticate(secret) == Principal(account_id=ALICE.id, role=Role.AUTHOR, key_id=key_id)


@pytest.mark.parametrize("secret", [None, ""])
async def test_missing_key_is_not_authenticated(secret: str | None) -> None:
    world = World()
    await world.stored_key()
    with pytest.raises(NotAuthenticatedError):
        await world.authenticate(secret)


@pytest.mark.parametrize("secret", ["garbage", "jdg_nothex00000_" + "a" * 43, "Bearer jdg_"])
async def test_malformed_key_is_not_authenticated_without_a_lookup(secret: str) -> None:
    world = World()
    with pytest.raises(NotAuthenticatedError):
        await world.authenticate(secret)
    assert world.keys.lookups == []


async def test_well_formed_but_unknown_key_is_not_authenticated() -> None:
    world = World()
    await world.stored_key()
    with pytest.raises(NotAuthenticatedError):
        await world.authenticate(SECRETS.generate().secret)


async def test_known_prefix_with_a_wrong_secret_is_not_authenticated() -> None:
    world = World()
    _, secret = await world.stored_key()
    forged = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    with pytest.raises(NotAuthenticatedError):
        await world.authenticate(forged)
    assert world.keys.lookups == [SECRETS.prefix_of(secret)]


async def test_revoked_key_is_not_authenticated_and_not_touched() -> None:
    world = World()
    _, secret = await world.stored_key(revoked=True)
    with pytest.raises(NotAuthenticatedError, match="revoked"):
        await world.authenticate(secret)
    assert (world.keys.touched, world.tx.commits) == ([], 0)


async def test_a_key_stops_working_once_revoked() -> None:
    world = World()
    key_id, secret = await world.stored_key()
    await world.authenticate(secret)
    await world.keys.revoke(key_id, world.clock.now())
    with pytest.raises(NotAuthenticatedError):
        await world.authenticate(secret)


async def test_environment_admin_key_is_an_admin_without_a_key_row() -> None:
    world = World(static_secret=STATIC_SECRET)
    principal = await world.authenticate(STATIC_SECRET)
    assert principal == Principal(account_id=STATIC_ACCOUNT, role=Role.ADMIN, key_id=None)
    assert (world.keys.lookups, world.keys.touched) == ([], [])


async def test_environment_admin_key_must_match_whole() -> None:
    world = World(static_secret=STATIC_SECRET)
    for attempt in (STATIC_SECRET[:-1], STATIC_SECRET + "x", STATIC_SECRET.upper()):
        with pytest.raises(NotAuthenticatedError):
            await world.authenticate(attempt)


async def test_without_an_environment_admin_key_stored_keys_still_work() -> None:
    world = World(static_secret=None)
    _, secret = await world.stored_key(Role.ADMIN)
    assert (await world.authenticate(secret)).is_admin


async def test_last_use_is_recorded_at_most_once_a_minute() -> None:
    world = World()
    key_id, secret = await world.stored_key()
    await world.authenticate(secret)
    first_use = world.clock.now()
    world.clock.advance(timedelta(seconds=59))
    await world.authenticate(secret)
    assert world.keys.touched == [(key_id, first_use)]
    assert world.tx.commits == 1
    world.clock.advance(timedelta(seconds=1))
    await world.authenticate(secret)
    assert world.keys.touched == [(key_id, first_use), (key_id, first_use + timedelta(minutes=1))]
    assert world.keys.stored[key_id].last_used_at == world.clock.now()
    assert world.tx.commits == 2

import uuid
from datetime import timedelta

import pytest

from application.accounts.usecases import (
    CreateKey,
    CreateKeyInput,
    GetMe,
    ListKeys,
    RevokeKey,
    RevokeKeyInput,
)
from domain.accounts.entities import Account, ApiKey, Principal, Role
from domain.accounts.exceptions import (
    AccountNotFoundError,
    ForbiddenError,
    InvalidKeyRequestError,
    KeyNotFoundError,
    NotAuthenticatedError,
)
from tests.unit.application.accounts.fakes import SECRETS, FakeAccounts, FakeKeys, make_account, make_key
from tests.unit.fakes import NOW, FakeClock, FakeIdentity, FakeTransactions, principal


class World:
    def __init__(self, *accounts: Account) -> None:
        self.accounts = FakeAccounts(*accounts)
        self.keys = FakeKeys()
        self.clock = FakeClock()
        self.tx = FakeTransactions()

    def create_key(self, caller: Principal | None) -> CreateKey:
        return CreateKey(FakeIdentity(caller), self.accounts, self.keys, SECRETS, self.clock, self.tx)

    def revoke_key(self, caller: Principal) -> RevokeKey:
        return RevokeKey(FakeIdentity(caller), self.keys, self.clock, self.tx)

    def list_keys(self, caller: Principal) -> ListKeys:
        return ListKeys(FakeIdentity(caller), self.keys)


ADMIN = principal(Role.ADMIN)


async def test_admin_creates_a_key_for_a_new_account_and_sees_the_secret_once() -> None:
    world = World()
    created = await world.create_key(ADMIN)(
        CreateKeyInput(name=" ci ", role=Role.AUTHOR, account_name=" bob ")
    )
    assert world.accounts.stored == {created.account.id: created.account}
    assert (created.account.name, created.account.created_at) == ("bob", NOW)
    assert world.keys.stored == {created.key.id: created.key}
    key = created.key
    assert (key.account_id, key.name, key.role, key.created_at) == (
        created.account.id,
        "ci",
        Role.AUTHOR,
        NOW,
    )
    assert created.secret not in (key.prefix, key.secret_hash)
    assert SECRETS.prefix_of(created.secret) == key.prefix
    assert SECRETS.matches(created.secret, key.secret_hash)
    assert world.tx.commits == 1


async def test_admin_creates_a_key_for_an_existing_account_without_a_new_account() -> None:
    alice = make_account("alice")
    world = World(alice)
    created = await world.create_key(ADMIN)(CreateKeyInput(name="phone", role=Role.USER, account_id=alice.id))
    assert created.account == alice
    assert created.key.account_id == alice.id
    assert list(world.accounts.stored) == [alice.id]


async def test_two_keys_get_different_secrets() -> None:
    alice = make_account()
    world = World(alice)
    create = world.create_key(ADMIN)
    first = await create(CreateKeyInput(name="a", role=Role.USER, account_id=alice.id))
    second = await create(CreateKeyInput(name="b", role=Role.USER, account_id=alice.id))
    assert first.secret != second.secret
    assert first.key.prefix != second.key.prefix


@pytest.mark.parametrize("role", [Role.AUTHOR, Role.USER])
async def test_only_admins_create_keys(role: Role) -> None:
    world = World()
    with pytest.raises(ForbiddenError):
        await world.create_key(principal(role))(CreateKeyInput(name="x", role=Role.ADMIN, account_name="me"))
    assert (world.accounts.stored, world.keys.stored, world.tx.commits) == ({}, {}, 0)


async def test_anonymous_caller_creates_no_key() -> None:
    world = World()
    with pytest.raises(NotAuthenticatedError):
        await world.create_key(None)(CreateKeyInput(name="x", role=Role.ADMIN, account_name="me"))
    assert world.keys.stored == {}


async def test_key_for_an_unknown_account_is_account_not_found() -> None:
    world = World()
    with pytest.raises(AccountNotFoundError):
        await world.create_key(ADMIN)(CreateKeyInput(name="x", role=Role.USER, account_id=uuid.uuid4()))
    assert (world.keys.stored, world.tx.commits) == ({}, 0)


@pytest.mark.parametrize(
    ("account_id", "account_name"), [(None, None), (uuid.UUID(int=7), "bob")], ids=["neither", "both"]
)
async def test_key_needs_exactly_one_of_an_existing_or_a_new_account(
    account_id: uuid.UUID | None, account_name: str | None
) -> None:
    world = World(Account(id=uuid.UUID(int=7), name="seven", created_at=NOW))
    with pytest.raises(InvalidKeyRequestError):
        await world.create_key(ADMIN)(
            CreateKeyInput(name="x", role=Role.USER, account_id=account_id, account_name=account_name)
        )
    assert (len(world.accounts.stored), world.keys.stored) == (1, {})


@pytest.mark.parametrize(
    ("name", "account_name"), [("  ", "bob"), ("x" * 101, "bob"), ("key", " "), ("key", "x" * 101)]
)
async def test_key_and_account_names_are_1_to_100_characters(name: str, account_name: str) -> None:
    world = World()
    with pytest.raises(InvalidKeyRequestError):
        await world.create_key(ADMIN)(CreateKeyInput(name=name, role=Role.USER, account_name=account_name))
    assert (world.accounts.stored, world.keys.stored) == ({}, {})


async def test_user_revokes_a_key_of_their_own_account() -> None:
    alice = make_account()
    key, _ = make_key(alice)
    world = World(alice)
    await world.keys.add(key)
    world.clock.advance(timedelta(hours=1))
    await world.revoke_key(principal(Role.USER, alice.id))(RevokeKeyInput(key_id=key.id))
    assert world.keys.stored[key.id].revoked_at == world.clock.now()
    assert world.tx.commits == 1


@pytest.mark.parametrize("role", [Role.AUTHOR, Role.USER])
async def test_revoking_another_accounts_key_is_key_not_found(role: Role) -> None:
    alice = make_account()
    key, _ = make_key(alice)
    world = World(alice)
    await world.keys.add(key)
    with pytest.raises(KeyNotFoundError):
        await world.revoke_key(principal(role))(RevokeKeyInput(key_id=key.id))
    assert not world.keys.stored[key.id].revoked
    assert world.tx.commits == 0


async def test_admin_revokes_any_key() -> None:
    alice = make_account()
    key, _ = make_key(alice, Role.ADMIN)
    world = World(alice)
    await world.keys.add(key)
    await world.revoke_key(ADMIN)(RevokeKeyInput(key_id=key.id))
    assert world.keys.stored[key.id].revoked


async def test_revoking_an_unknown_key_is_key_not_found() -> None:
    with pytest.raises(KeyNotFoundError):
        await World().revoke_key(ADMIN)(RevokeKeyInput(key_id=uuid.uuid4()))


async def test_admins_list_every_key_and_others_their_accounts_keys_of_no_higher_role() -> None:
    alice, bob = make_account("alice"), make_account("bob")
    world = World(alice, bob)
    alice_user, _ = make_key(alice, Role.USER)
    alice_author, _ = make_key(alice, Role.AUTHOR)
    bob_user, _ = make_key(bob, Role.USER)
    for key in (alice_user, alice_author, bob_user):
        await world.keys.add(key)

    def ids(keys: list[ApiKey]) -> set[uuid.UUID]:
        return {key.id for key in keys}

    assert ids(await world.list_keys(ADMIN)()) == {alice_user.id, alice_author.id, bob_user.id}
    assert ids(await world.list_keys(principal(Role.USER, alice.id))()) == {alice_user.id}
    assert ids(await world.list_keys(principal(Role.AUTHOR, alice.id))()) == {alice_user.id, alice_author.id}
    assert ids(await world.list_keys(principal(Role.AUTHOR, bob.id))()) == {bob_user.id}
    assert await world.list_keys(principal(Role.USER))() == []


async def test_me_is_the_callers_account_and_key() -> None:
    alice = make_account()
    key, _ = make_key(alice, Role.AUTHOR)
    world = World(alice)
    await world.keys.add(key)
    caller = Principal(account_id=alice.id, role=Role.AUTHOR, key_id=key.id)
    me = await GetMe(FakeIdentity(caller), world.accounts, world.keys)()
    assert (me.principal, me.account, me.key) == (caller, alice, key)


async def test_me_with_the_environment_admin_key_has_no_key_row() -> None:
    admin = make_account("admin")
    caller = Principal(account_id=admin.id, role=Role.ADMIN, key_id=None)
    world = World(admin)
    me = await GetMe(FakeIdentity(caller), world.accounts, world.keys)()
    assert (me.account, me.key) == (admin, None)


async def test_me_of_a_deleted_account_is_account_not_found() -> None:
    world = World()
    with pytest.raises(AccountNotFoundError):
        await GetMe(FakeIdentity(principal(Role.USER)), world.accounts, world.keys)()


async def test_a_weaker_key_cannot_revoke_a_stronger_key_of_the_same_account() -> None:
    alice = make_account("alice")
    world = World(alice)
    admin_key, _ = make_key(alice, Role.ADMIN)
    await world.keys.add(admin_key)
    with pytest.raises(KeyNotFoundError):
        await world.revoke_key(principal(Role.USER, alice.id))(RevokeKeyInput(key_id=admin_key.id))
    assert not world.keys.stored[admin_key.id].revoked

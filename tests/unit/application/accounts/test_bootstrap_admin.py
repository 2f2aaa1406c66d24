import uuid

from application.accounts.authenticator import Authenticator, StaticAdmin
from application.accounts.usecases import BootstrapAdmin
from domain.accounts.entities import Principal, Role
from tests.unit.application.accounts.fakes import SECRETS, FakeAccounts, FakeKeys, make_account, make_key
from tests.unit.fakes import NOW, FakeClock, FakeTransactions

ADMIN_ACCOUNT = uuid.UUID(int=1)


class World:
    def __init__(self, static_secret: str | None = None) -> None:
        self.accounts = FakeAccounts()
        self.keys = FakeKeys()
        self.clock = FakeClock()
        self.tx = FakeTransactions()
        self.static = StaticAdmin(secret=static_secret, account_id=ADMIN_ACCOUNT)

    async def bootstrap(self) -> str | None:
        use_case = BootstrapAdmin(self.accounts, self.keys, SECRETS, self.static, self.clock, self.tx)
        return (await use_case()).secret

    async def authenticate(self, secret: str) -> Principal:
        return await Authenticator(self.keys, SECRETS, self.static, self.clock, self.tx).authenticate(secret)


async def test_first_start_without_any_key_creates_an_admin_key_that_works() -> None:
    world = World()
    secret = await world.bootstrap()
    assert secret is not None
    [key] = world.keys.stored.values()
    assert (key.account_id, key.role, key.created_at) == (ADMIN_ACCOUNT, Role.ADMIN, NOW)
    assert secret not in (key.prefix, key.secret_hash)
    principal = await world.authenticate(secret)
    assert (principal.account_id, principal.role, principal.key_id) == (ADMIN_ACCOUNT, Role.ADMIN, key.id)
    assert world.accounts.stored[ADMIN_ACCOUNT].name == "admin"


async def test_second_start_creates_no_second_key() -> None:
    world = World()
    assert await world.bootstrap() is not None
    assert await world.bootstrap() is None
    assert len(world.keys.stored) == 1


async def test_environment_admin_key_means_no_key_is_created_but_the_account_exists() -> None:
    world = World(static_secret="from-the-environment")
    assert await world.bootstrap() is None
    assert world.keys.stored == {}
    assert list(world.accounts.stored) == [ADMIN_ACCOUNT]
    assert world.tx.commits == 1


async def test_an_active_key_of_any_account_means_no_key_is_created() -> None:
    world = World()
    key, _ = make_key(make_account(), Role.USER)
    await world.keys.add(key)
    assert await world.bootstrap() is None
    assert list(world.keys.stored) == [key.id]


async def test_only_revoked_keys_left_means_a_new_admin_key() -> None:
    world = World()
    old, _ = make_key(make_account(), Role.ADMIN, revoked_at=NOW)
    await world.keys.add(old)
    assert await world.bootstrap() is not None
    assert len(world.keys.stored) == 2

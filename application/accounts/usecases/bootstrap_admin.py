import uuid
from dataclasses import dataclass

from application.accounts.authenticator import StaticAdmin
from application.accounts.ports import SecretKeeper
from application.clock import Clock
from application.transactions import TransactionManager
from domain.accounts.entities import Account, ApiKey, Role
from domain.accounts.repositories import AccountRepository, ApiKeyRepository

ADMIN_ACCOUNT_NAME = "admin"


@dataclass(frozen=True, slots=True, kw_only=True)
class BootstrapAdminOutput:
    secret: str | None  # a key created now (shown once), or None when one already existed


class BootstrapAdmin:
    """The first start needs a way in: the admin account always exists, and when neither ADMIN_API_KEY nor
    any active key exists, an admin key is created and returned once."""

    def __init__(
        self,
        accounts: AccountRepository,
        keys: ApiKeyRepository,
        secrets: SecretKeeper,
        static_admin: StaticAdmin,
        clock: Clock,
        tx: TransactionManager,
    ) -> None:
        self._accounts = accounts
        self._keys = keys
        self._secrets = secrets
        self._static_admin = static_admin
        self._clock = clock
        self._tx = tx

    async def __call__(self) -> BootstrapAdminOutput:
        now = self._clock.now()
        await self._accounts.add(
            Account(id=self._static_admin.account_id, name=ADMIN_ACCOUNT_NAME, created_at=now)
        )
        secret = None
        if not self._static_admin.secret and not await self._keys.any_active():
            new = self._secrets.generate()
            await self._keys.add(
                ApiKey(
                    id=uuid.uuid4(),
                    account_id=self._static_admin.account_id,
                    name="bootstrap",
                    role=Role.ADMIN,
                    prefix=new.prefix,
                    secret_hash=new.secret_hash,
                    created_at=now,
                )
            )
            secret = new.secret
        await self._tx.commit()
        return BootstrapAdminOutput(secret=secret)

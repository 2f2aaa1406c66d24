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


@dataclass(frozen=True, slots=True)
class BootstrapAdmin:
    """The first start needs a way in: the admin account always exists, and when neither ADMIN_API_KEY nor
    any active key exists, an admin key is created and returned once."""

    accounts: AccountRepository
    keys: ApiKeyRepository
    secrets: SecretKeeper
    static_admin: StaticAdmin
    clock: Clock
    tx: TransactionManager

    async def __call__(self) -> BootstrapAdminOutput:
        now = self.clock.now()
        await self.accounts.add(
            Account(id=self.static_admin.account_id, name=ADMIN_ACCOUNT_NAME, created_at=now)
        )
        secret = None
        if not self.static_admin.secret and not await self.keys.any_active():
            new = self.secrets.generate()
            await self.keys.add(
                ApiKey(
                    id=uuid.uuid4(),
                    account_id=self.static_admin.account_id,
                    name="bootstrap",
                    role=Role.ADMIN,
                    prefix=new.prefix,
                    secret_hash=new.secret_hash,
                    created_at=now,
                )
            )
            secret = new.secret
        await self.tx.commit()
        return BootstrapAdminOutput(secret=secret)

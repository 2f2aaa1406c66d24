from application.accounts.authenticator import StaticAdmin
from application.accounts.ports import IdentityProvider
from domain.accounts.entities import Principal, Role


class SystemIdentityProvider(IdentityProvider):
    """The operator at the command line (e.g. `create-key`): acts as the admin account."""

    def __init__(self, static_admin: StaticAdmin) -> None:
        self._principal = Principal(account_id=static_admin.account_id, role=Role.ADMIN, key_id=None)

    async def principal(self) -> Principal:
        return self._principal

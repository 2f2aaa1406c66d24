import uuid

from dishka import Provider, Scope, from_context, provide, provide_all
from fastapi import Request

from application.accounts.authenticator import Authenticator, StaticAdmin
from application.accounts.ports import IdentityProvider, RateLimits, RoleQuota, SecretKeeper
from application.accounts.usecases import BootstrapAdmin, CreateKey, GetMe, ListKeys, RevokeKey
from domain.accounts.entities import Role
from domain.accounts.repositories import AccountRepository, ApiKeyRepository
from infrastructure.accounts.secrets import Sha256SecretKeeper
from infrastructure.accounts.system_identity import SystemIdentityProvider
from infrastructure.config import Settings
from infrastructure.database.repositories.accounts.repositories import (
    SqlAccountRepository,
    SqlApiKeyRepository,
)
from infrastructure.http.identity import HttpIdentityProvider

# The admin account's id is fixed, so ADMIN_API_KEY and bootstrap keys act as one account everywhere.
ADMIN_ACCOUNT_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")


class AccountsProvider(Provider):
    request = from_context(provides=Request, scope=Scope.REQUEST)

    accounts = provide(SqlAccountRepository, scope=Scope.REQUEST, provides=AccountRepository)
    keys = provide(SqlApiKeyRepository, scope=Scope.REQUEST, provides=ApiKeyRepository)
    secrets = provide(Sha256SecretKeeper, scope=Scope.APP, provides=SecretKeeper)
    authenticator = provide(Authenticator, scope=Scope.REQUEST)
    identity = provide(HttpIdentityProvider, scope=Scope.REQUEST, provides=IdentityProvider)
    use_cases = provide_all(BootstrapAdmin, CreateKey, GetMe, ListKeys, RevokeKey, scope=Scope.REQUEST)

    @provide(scope=Scope.APP)
    def static_admin(self, settings: Settings) -> StaticAdmin:
        return StaticAdmin(secret=settings.admin_api_key or None, account_id=ADMIN_ACCOUNT_ID)

    @provide(scope=Scope.APP)
    def rate_limits(self, settings: Settings) -> RateLimits:
        return RateLimits(
            by_role={
                Role.USER: RoleQuota(
                    submissions_per_minute=settings.rate_user_per_minute,
                    queued_submissions=settings.rate_user_queued,
                ),
                Role.AUTHOR: RoleQuota(
                    submissions_per_minute=settings.rate_author_per_minute,
                    queued_submissions=settings.rate_author_queued,
                ),
                Role.ADMIN: RoleQuota(
                    submissions_per_minute=settings.rate_admin_per_minute,
                    queued_submissions=settings.rate_admin_queued,
                ),
            }
        )


class SystemIdentity(Provider):
    """For command-line modes: the operator acts as the admin account (overrides the HTTP identity)."""

    identity = provide(SystemIdentityProvider, scope=Scope.REQUEST, provides=IdentityProvider, override=True)

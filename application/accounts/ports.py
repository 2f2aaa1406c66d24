from dataclasses import dataclass
from typing import Protocol

from domain.accounts.entities import Principal, Role


class IdentityProvider(Protocol):
    """The caller of the current request or task."""

    async def principal(self) -> Principal:
        """Raises NotAuthenticatedError when the caller presented no valid key."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSecret:
    secret: str  # shown once to whoever created the key
    prefix: str  # stored in clear, to find the key
    secret_hash: str  # stored


class SecretKeeper(Protocol):
    def generate(self) -> NewSecret: ...

    def prefix_of(self, secret: str) -> str | None:
        """None when `secret` is not shaped like one of our keys."""
        ...

    def matches(self, secret: str, secret_hash: str) -> bool:
        """Constant-time comparison."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleQuota:
    submissions_per_minute: int  # 0: unlimited
    queued_submissions: int  # 0: unlimited


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimits:
    by_role: dict[Role, RoleQuota]

    def for_role(self, role: Role) -> RoleQuota:
        return self.by_role[role]

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class Role(StrEnum):
    ADMIN = "admin"
    AUTHOR = "author"
    USER = "user"


class Visibility(StrEnum):
    DRAFT = "draft"  # its author and admins only
    PUBLIC = "public"


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    id: UUID
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiKey:
    """A key's metadata. The secret itself is never stored: only `prefix` (to find the row) and a hash."""

    id: UUID
    account_id: UUID
    name: str
    role: Role
    prefix: str
    secret_hash: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Principal:
    """Who is calling: an account acting with one key's role."""

    account_id: UUID
    role: Role
    key_id: UUID | None  # None for the ADMIN_API_KEY from the environment

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

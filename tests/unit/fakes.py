"""Hand-written fakes shared by the unit tests: the caller, the clock, the transaction."""

import uuid
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.transactions import TransactionManager
from domain.accounts.entities import Principal, Role
from domain.accounts.exceptions import NotAuthenticatedError
from tests.fakes import NOW, FakeClock

__all__ = ["NOW", "FakeClock", "FakeIdentity", "FakeTransactions", "principal"]


def principal(role: Role, account_id: UUID | None = None) -> Principal:
    """A caller acting with a key of `role`; a new account unless one is given."""
    return Principal(account_id=account_id or uuid.uuid4(), role=role, key_id=uuid.uuid4())


class FakeIdentity(IdentityProvider):
    """The caller is `current`; None is an anonymous caller (no key, or an invalid one)."""

    def __init__(self, current: Principal | None) -> None:
        self.current = current

    async def principal(self) -> Principal:
        if self.current is None:
            raise NotAuthenticatedError("no key")
        return self.current


class FakeTransactions(TransactionManager):
    def __init__(self) -> None:
        self.commits = 0
        self.rollbacks = 0

    async def commit(self) -> None:
        self.commits += 1

    async def rollback(self) -> None:
        self.rollbacks += 1

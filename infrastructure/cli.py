"""Command-line modes that are not servers: `create-key`."""

import asyncio
import uuid

from application.accounts.usecases import CreateKey, CreateKeyInput
from domain.accounts.entities import Role
from infrastructure.config import Settings
from infrastructure.providers.accounts import SystemIdentity
from infrastructure.providers.container import make_container


async def _create_key(
    settings: Settings, role: Role, name: str, account: str | None, account_id: uuid.UUID | None
) -> str:
    container = make_container(settings, SystemIdentity())
    try:
        async with container() as request:
            create = await request.get(CreateKey)
            created = await create(
                CreateKeyInput(
                    name=name,
                    role=role,
                    account_id=account_id,
                    account_name=None if account_id else (account or name),
                )
            )
    finally:
        await container.close()
    return created.secret


def create_key(
    settings: Settings, role: str, name: str, account: str | None, account_id: uuid.UUID | None
) -> str:
    """Creates a key (for a new account named `account`, default `name`, or an existing `account_id`)."""
    return asyncio.run(_create_key(settings, Role(role), name, account, account_id))

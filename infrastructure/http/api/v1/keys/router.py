from datetime import datetime
from uuid import UUID

from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter, Response
from pydantic import Field

from application.accounts.usecases import (
    CreateKey,
    CreateKeyInput,
    GetMe,
    ListKeys,
    RevokeKey,
    RevokeKeyInput,
)
from application.messaging.bus import MessageBus
from domain.accounts.entities import ApiKey, Role
from infrastructure.http.api.v1.descriptions import describe
from infrastructure.http.api.v1.models import CamelBase, error_responses

router = APIRouter(tags=["access"], route_class=DishkaRoute)


class KeyModel(CamelBase):
    id: UUID
    account_id: UUID
    name: str
    role: Role
    prefix: str = Field(description="The key's public part (`jdg_<prefix>_…`), to recognise it.")
    created_at: datetime
    last_used_at: datetime | None = Field(description="Updated at most once a minute.")
    revoked_at: datetime | None


class CreateKeyModel(CamelBase):
    """For an existing account give `accountId`; for a new one, `accountName`."""

    name: str = Field(examples=["ci"], description="What the key is for.")
    role: Role
    account_id: UUID | None = None
    account_name: str | None = Field(default=None, examples=["alice"])


class CreatedKeyModel(KeyModel):
    key: str = Field(description="The secret. Shown only now: store it; it cannot be recovered.")


class MeModel(CamelBase):
    account_id: UUID
    account_name: str
    role: Role
    key: KeyModel | None = Field(description="The key in use; null for ADMIN_API_KEY.")


def _key(key: ApiKey) -> KeyModel:
    return KeyModel(
        id=key.id,
        account_id=key.account_id,
        name=key.name,
        role=key.role,
        prefix=key.prefix,
        created_at=key.created_at,
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
    )


@router.post(
    "/keys",
    summary="Create an API key",
    description=describe(CreateKey),
    status_code=201,
    response_model=CreatedKeyModel,
    responses=error_responses(401, 403, 404, 422),
)
async def create_key(body: CreateKeyModel, use_case: FromDishka[CreateKey]) -> CreatedKeyModel:
    created = await use_case(
        CreateKeyInput(
            name=body.name, role=body.role, account_id=body.account_id, account_name=body.account_name
        )
    )
    return CreatedKeyModel(**_key(created.key).model_dump(), key=created.secret)


@router.get(
    "/keys",
    summary="API keys",
    description=describe(ListKeys),
    response_model=list[KeyModel],
    responses=error_responses(401),
)
async def list_keys(use_case: FromDishka[ListKeys]) -> list[KeyModel]:
    return [_key(key) for key in await use_case()]


@router.delete(
    "/keys/{key_id}",
    summary="Revoke an API key",
    description=describe(RevokeKey),
    status_code=204,
    response_class=Response,
    responses=error_responses(401, 404),
)
async def revoke_key(key_id: UUID, bus: FromDishka[MessageBus]) -> None:
    await bus.handle(RevokeKeyInput(key_id=key_id))  # a command: its one handler is RevokeKey


@router.get(
    "/me",
    summary="Who am I",
    description=describe(GetMe),
    response_model=MeModel,
    responses=error_responses(401),
)
async def me(use_case: FromDishka[GetMe]) -> MeModel:
    found = await use_case()
    return MeModel(
        account_id=found.account.id,
        account_name=found.account.name,
        role=found.principal.role,
        key=_key(found.key) if found.key else None,
    )

from typing import Annotated
from uuid import UUID

from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter, Query, Response

from application.webhooks.usecases import (
    CreateWebhook,
    CreateWebhookInput,
    DeleteWebhook,
    DeleteWebhookInput,
    GetCallbackSecret,
    GetWebhook,
    GetWebhookInput,
    ListDeliveries,
    ListDeliveriesInput,
    ListWebhooks,
    Redeliver,
    RedeliverInput,
    RotateSecret,
    RotateSecretInput,
    UpdateWebhook,
    UpdateWebhookInput,
)
from infrastructure.http.api.v1.descriptions import describe
from infrastructure.http.api.v1.models import error_responses
from infrastructure.http.api.v1.webhooks.models import (
    CallbackSecretModel,
    CreatedWebhookModel,
    CreateWebhookModel,
    DeliveryModel,
    RotatedSecretModel,
    UpdateWebhookModel,
    WebhookModel,
    to_delivery,
    to_webhook,
)

router = APIRouter(tags=["webhooks"], route_class=DishkaRoute)


@router.get(
    "/webhooks/callback-secret",
    summary="The secret signing your callbackUrls",
    description=describe(GetCallbackSecret),
    response_model=CallbackSecretModel,
    responses=error_responses(401),
)
async def callback_secret(use_case: FromDishka[GetCallbackSecret]) -> CallbackSecretModel:
    return CallbackSecretModel(secret=await use_case())


@router.post(
    "/webhooks",
    summary="Subscribe to events",
    description=describe(
        CreateWebhook,
        "422 `invalid_webhook` (URL, event types), `webhook_target_refused` (SSRF rules); 409 "
        "`too_many_webhooks`; 404 `problem_not_found`.",
    ),
    status_code=201,
    response_model=CreatedWebhookModel,
    responses=error_responses(401, 404, 409, 422),
)
async def create_webhook(
    body: CreateWebhookModel, use_case: FromDishka[CreateWebhook]
) -> CreatedWebhookModel:
    created = await use_case(
        CreateWebhookInput(
            url=body.url,
            event_types=body.event_types,
            problem_id=body.problem_id,
            description=body.description,
        )
    )
    return CreatedWebhookModel(**to_webhook(created.endpoint).model_dump(), secret=created.secret)


@router.get(
    "/webhooks",
    summary="Your webhooks",
    description=describe(ListWebhooks),
    response_model=list[WebhookModel],
    responses=error_responses(401),
)
async def list_webhooks(use_case: FromDishka[ListWebhooks]) -> list[WebhookModel]:
    return [to_webhook(endpoint) for endpoint in await use_case()]


@router.get(
    "/webhooks/{webhook_id}",
    summary="A webhook",
    description=describe(GetWebhook, "404 `webhook_not_found`."),
    response_model=WebhookModel,
    responses=error_responses(401, 404),
)
async def get_webhook(webhook_id: UUID, use_case: FromDishka[GetWebhook]) -> WebhookModel:
    return to_webhook(await use_case(GetWebhookInput(webhook_id=webhook_id)))


@router.patch(
    "/webhooks/{webhook_id}",
    summary="Change a webhook",
    description=describe(UpdateWebhook, "404 `webhook_not_found`; 422 as at creation."),
    response_model=WebhookModel,
    responses=error_responses(401, 404, 422),
)
async def update_webhook(
    webhook_id: UUID, body: UpdateWebhookModel, use_case: FromDishka[UpdateWebhook]
) -> WebhookModel:
    updated = await use_case(
        UpdateWebhookInput(
            webhook_id=webhook_id,
            url=body.url,
            event_types=body.event_types,
            description=body.description,
            enabled=body.enabled,
            problem_id=body.problem_id,
            set_problem="problem_id" in body.model_fields_set,
        )
    )
    return to_webhook(updated)


@router.delete(
    "/webhooks/{webhook_id}",
    summary="Delete a webhook",
    description=describe(DeleteWebhook, "404 `webhook_not_found`."),
    status_code=204,
    response_class=Response,
    responses=error_responses(401, 404),
)
async def delete_webhook(webhook_id: UUID, use_case: FromDishka[DeleteWebhook]) -> None:
    await use_case(DeleteWebhookInput(webhook_id=webhook_id))


@router.get(
    "/webhooks/{webhook_id}/deliveries",
    summary="A webhook's delivery log",
    description=describe(ListDeliveries, "404 `webhook_not_found`."),
    response_model=list[DeliveryModel],
    responses=error_responses(401, 404),
)
async def list_deliveries(
    webhook_id: UUID,
    use_case: FromDishka[ListDeliveries],
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> list[DeliveryModel]:
    found = await use_case(ListDeliveriesInput(webhook_id=webhook_id, limit=limit))
    return [to_delivery(delivery) for delivery in found]


@router.post(
    "/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
    summary="Send one event again",
    description=describe(Redeliver, "404 `webhook_not_found`, `delivery_not_found`."),
    status_code=202,
    response_model=DeliveryModel,
    responses=error_responses(401, 404),
)
async def redeliver(webhook_id: UUID, delivery_id: UUID, use_case: FromDishka[Redeliver]) -> DeliveryModel:
    return to_delivery(await use_case(RedeliverInput(webhook_id=webhook_id, delivery_id=delivery_id)))


@router.post(
    "/webhooks/{webhook_id}/rotate-secret",
    summary="Rotate a webhook's signing secret",
    description=describe(RotateSecret, "404 `webhook_not_found`."),
    response_model=RotatedSecretModel,
    responses=error_responses(401, 404),
)
async def rotate_secret(webhook_id: UUID, use_case: FromDishka[RotateSecret]) -> RotatedSecretModel:
    rotated = await use_case(RotateSecretInput(webhook_id=webhook_id))
    return RotatedSecretModel(secret=rotated.secret, previous_valid_until=rotated.previous_valid_until)

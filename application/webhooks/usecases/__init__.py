from application.webhooks.usecases.claim_deliveries import ClaimDeliveries, ClaimDeliveriesInput
from application.webhooks.usecases.create_webhook import CreatedWebhook, CreateWebhook, CreateWebhookInput
from application.webhooks.usecases.delete_webhook import DeleteWebhook, DeleteWebhookInput
from application.webhooks.usecases.enqueue_deliveries import (
    EnqueueDeliveries,
    EnqueueDeliveriesInput,
    EnqueueDeliveriesOutput,
)
from application.webhooks.usecases.get_callback_secret import GetCallbackSecret
from application.webhooks.usecases.get_webhook import GetWebhook, GetWebhookInput
from application.webhooks.usecases.list_deliveries import ListDeliveries, ListDeliveriesInput
from application.webhooks.usecases.list_webhooks import ListWebhooks
from application.webhooks.usecases.record_attempts import AttemptMade, RecordAttempts, RecordAttemptsInput
from application.webhooks.usecases.redeliver import Redeliver, RedeliverInput
from application.webhooks.usecases.rotate_secret import RotatedSecret, RotateSecret, RotateSecretInput
from application.webhooks.usecases.update_webhook import UpdateWebhook, UpdateWebhookInput

__all__ = [
    "AttemptMade",
    "ClaimDeliveries",
    "ClaimDeliveriesInput",
    "CreateWebhook",
    "CreateWebhookInput",
    "CreatedWebhook",
    "DeleteWebhook",
    "DeleteWebhookInput",
    "EnqueueDeliveries",
    "EnqueueDeliveriesInput",
    "EnqueueDeliveriesOutput",
    "GetCallbackSecret",
    "GetWebhook",
    "GetWebhookInput",
    "ListDeliveries",
    "ListDeliveriesInput",
    "ListWebhooks",
    "RecordAttempts",
    "RecordAttemptsInput",
    "Redeliver",
    "RedeliverInput",
    "RotateSecret",
    "RotateSecretInput",
    "RotatedSecret",
    "UpdateWebhook",
    "UpdateWebhookInput",
]

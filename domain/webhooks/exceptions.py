from domain.exceptions import ConflictError, NotFoundError, ValidationError


class WebhookNotFoundError(NotFoundError):
    code = "webhook_not_found"


class DeliveryNotFoundError(NotFoundError):
    code = "delivery_not_found"


class InvalidWebhookError(ValidationError):
    code = "invalid_webhook"


class WebhookTargetRefusedError(ValidationError):
    """The URL's host is, or resolves to, an address webhooks may not reach (loopback, private, metadata…)."""

    code = "webhook_target_refused"


class TooManyWebhooksError(ConflictError):
    code = "too_many_webhooks"

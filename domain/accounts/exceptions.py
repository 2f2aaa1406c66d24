from domain.exceptions import DomainError, NotFoundError, ValidationError


class NotAuthenticatedError(DomainError):
    """No key, or a key that is unknown or revoked."""

    code = "not_authenticated"


class ForbiddenError(DomainError):
    """A known caller without the right; used only where the resource's existence is no secret."""

    code = "forbidden"


class RateLimitedError(DomainError):
    code = "rate_limited"

    def __init__(
        self, message: str, *, retry_after_seconds: int, details: dict[str, object] | None = None
    ) -> None:
        super().__init__(message, details=details)
        self.retry_after_seconds = retry_after_seconds


class KeyNotFoundError(NotFoundError):
    code = "key_not_found"


class AccountNotFoundError(NotFoundError):
    code = "account_not_found"


class InvalidKeyRequestError(ValidationError):
    code = "invalid_key_request"

class DomainError(Exception):
    """Base of every error the business rules raise. `code` is stable and part of the API contract."""

    code: str = "domain_error"

    def __init__(self, message: str, *, details: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class NotFoundError(DomainError):
    code = "not_found"


class ConflictError(DomainError):
    code = "conflict"


class ValidationError(DomainError):
    code = "invalid"


class TooLargeError(DomainError):
    """Data over a configured size limit."""

    code = "too_large"

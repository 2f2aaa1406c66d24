"""The one place where exception types become HTTP statuses and ErrorModel bodies."""

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.accounts.exceptions import ForbiddenError, NotAuthenticatedError, RateLimitedError
from domain.exceptions import ConflictError, DomainError, NotFoundError, TooLargeError, ValidationError
from infrastructure.http.api.v1.models import ErrorModel

logger = logging.getLogger(__name__)

# Most specific first: the first matching type decides.
STATUS_BY_ERROR: list[tuple[type[DomainError], int]] = [
    (NotAuthenticatedError, 401),
    (ForbiddenError, 403),
    (RateLimitedError, 429),
    (NotFoundError, 404),
    (ConflictError, 409),
    (ValidationError, 422),
    (TooLargeError, 413),
    (DomainError, 400),
]


def status_for(error: DomainError) -> int:
    return next(status for kind, status in STATUS_BY_ERROR if isinstance(error, kind))


def _response(status: int, code: str, message: str, details: dict[str, object] | None = None) -> JSONResponse:
    body = ErrorModel.model_construct(code=code, message=message, details=_json_safe(details or {}))
    return JSONResponse(status_code=status, content=jsonable_encoder(body.model_dump()))


def _json_safe(value: Any) -> Any:
    """Error details echo input; JSON has no Infinity or NaN, so those become strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


async def _domain_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    response = _response(status_for(error), error.code, error.message, error.details)
    if isinstance(error, NotAuthenticatedError):
        response.headers["WWW-Authenticate"] = "Bearer"
    if isinstance(error, RateLimitedError):
        response.headers["Retry-After"] = str(error.retry_after_seconds)
    return response


async def _validation_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    # The refused input is echoed back; a body that is not UTF-8 (a zip sent to a JSON route) shows lossily.
    errors = jsonable_encoder(
        error.errors(), custom_encoder={bytes: lambda data: data.decode("utf-8", errors="replace")}
    )
    first = errors[0] if errors else {}
    where = ".".join(str(part) for part in first.get("loc", ()))
    message = f"{where}: {first.get('msg', 'invalid request')}" if where else "Invalid request."
    return _response(422, "validation_error", message, {"errors": errors})


async def _http_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}
    response = _response(error.status_code, codes.get(error.status_code, "http_error"), str(error.detail))
    if error.headers:
        response.headers.update(error.headers)
    return response


async def _unhandled(request: Request, error: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return _response(500, "internal_error", "The server failed to handle this request; it has been logged.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unhandled)

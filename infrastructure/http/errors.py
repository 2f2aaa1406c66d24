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
    """JSON has no Infinity or NaN, so those become strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


async def render_domain_error(_: Request, error: Exception) -> JSONResponse:
    """The answer to a domain error (the handler of every route; the submit's fast path calls it too)."""
    assert isinstance(error, DomainError)
    response = _response(status_for(error), error.code, error.message, error.details)
    if isinstance(error, NotAuthenticatedError):
        response.headers["WWW-Authenticate"] = "Bearer"
    if isinstance(error, RateLimitedError):
        response.headers["Retry-After"] = str(error.retry_after_seconds)
    return response


LOCATION_PART_MAX_CHARS = 200
MAX_VALIDATION_ERRORS = 20


def _location_part(part: object) -> str | int:
    """A field location, never the refused value: a part is shortened and made encodable (a lone surrogate
    in a key cannot break the response)."""
    if isinstance(part, int):
        return part
    text = str(part)[:LOCATION_PART_MAX_CHARS]
    return text.encode("utf-8", errors="replace").decode("utf-8")


async def _validation_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    # Field locations and pydantic's short message only: `input` and `ctx` would echo the request back.
    errors = [
        {
            "loc": [_location_part(part) for part in item.get("loc", ())],
            "msg": _location_part(item.get("msg", "invalid value")),
            "type": str(item.get("type", "invalid")),
        }
        for item in error.errors()[:MAX_VALIDATION_ERRORS]
    ]
    first_loc: list[str | int] = errors[0]["loc"] if errors else []  # type: ignore[assignment]
    where = ".".join(str(part) for part in first_loc)
    message = f"{where}: {errors[0]['msg']}" if where else "Invalid request."
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
    app.add_exception_handler(DomainError, render_domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unhandled)

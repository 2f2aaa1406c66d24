"""The door in front of the app, a pure ASGI middleware: it decides before a single body byte is read.

1. Every route under /api/v1 except PUBLIC_API_ROUTES needs a key: a request without one, or with an
   invalid one, gets 401 `not_authenticated` at once, whatever its body (malformed JSON without a key is a
   401, never a 422). The principal found here is handed to the route (`request.state`), so a key is
   looked up once per request. A path no route serves stays a 404 (the routes authenticate on their own
   too, so a request the gate lets through is never served without a key; it only loses the "before the
   body" guarantee, and a 404 reads no body).
2. Every request body has a ceiling: UPLOAD_ROUTES (archives, streamed to disk by their routes) take
   UPLOAD_MAX_BYTES, every other route REQUEST_MAX_BYTES. A declared Content-Length over it is refused
   before reading; a body without one (chunked) is counted as the server delivers it and refused the
   moment it crosses. Either way 413 `request_too_large`, and the connection is closed so the rest of the
   body is never read. Pages (outside /api) get their HTML error page for a body refused while reading.
3. Every HTTP request gets its dishka request container here (in the state, where dishka's FastAPI
   integration looks for it), the one the key is checked in: one container and one session per request.
"""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dishka import AsyncContainer
from starlette.requests import Request
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from application.accounts.authenticator import Authenticator
from application.transactions import TransactionManager
from domain.accounts.exceptions import NotAuthenticatedError
from domain.exceptions import DomainError, TooLargeError
from infrastructure.config import Settings
from infrastructure.http.identity import PRINCIPAL_STATE, bearer_token

API_PREFIX = "/api/v1"
CONTAINER_STATE = "dishka_container"
"""Where dishka's integration (`FromDishka`, `request.state.dishka_container`) finds the container."""

PUBLIC_API_ROUTES: frozenset[tuple[str, str]] = frozenset(
    (method, path) for path in ("/api/v1/health", "/api/v1/languages") for method in ("GET", "HEAD")
)
"""What anonymous callers may call under /api/v1 (the authorization matrix pins the same)."""

UPLOAD_ROUTES: tuple[tuple[str, str], ...] = (
    ("POST", "/api/v1/problems/import"),
    ("POST", "/api/v1/problems/{problem_id}/tests/archive"),
    ("POST", "/problems/{problem_id}/tests"),  # the web page's archive upload
)
"""Routes that carry archives: UPLOAD_MAX_BYTES instead of REQUEST_MAX_BYTES."""


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(template)) + "/?")


_UPLOAD_PATTERNS = tuple((method, _pattern(template)) for method, template in UPLOAD_ROUTES)


class RequestTooLargeError(TooLargeError):
    code = "request_too_large"


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyLimits:
    request_max_bytes: int
    upload_max_bytes: int

    def for_route(self, method: str, path: str) -> tuple[int, str]:
        """The ceiling of this route's body and the setting that sets it."""
        if any(method == m and pattern.fullmatch(path) for m, pattern in _UPLOAD_PATTERNS):
            return self.upload_max_bytes, "UPLOAD_MAX_BYTES"
        return self.request_max_bytes, "REQUEST_MAX_BYTES"


def needs_key(scope: Scope, routes: Sequence[BaseRoute]) -> bool:
    path: str = scope["path"]
    if path != API_PREFIX and not path.startswith(API_PREFIX + "/"):
        return False
    if (scope["method"], path) in PUBLIC_API_ROUTES:
        return False
    # FULL, or PARTIAL (the path with another method: a 405 is for callers with a key too).
    return any(route.matches(scope)[0] is not Match.NONE for route in routes)


class KeyRule:
    """`needs_key` remembered by method and path for the last MAX_PATHS paths asked (a path names its ids,
    so the table is bounded); forgotten when the number of routes changes."""

    MAX_PATHS = 1024

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        self._routes = routes
        self._known: dict[tuple[str, str], bool] = {}
        self._route_count = len(routes)

    def __call__(self, scope: Scope) -> bool:
        if len(self._routes) != self._route_count:
            self._known.clear()
            self._route_count = len(self._routes)
        key = (scope["method"], scope["path"])
        found = self._known.get(key)
        if found is None:
            found = needs_key(scope, self._routes)
            if len(self._known) >= self.MAX_PATHS:
                self._known.pop(next(iter(self._known)))
            self._known[key] = found
        return found


def too_large(limit: int, setting: str, is_upload: bool) -> RequestTooLargeError:
    hint = (
        "split the tests over several archives, or have the operator raise UPLOAD_MAX_BYTES"
        if is_upload
        else "send test data larger than that as a zip archive (POST /api/v1/problems/{id}/tests/archive), "
        f"or have the operator raise {setting}"
    )
    return RequestTooLargeError(
        f"The request body is over the limit of {limit} bytes for this route ({setting}); {hint}.",
        details={"limit": limit, "setting": setting},
    )


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses it before we see it
    return None


def _has_body(scope: Scope) -> bool:
    headers = dict(scope.get("headers", ()))
    return b"transfer-encoding" in headers or headers.get(b"content-length", b"0") != b"0"


def _error_body(error: DomainError) -> bytes:
    """An ErrorModel, written by hand: the gate stays cheap and cannot fail on odd input."""
    return json.dumps({"code": error.code, "message": error.message, "details": error.details}).encode()


async def _send_error(
    send: Send, status: int, error: DomainError, extra: list[tuple[bytes, bytes]], *, close: bool = True
) -> None:
    body = _error_body(error)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:  # the body was not read: close rather than drain it
        headers.append((b"connection", b"close"))
    headers.extend(extra)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class ApiGate:
    def __init__(self, app: ASGIApp, container: AsyncContainer, routes: Sequence[BaseRoute]) -> None:
        """`routes`: the app's route table (read at each request, so routes added later count)."""
        self._app = app
        self._container = container
        self._needs_key = KeyRule(routes)
        self._limits: BodyLimits | None = None

    async def _body_limits(self) -> BodyLimits:
        if self._limits is None:
            settings = await self._container.get(Settings)
            self._limits = BodyLimits(
                request_max_bytes=settings.request_max_bytes, upload_max_bytes=settings.upload_limit()
            )
        return self._limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        method: str = scope["method"]
        path: str = scope["path"]
        limit, setting = (await self._body_limits()).for_route(method, path)

        def refusal() -> RequestTooLargeError:
            return too_large(limit, setting, setting == "UPLOAD_MAX_BYTES")

        received = 0
        tripped = False  # a page gets its error page from the first read
        replaced = started = False

        async def counted_receive() -> Message:
            nonlocal received, tripped
            if tripped:
                raise refusal()
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    tripped = True
                    raise refusal()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal replaced, started
            if replaced:
                return
            if message["type"] == "http.response.start" and tripped:
                if message["status"] != 413:
                    # The app turned the refused read into something else (FastAPI: 400 "error parsing
                    # the body"): answer for it.
                    replaced = True
                    await _send_error(send, 413, refusal(), [])
                    return
                message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            started = started or message["type"] == "http.response.start"
            await send(message)

        request = Request(scope, counted_receive, guarded_send)
        async with self._container(context={Request: request}) as request_container:
            state = scope.setdefault("state", {})
            state[CONTAINER_STATE] = request_container
            if self._needs_key(scope):
                authenticator = await request_container.get(Authenticator)
                try:
                    principal = await authenticator.authenticate(bearer_token(request))
                except NotAuthenticatedError as error:
                    await _send_error(
                        send, 401, error, [(b"www-authenticate", b"Bearer")], close=_has_body(scope)
                    )
                    return
                state[PRINCIPAL_STATE] = principal
                if principal.key_id is not None:
                    # The key's row was read in the request's session: end that read here, as the gate's
                    # own container used to, rather than hold a transaction open for the whole request.
                    await (await request_container.get(TransactionManager)).rollback()

            declared = _declared_length(scope)
            if declared is not None and declared > limit:
                if path.startswith("/api/"):
                    await _send_error(send, 413, refusal(), [])
                    return
                tripped = True
            try:
                await self._app(scope, counted_receive, guarded_send)
            except RequestTooLargeError:
                if started or replaced:
                    raise
                await _send_error(send, 413, refusal(), [])

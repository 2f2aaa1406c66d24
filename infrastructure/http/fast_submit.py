"""The submit's fast path, a pure ASGI middleware inside the gate: `POST /api/v1/submissions` with a JSON
body and no query string is served without FastAPI's router, dependency solving and inner middlewares
(about a fifth of a submit's CPU, profiled).

Nothing else about the request changes: the body is parsed as FastAPI parses it (`json.loads`) and
validated by the route's own model; the same function submits and renders (`submit`, `respond`); a domain
error gets the same handler's answer; the key, the body ceiling and the request's container are the
gate's; the metrics name the route. Whatever the fast path does not take (a query string such as `wait`,
another content type, a body that does not parse or validate) goes to the route itself with the body
replayed, so every refusal is the route's. The OpenAPI document describes the route, which is unchanged."""

import json

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from application.submissions.usecases import CreateSubmission
from domain.exceptions import DomainError
from infrastructure.http.api.v1.submissions.mappers import to_detail
from infrastructure.http.api.v1.submissions.models import CreateSubmissionModel
from infrastructure.http.api.v1.submissions.router import respond, router, submit
from infrastructure.http.errors import render_domain_error
from infrastructure.http.gate import CONTAINER_STATE

PATH = "/api/v1/submissions"
_JSON = b"application/json"


def _takes(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != PATH:
        return False
    if scope.get("query_string"):
        return False
    types = [value for name, value in scope.get("headers", ()) if name.lower() == b"content-type"]
    return len(types) == 1 and types[0].strip().lower() == _JSON


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """The messages already read, then the server's."""
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


_ROUTE = next(
    route
    for route in router.routes
    if isinstance(route, APIRoute) and route.path == "/submissions" and "POST" in (route.methods or ())
)
"""The route the fast path stands in for: in the scope, as the router would put it (the metrics' label)."""


class FastSubmit:
    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _takes(scope):
            await self._app(scope, receive, send)
            return
        messages: list[Message] = []
        chunks: list[bytes] = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":  # the client left: the route sees it as it would have
                await self._app(scope, _replay(messages, receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        try:
            body = CreateSubmissionModel.model_validate(json.loads(b"".join(chunks)))
        except Exception:
            await self._app(scope, _replay(messages, receive), send)
            return
        scope["route"] = _ROUTE
        container = scope["state"][CONTAINER_STATE]
        request = Request(scope, receive, send)
        try:
            submission = await submit(body, await container.get(CreateSubmission))
            response = respond(to_detail(submission), 201)
        except DomainError as error:
            response = await render_domain_error(request, error)
        await response(scope, receive, send)

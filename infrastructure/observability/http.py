"""The HTTP edge of observability: every request gets an id (the caller's `X-Request-ID` when it is a
sane token, else a new one), returned in the response and carried by every log line written while it is
served; every request is counted and timed by route template (never by raw path: ids would make a new
series each) and logged once, without its query string."""

import logging
import re
import time
import uuid

from dishka import AsyncContainer
from prometheus_client import Counter, Histogram
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from infrastructure.observability.logs import request_id
from infrastructure.observability.metrics import Metrics

logger = logging.getLogger("judge.access")

REQUEST_ID_HEADER = "x-request-id"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
UNMATCHED = "unmatched"


def incoming_request_id(headers: list[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name.lower() == REQUEST_ID_HEADER.encode():
            text = value.decode("latin-1")
            if _SANE_ID.match(text):
                return text
    return uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    """The matched route's template with every prefix: FastAPI nests included routers, so the route
    knows only its own router's part; the outer prefixes are the leading segments of the real path."""
    route = scope.get("route")
    template = getattr(route, "path", None)
    if not template:
        return UNMATCHED
    if isinstance(route, Mount):
        return str(template)
    own = [part for part in str(template).split("/") if part]
    params = scope.get("path_params", {})
    matched = sum(_segments(part, params) for part in own)
    path = [part for part in str(scope.get("path", "")).split("/") if part]
    return "/" + "/".join(path[: max(0, len(path) - matched)] + own)


def _segments(part: str, params: dict[str, object]) -> int:
    """How many segments of the real path a template segment matched (a `{name:path}` may match many)."""
    if part.startswith("{") and part.endswith(":path}"):
        return len(str(params.get(part[1:].split(":")[0], "")).split("/"))
    return 1


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp, container: AsyncContainer) -> None:
        self._app = app
        self._container = container
        self._metrics: Metrics | None = None
        self._counters: dict[tuple[str, str, int], Counter] = {}
        self._timers: dict[tuple[str, str], Histogram] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        if self._metrics is None:
            self._metrics = await self._container.get(Metrics)
        metrics: Metrics = self._metrics
        counters, timers = self._counters, self._timers
        rid = incoming_request_id(scope.get("headers", []))
        token = request_id.set(rid)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (REQUEST_ID_HEADER.encode(), rid.encode())]
            await send(message)

        try:
            await self._app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            template = route_template(scope)
            method = scope["method"]
            # The labelled children, remembered: `labels()` takes a lock and builds its key each time.
            counter = counters.get((method, template, status))
            if counter is None:
                counter = metrics.http_requests.labels(method=method, route=template, status=str(status))
                counters[(method, template, status)] = counter
            counter.inc()
            timer = timers.get((method, template))
            if timer is None:
                timer = timers[(method, template)] = metrics.http_duration.labels(
                    method=method, route=template
                )
            timer.observe(elapsed)
            logger.info("%s %s %d %.1fms", method, template, status, elapsed * 1000)
            request_id.reset(token)

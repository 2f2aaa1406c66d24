"""A real HTTP receiver on 127.0.0.1 (aiohttp) verifying Standard Webhooks signatures as a customer would."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from standardwebhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic()
    verified: dict[str, Any] | None = None  # the parsed body when the signature checked out
    method: str = "POST"

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


# An answer: a status, optional headers, and an optional delay before answering.
Answer = tuple[int, dict[str, str], float]


@dataclass
class Receiver:
    url: str
    secrets: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)  # consumed in order; then 200
    received: list[Received] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def verify(self, item: Received, secret: str) -> dict[str, Any]:
        parsed: dict[str, Any] = Webhook(secret).verify(item.body, item.headers)
        return parsed

    async def wait_for(self, count: int, seconds: float = 15.0) -> list[Received]:
        async with asyncio.timeout(seconds):
            while len(self.received) < count:
                self.arrived.clear()
                await self.arrived.wait()
        return self.received


async def _handler(receiver: Receiver, request: web.Request) -> web.Response:
    body = await request.read()
    item = Received(
        headers={k.lower(): v for k, v in request.headers.items()},
        body=body,
        at=time.monotonic(),
        method=request.method,
    )
    for secret in receiver.secrets:
        try:
            item.verified = receiver.verify(item, secret)
            break
        except WebhookVerificationError:
            continue
    receiver.received.append(item)
    receiver.arrived.set()
    status, headers, delay = receiver.answers.pop(0) if receiver.answers else (200, {}, 0.0)
    if delay:
        await asyncio.sleep(delay)
    return web.Response(status=status, headers=headers, text="ok")


@asynccontextmanager
async def receiver(
    secrets: list[str] | None = None, answers: list[Answer] | None = None, path: str = "/hook"
) -> AsyncIterator[Receiver]:
    state = Receiver(url="", secrets=list(secrets or []), answers=list(answers or []))
    app = web.Application()

    async def handler(request: web.Request) -> web.Response:
        return await _handler(state, request)

    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    state.url = f"http://127.0.0.1:{port}{path}"
    try:
        yield state
    finally:
        await runner.cleanup()

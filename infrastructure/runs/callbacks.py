"""Run callbacks straight over HTTP: one PUT of the finished run to its `callback_url`.

The URL is the caller's, so it is treated as hostile: its host is resolved once, every address it resolves
to must be public (unless RUN_CALLBACKS_ALLOW_PRIVATE), and the connection goes to the vetted address
itself (TLS still checks the certificate against the host name), so a DNS answer that changes between the
check and the connection cannot redirect it. Redirects are not followed; the whole exchange is bounded by
RUN_CALLBACK_TIMEOUT_SECONDS. Delivery runs in the background and never fails the run."""

import asyncio
import ipaddress
import json
import logging
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from application.runs.ports import RunCallbacks
from domain.runs.entities import Run

logger = logging.getLogger(__name__)

Render = Callable[[Run], dict[str, Any]]


class CallbackRefusedError(Exception):
    """The URL leads somewhere a callback may not go."""


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


async def vetted_address(host: str, port: int, *, allow_private: bool) -> str:
    """The one address to connect to; raises CallbackRefusedError."""
    try:
        literal = ipaddress.ip_address(host)
        addresses = [literal]
    except ValueError:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            raise CallbackRefusedError(f"cannot resolve {host!r}: {error}") from None
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise CallbackRefusedError(f"{host!r} has no address")
    if not allow_private and not all(_public(address) for address in addresses):
        raise CallbackRefusedError(f"{host!r} resolves to a non-public address")
    return str(addresses[0])


class HttpRunCallbacks(RunCallbacks):
    def __init__(self, render: Render, *, timeout: float, allow_private: bool) -> None:
        self._render = render
        self._timeout = timeout
        self._allow_private = allow_private
        self._tasks: set[asyncio.Task[int | None]] = set()

    async def finished(self, run: Run) -> None:
        if not run.callback_url:
            return
        task = asyncio.create_task(self.deliver(run.callback_url, self._render(run)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def deliver(self, url: str, body: dict[str, Any]) -> int | None:
        """The callback's status code, or None when it was refused or failed (logged)."""
        try:
            async with asyncio.timeout(self._timeout):
                return await self._put(url, body)
        except CallbackRefusedError as error:
            logger.warning("run callback refused: %s", error)
        except (TimeoutError, httpx.HTTPError, OSError) as error:
            logger.warning("run callback to %s failed: %s", urlsplit(url).hostname, error)
        return None

    async def _put(self, url: str, body: dict[str, Any]) -> int:
        try:
            parts = urlsplit(url)
            host, given_port = parts.hostname, parts.port
        except ValueError:
            raise CallbackRefusedError("a malformed URL") from None
        if parts.scheme not in ("http", "https") or not host:
            raise CallbackRefusedError("not an http(s) URL")
        port = given_port or (443 if parts.scheme == "https" else 80)
        address = await vetted_address(host, port, allow_private=self._allow_private)
        netloc = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
        target = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        host_header = host if parts.port is None else f"{host}:{parts.port}"
        async with httpx.AsyncClient(
            follow_redirects=False, timeout=self._timeout, trust_env=False
        ) as client:
            response = await client.put(
                target,
                content=json.dumps(body).encode(),
                headers={"Host": host_header, "Content-Type": "application/json"},
                extensions={"sni_hostname": host} if parts.scheme == "https" else {},
            )
        return response.status_code

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

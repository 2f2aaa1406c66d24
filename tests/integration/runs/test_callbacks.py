"""Run callbacks over real HTTP: one PUT, and never to where a caller's URL must not lead."""

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from infrastructure.runs.callbacks import CallbackRefusedError, HttpRunCallbacks, vetted_address


class Receiver:
    """A local HTTP server recording what it gets; `redirect_to` makes it answer 307 there."""

    def __init__(self, redirect_to: str | None = None) -> None:
        self.requests: list[tuple[str, str, str, dict[str, Any]]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.requests.append((self.command, self.path, self.headers["Host"], body))
                if redirect_to:
                    self.send_response(307)
                    self.send_header("Location", redirect_to)
                else:
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                return

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


def _callbacks(*, allow_private: bool) -> HttpRunCallbacks:
    return HttpRunCallbacks(lambda run: {}, timeout=3, allow_private=allow_private)


async def test_a_callback_is_one_put_with_the_body(receiver: Receiver) -> None:
    status = await _callbacks(allow_private=True).deliver(f"{receiver.url}/hook?x=1", {"token": "t"})
    assert status == 204
    assert receiver.requests == [("PUT", "/hook?x=1", receiver.url.removeprefix("http://"), {"token": "t"})]


async def test_private_addresses_are_refused_unless_allowed(receiver: Receiver) -> None:
    for url in (f"{receiver.url}/hook", f"http://localhost:{receiver.url.rsplit(':', 1)[1]}/hook"):
        assert await _callbacks(allow_private=False).deliver(url, {}) is None
    assert receiver.requests == []


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "::ffff:127.0.0.1",
        "fc00::1",
        "0.0.0.0",
        "224.0.0.1",
    ],
)
async def test_vetting_refuses_every_non_public_address(host: str) -> None:
    with pytest.raises(CallbackRefusedError):
        await vetted_address(host, 80, allow_private=False)


async def test_vetting_keeps_a_public_literal_and_resolves_nothing_for_it() -> None:
    assert await vetted_address("8.8.8.8", 80, allow_private=False) == "8.8.8.8"


async def test_redirects_are_not_followed(receiver: Receiver) -> None:
    bouncer = Receiver(redirect_to=f"{receiver.url}/elsewhere")
    try:
        status = await _callbacks(allow_private=True).deliver(f"{bouncer.url}/hook", {})
    finally:
        bouncer.close()
    assert status == 307
    assert receiver.requests == []


async def test_a_silent_receiver_times_out() -> None:
    accepted = asyncio.Event()

    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.set()
        await asyncio.sleep(10)
        writer.close()

    server = await asyncio.start_server(hang, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        callbacks = HttpRunCallbacks(lambda run: {}, timeout=0.5, allow_private=True)
        assert await callbacks.deliver(f"http://127.0.0.1:{port}/", {}) is None
        assert accepted.is_set()
    finally:
        server.close()


async def test_other_schemes_are_refused() -> None:
    for url in (
        "file:///etc/passwd",
        "gopher://127.0.0.1/",
        "http:///nohost",
        "http://h:99999/",
        "http://[::1/",
    ):
        assert await _callbacks(allow_private=True).deliver(url, {}) is None

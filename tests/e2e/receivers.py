"""A real webhook receiver for end-to-end tests: an HTTP server on 127.0.0.1 in a thread, keeping every
POST (path, headers, raw body) in arrival order; verify them with `standardwebhooks`."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook

Post = tuple[str, dict[str, str], bytes]


@dataclass
class Inbox:
    """What one receiver got, and how it answers: the `statuses` in turn (then 204); `hang` seconds before
    answering the first POSTs whose body contains one of `hang_on` (each once)."""

    url: str
    received: list[Post] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    hang_on: list[bytes] = field(default_factory=list)
    hang: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def about(self, submission_id: str) -> list[Post]:
        with self.lock:
            return [item for item in self.received if submission_id.encode() in item[2]]

    def verified(self, submission_id: str, secret: str) -> list[tuple[str, dict[str, Any]]]:
        """(webhook-id, parsed body) of each POST about the submission; raises unless every signature
        is valid."""
        hook = Webhook(secret)
        return [
            (headers["webhook-id"], hook.verify(body, headers))
            for _, headers, body in self.about(submission_id)
        ]


@contextmanager
def receiver() -> Iterator[Inbox]:
    inbox = Inbox(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with inbox.lock:
                inbox.received.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                matched = next((mark for mark in inbox.hang_on if mark in body), None)
                if matched is not None:
                    inbox.hang_on.remove(matched)
                status = inbox.statuses.pop(0) if inbox.statuses else 204
            if matched is not None:
                time.sleep(inbox.hang)
            self.send_response(status)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    inbox.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield inbox
    finally:
        server.shutdown()
        server.server_close()

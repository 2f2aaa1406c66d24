"""A small Server-Sent Events client for tests (the wire format of the HTML standard)."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class Event:
    id: str | None
    event: str | None
    data: Any


def read_events(response: httpx.Response) -> Iterator[Event]:
    """Yields each event (comments and retry-only blocks are skipped) until the stream ends."""
    fields: dict[str, list[str]] = {}
    for line in response.iter_lines():
        if line == "":
            if "data" in fields or "event" in fields:
                data = "\n".join(fields.get("data", []))
                yield Event(
                    id=fields.get("id", [None])[-1],
                    event=fields.get("event", [None])[-1],
                    data=json.loads(data) if data else None,
                )
            fields = {}
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        fields.setdefault(name, []).append(value.removeprefix(" "))


def stream(
    http: httpx.Client, submission_id: str, headers: dict[str, str], last_event_id: str | None = None
) -> Iterator[Event]:
    extra = {"Last-Event-ID": last_event_id} if last_event_id else {}
    with http.stream("GET", f"/submissions/{submission_id}/events", headers={**headers, **extra}) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        yield from read_events(response)

"""Events out: how soon the outside hears about a verdict.

1. judged → sink: a worker judges (WORKER_ROLES=judge,relay: it publishes its outbox through the PostgreSQL
   broker); this process runs the notifier with a sink that notes when each `submission.judged` arrives.
   Latency = arrival - the submission's finishedAt (same machine, same clock). Baseline in the same run: a
   bare PostgreSQL NOTIFY from one connection to a listener on another (the floor of any wake-up through
   the database).
2. SSE: opening `GET /submissions/{id}/events` until its first event (`queued`), and submit → `verdict`
   event over SSE against `POST /submissions?wait=true` (the same judging, answered by long polling).
Usage: python bench/events_bench.py [submissions]
"""

import asyncio
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from _lib.service import ADMIN_KEY, median, percentile, running_service
from dishka import Provider, Scope, provide

from application.messaging.delivery import EventSinks
from application.messaging.integration import SUBMISSION_JUDGED, EventSink, IntegrationEvent
from infrastructure.config import load_settings
from infrastructure.messaging.runtime import EventRoles
from infrastructure.messaging.sinks import LoggingSink
from infrastructure.providers.container import make_container
from tests.e2e.sse import read_events

SOURCE = 'print("hello")\n'
WARM_UPS = 3


class TimingSink(EventSink):
    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.finished_at: dict[str, float] = {}

    async def handle(self, event: IntegrationEvent) -> None:
        if event.type == SUBMISSION_JUDGED:
            submission_id = str(event.payload["submissionId"])
            self.arrived.setdefault(submission_id, time.time())
            self.finished_at[submission_id] = datetime.fromisoformat(
                str(event.payload["finishedAt"])
            ).timestamp()


class TimingSinks(Provider):
    def __init__(self, sink: TimingSink) -> None:
        super().__init__()
        self._sink = sink

    @provide(scope=Scope.REQUEST, override=True)
    def sinks(self, logging: LoggingSink) -> EventSinks:
        return EventSinks((self._sink,))


async def _bare_notify(database_url: str, rounds: int) -> list[float]:
    listener, sender = await asyncpg.connect(database_url), await asyncpg.connect(database_url)
    heard: asyncio.Queue[float] = asyncio.Queue()
    await listener.add_listener("bench_bare", lambda *_: heard.put_nowait(time.perf_counter()))
    samples = []
    try:
        for _ in range(rounds):
            start = time.perf_counter()
            await sender.execute("SELECT pg_notify('bench_bare', 'x')")
            samples.append((await asyncio.wait_for(heard.get(), 10) - start) * 1000)
    finally:
        await listener.close()
        await sender.close()
    return samples


async def _judged_to_sink(service: Any, directory: Path, count: int) -> list[float]:
    sink = TimingSink()
    settings = load_settings(database_url=service.database_url, data_dir=directory, _env_file=None)
    container = make_container(settings, TimingSinks(sink))
    roles = EventRoles(container, frozenset({"notifier"}))
    await roles.start()
    problem_id = service.problem([("", "hello\n")])
    try:
        ids = []
        for index in range(WARM_UPS + count):
            body = await asyncio.to_thread(service.submit, problem_id, "python3", SOURCE, "true")
            if index >= WARM_UPS:
                ids.append(body["id"])
        deadline = time.monotonic() + 60
        while not all(item in sink.arrived for item in ids):
            if time.monotonic() > deadline:
                raise RuntimeError("not every submission.judged reached the sink")
            await asyncio.sleep(0.05)
    finally:
        await roles.stop()
        await container.close()
    return [(sink.arrived[item] - sink.finished_at[item]) * 1000 for item in ids]


def _sse(service: Any, count: int) -> tuple[list[float], list[float], list[float]]:
    problem_id = service.problem([("", "hello\n")])
    headers = {"Authorization": f"Bearer {ADMIN_KEY}"}
    first_event, over_sse, over_wait = [], [], []
    with httpx.Client(base_url=service.base, timeout=60, headers=headers) as http:
        for index in range(WARM_UPS + count):
            start = time.perf_counter()
            submission = service.submit(problem_id, "python3", SOURCE)
            opened = time.perf_counter()
            with http.stream("GET", f"/submissions/{submission['id']}/events") as response:
                events = read_events(response)
                next(events)
                first = time.perf_counter()
                for event in events:
                    if event.event == "verdict":
                        break
                done = time.perf_counter()
            start_wait = time.perf_counter()
            waited = service.submit(problem_id, "python3", SOURCE, wait="true")
            end_wait = time.perf_counter()
            assert waited["verdict"] == "accepted", waited
            if index >= WARM_UPS:
                first_event.append((first - opened) * 1000)
                over_sse.append((done - start) * 1000)
                over_wait.append((end_wait - start_wait) * 1000)
    return first_event, over_sse, over_wait


def _row(name: str, samples: list[float]) -> str:
    return f"{name:<52}{median(samples):>10.1f}{percentile(samples, 0.95):>10.1f}"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with running_service(worker_roles="judge,relay", outbox_poll_seconds="2") as service:
        service.start_server()
        service.start_worker("python3")
        directory = service.log.parent
        latencies = asyncio.run(_judged_to_sink(service, directory, count))
        bare = asyncio.run(_bare_notify(service.database_url, count))
        first_event, over_sse, over_wait = _sse(service, count)
    print(f"events out, PostgreSQL broker, 1-test Python hello, {count} submissions ({WARM_UPS} warm-ups)")
    print(f"{'':<52}{'p50 ms':>10}{'p95 ms':>10}")
    print(_row("judged (finishedAt) → sink received", latencies))
    print(_row("baseline: bare NOTIFY → listener", bare))
    print(f"  ratio p50 judged→sink / bare NOTIFY: {median(latencies) / max(median(bare), 1e-6):.1f}x")
    print(_row("SSE: stream opened → first event", first_event))
    print(_row("submit → verdict event over SSE", over_sse))
    print(_row("submit → verdict with wait=true (baseline)", over_wait))
    print(f"  ratio p50 SSE / wait=true: {median(over_sse) / median(over_wait):.2f}x")
    print(f"(measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC)")


if __name__ == "__main__":
    main()

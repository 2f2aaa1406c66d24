"""Webhooks: an event → its POSTs received, with 20 endpoints, against a bare httpx POST.

In one process: a fresh migrated database, 20 real HTTP receivers on 127.0.0.1 (aiohttp) subscribed by one
admin account. Latency, sequential events each fanned out to the 20 endpoints, per delivery (p50, p95):
1. committed → received: the event committed to the outbox (as a verdict commits its `submission.judged`),
   then the whole path: relay → PostgreSQL broker → notifier → WebhookSink → delivery runner → receiver
   (the relay and notifier roles running here, as in `python __main__.py notifier`);
2. sink → received: from `WebhookSink.handle(event)` (the delivery runner alone).
Throughput: a burst of events handed to the sink, deliveries/s until the last is received. Baseline in the
same run: the same bodies POSTed to the same receivers by a bare httpx client (sequential for latency,
WEBHOOK_CONCURRENCY at once for throughput). Target: committed → received p50 ≤ 100 ms.
Usage: python bench/webhooks_bench.py [events]
"""

import asyncio
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
from _lib.service import fresh_database, median, percentile
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from application.messaging.integration import SUBMISSION_JUDGED, Audience, IntegrationEvent
from application.messaging.outbox import Outbox
from infrastructure.config import load_settings
from infrastructure.messaging.runtime import NOTIFIER, RELAY, EventRoles
from infrastructure.providers.accounts import ADMIN_ACCOUNT_ID
from infrastructure.providers.container import make_container
from infrastructure.webhooks import WebhookSink, run_deliveries
from tests.bootstrap import api_client

ENDPOINTS = 20
WARM_UPS = 3
TARGET_P50_MS = 100.0
ADMIN_KEY = "bench-admin-key-0123456789abcdef"


class Receivers:
    def __init__(self) -> None:
        self.arrivals: dict[str, list[float]] = {}  # webhook-id (or baseline tag) -> perf_counter at arrival
        self.event = asyncio.Event()
        self.urls: list[str] = []

    async def handle(self, request: web.Request) -> web.Response:
        await request.read()
        key = request.headers.get("webhook-id", "")
        self.arrivals.setdefault(key, []).append(time.perf_counter())
        self.event.set()
        return web.Response(status=204)

    async def wait(self, key: str, count: int) -> list[float]:
        async with asyncio.timeout(60):
            while len(self.arrivals.get(key, ())) < count:
                self.event.clear()
                await self.event.wait()
        return self.arrivals[key]


@asynccontextmanager
async def receivers(count: int) -> AsyncIterator[Receivers]:
    state = Receivers()
    runners = []
    for _ in range(count):
        app = web.Application()
        app.router.add_post("/hook", state.handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        state.urls.append(f"http://127.0.0.1:{port}/hook")
        runners.append(runner)
    try:
        yield state
    finally:
        for runner in runners:
            await runner.cleanup()


def event() -> IntegrationEvent:
    return IntegrationEvent(
        id=uuid.uuid4(),
        type=SUBMISSION_JUDGED,
        occurred_at=datetime.now(UTC),
        payload={"submissionId": str(uuid.uuid4()), "verdict": "accepted", "score": 1.0},
        audience=Audience(account_id=ADMIN_ACCOUNT_ID),
    )


async def measure(url: str, events: int) -> None:
    with tempfile.TemporaryDirectory() as data:
        settings = load_settings(
            database_url=url,
            data_dir=Path(data),
            admin_api_key=ADMIN_KEY,
            webhook_allow_private=True,
            log_level="warning",
            _env_file=None,
        )
        container = make_container(settings)
        stop = asyncio.Event()
        async with AsyncExitStack() as stack:
            hooks = await stack.enter_async_context(receivers(ENDPOINTS))
            client = await stack.enter_async_context(
                api_client(container, headers={"Authorization": f"Bearer {ADMIN_KEY}"})
            )
            for target in hooks.urls:
                created = await client.post(
                    "/api/v1/webhooks", json={"url": target, "eventTypes": [SUBMISSION_JUDGED]}
                )
                assert created.status_code == 201, created.text
            roles = EventRoles(container, frozenset({RELAY, NOTIFIER}))
            await roles.start()
            committed: list[float] = []
            for index in range(WARM_UPS + events):
                item = event()
                async with container() as request:
                    await (await request.get(Outbox)).add([item])
                    await (await request.get(AsyncSession)).commit()
                start = time.perf_counter()
                arrivals = await hooks.wait(str(item.id), ENDPOINTS)
                if index >= WARM_UPS:
                    committed.extend((at - start) * 1000 for at in arrivals)
            await roles.stop()

            runner = asyncio.create_task(run_deliveries(container, stop))
            sink = await container.get(WebhookSink)

            latencies: list[float] = []
            for index in range(WARM_UPS + events):
                item = event()
                start = time.perf_counter()
                await sink.handle(item)
                arrivals = await hooks.wait(str(item.id), ENDPOINTS)
                if index >= WARM_UPS:
                    latencies.extend((at - start) * 1000 for at in arrivals)

            burst = [event() for _ in range(events)]
            start = time.perf_counter()
            await asyncio.gather(*(sink.handle(item) for item in burst))
            last = 0.0
            for item in burst:
                last = max(last, max(await hooks.wait(str(item.id), ENDPOINTS)))
            rate = events * ENDPOINTS / (last - start)

            body = b'{"type":"submission.judged","timestamp":"2026-01-01T00:00:00+00:00","data":{}}'
            bare: list[float] = []
            limits = httpx.Limits(max_connections=settings.webhook_concurrency)
            async with httpx.AsyncClient(limits=limits, trust_env=False) as plain:
                for index in range(WARM_UPS + events):
                    tag = f"bare-{index}"
                    for target in hooks.urls:
                        sent = time.perf_counter()
                        await plain.post(target, content=body, headers={"webhook-id": tag})
                        if index >= WARM_UPS:
                            bare.append((hooks.arrivals[tag][-1] - sent) * 1000)
                semaphore = asyncio.Semaphore(settings.webhook_concurrency)

                async def post(target: str, tag: str) -> None:
                    async with semaphore:
                        await plain.post(target, content=body, headers={"webhook-id": tag})

                start = time.perf_counter()
                await asyncio.gather(*(post(t, f"bare-burst-{i}") for i in range(events) for t in hooks.urls))
                bare_rate = events * ENDPOINTS / (time.perf_counter() - start)
            stop.set()
            await runner
        await container.close()

    print(f"webhooks: {ENDPOINTS} endpoints, {events} events ({events * ENDPOINTS} deliveries) per phase")
    print(f"{'':<46}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, samples in [
        ("committed → received (outbox … runner)", committed),
        ("sink → received (WebhookSink + runner)", latencies),
        ("bare httpx POST → received", bare),
    ]:
        print(f"{name:<46}{median(samples):>10.1f}{percentile(samples, 0.95):>10.1f}{max(samples):>10.1f}")
    print(f"{'deliveries/s, burst (runner)':<46}{rate:>10.0f}")
    print(
        f"{'POSTs/s, burst (bare httpx, same concurrency)':<46}{bare_rate:>10.0f}"
        f"   ratio {rate / bare_rate:.2f}"
    )
    p50 = median(committed)
    print(
        f"committed → received p50 {p50:.1f} ms vs target ≤ {TARGET_P50_MS:.0f} ms: "
        f"{'met' if p50 <= TARGET_P50_MS else 'NOT met'}"
    )


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with fresh_database() as url:  # made and dropped outside the event loop (it runs its own)
        asyncio.run(measure(url, events))


if __name__ == "__main__":
    main()

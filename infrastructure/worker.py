"""Worker mode: reports itself and its languages, judges what the broker wakes it for, and reaps
submissions whose worker died or whose wake-up was lost."""

import asyncio
import contextlib
import logging
import signal
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from dishka import AsyncContainer
from dishka.integrations.taskiq import setup_dishka
from taskiq import AsyncBroker
from taskiq.api import run_receiver_task

from application.judging.policy import JudgingPolicy
from application.judging.ports import WorkerIdentity
from application.judging.sandbox import Sandbox
from application.judging.usecases import ReapSubmissions
from application.packages.usecases import AdvanceVerifications, AdvanceVerificationsInput
from application.runs.usecases import ReapRuns
from application.workers.usecases import RecordHeartbeat, RecordHeartbeatInput
from infrastructure.config import Settings
from infrastructure.judging.files import scratch_root
from infrastructure.judging.toolchains import DetectedToolchains
from infrastructure.languages.detector import detect_languages
from infrastructure.languages.owner import LanguageSandbox, ToolchainOwner
from infrastructure.messaging.runtime import EventRoles, run_events
from infrastructure.observability.exposition import metrics_port
from infrastructure.observability.logs import worker_name
from infrastructure.observability.metered import MeteredSandbox
from infrastructure.observability.metrics import Metrics, ProcessName
from infrastructure.providers.container import make_container
from infrastructure.providers.judging import JudgingProvider
from infrastructure.providers.observability import WorkerOperationsProvider
from infrastructure.providers.runs import RunsWorkerProvider
from infrastructure.queue.broker import BrokerStarter
from infrastructure.queue.drain import Drain
from infrastructure.queue.postgres_broker import PostgresBroker
from infrastructure.sandbox import IsolatedSandbox
from infrastructure.sandbox.cache import prune_files

logger = logging.getLogger(__name__)

REAPER_SECONDS = 2.0
CACHE_PRUNE_SECONDS = 600.0
CACHE_IDLE_SECONDS = 3600.0
RELAY_BATCH_SECONDS = 0.02  # the relay of a worker publishes this long after a wake-up at the earliest ...
RELAY_DEFER_SECONDS = 0.1  # ... and then once no judging is in hand, or after this long


class WorkerRuntime:
    def __init__(
        self,
        settings: Settings,
        container: AsyncContainer,
        identity: WorkerIdentity,
        toolchains: DetectedToolchains,
        sandbox: Sandbox,
        metrics: Metrics,
        owner: ToolchainOwner,
    ) -> None:
        self._owner = owner
        self._metrics = metrics
        self._settings = settings
        self._container = container
        self._identity = identity
        self._toolchains = toolchains
        self._sandbox = sandbox
        self._started_at = datetime.now(UTC)

    async def heartbeat(self) -> None:
        async with self._container() as request:
            record = await request.get(RecordHeartbeat)
            await record(
                RecordHeartbeatInput(
                    worker_id=self._identity.id,
                    hostname=self._settings.worker_name,
                    concurrency=self._settings.worker_concurrency,
                    languages=self._toolchains.all(),
                    started_at=self._started_at,
                    isolated=self._sandbox.isolated,
                )
            )

    async def reap(self) -> None:
        async with self._container() as request:
            reap = await request.get(ReapSubmissions)
            result = await reap()
        self._metrics.reaper_requeues.inc(len(result.expired))
        self._metrics.redispatches.inc(len(result.redispatched))
        if result.expired or result.redispatched:
            logger.info(
                "reaper: %d lease(s) expired, %d redispatched", len(result.expired), len(result.redispatched)
            )

    async def reap_runs(self) -> None:
        async with self._container() as request:
            reap = await request.get(ReapRuns)
            result = await reap()
        if result.requeued or result.given_up or result.purged:
            logger.info(
                "runs: %d requeued, %d given up, %d purged",
                len(result.requeued),
                len(result.given_up),
                result.purged,
            )

    async def advance_verifications(self) -> None:
        """Imported packages whose time limit is being found: set it once their accepted jury
        submissions are judged, then queue the others."""
        async with self._container() as request:
            advance = await request.get(AdvanceVerifications)
            result = await advance(AdvanceVerificationsInput())
        if result.finished_calibrations:
            logger.info(
                "package verification: time limits set for %d problem(s)", len(result.finished_calibrations)
            )

    async def prune_caches(self) -> None:
        limit, idle = self._settings.worker_cache_max_bytes, CACHE_IDLE_SECONDS
        removed = await asyncio.to_thread(
            prune_files, self._settings.data_dir / "cache" / "tests", limit, idle
        )
        sandbox = self._sandbox.inner if isinstance(self._sandbox, MeteredSandbox) else self._sandbox
        if isinstance(sandbox, IsolatedSandbox):
            removed += await asyncio.to_thread(sandbox.prune_cache, limit, idle)
        if removed:
            logger.info("pruned %d cached artifacts and test files", removed)

    async def redetect(self) -> None:
        """Toolchains found, mounted and self-tested; a change is advertised at once."""
        if await self._owner.refresh():
            logger.info(
                "languages offered: %s", ", ".join(lang.id for lang in self._toolchains.all()) or "none"
            )
            await self.heartbeat()


async def _every(seconds: float, action: Callable[[], Awaitable[None]], what: str) -> None:
    """Runs `action` forever; a failure (database down…) is logged and retried at the next tick."""
    while True:
        await asyncio.sleep(seconds)
        try:
            await action()
        except Exception as error:  # keep going: the next tick retries
            logger.warning("%s failed: %s", what, error)


def _language_sandbox(sandbox: Sandbox) -> LanguageSandbox:
    inner = sandbox.inner if isinstance(sandbox, MeteredSandbox) else sandbox
    if not isinstance(inner, IsolatedSandbox):
        raise TypeError(f"the worker's sandbox cannot change its languages: {type(inner).__name__}")
    return inner


def _keep_listening(broker: AsyncBroker) -> Callable[[], Awaitable[None]]:
    async def check() -> None:
        if isinstance(broker, PostgresBroker):
            await broker.ensure_listening()

    return check


async def serve_worker(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    worker_name.set(settings.worker_name)  # every log line of this process, and of every task it starts
    identity = WorkerIdentity(id=uuid.uuid4())
    candidates = await detect_languages()
    toolchains = DetectedToolchains(candidates)  # what the sandbox mounts at start; offered once self-tested
    container = make_container(
        settings,
        JudgingProvider(),
        WorkerOperationsProvider(),
        RunsWorkerProvider(),
        context={WorkerIdentity: identity, DetectedToolchains: toolchains},
    )
    exposition = contextlib.ExitStack()
    try:
        sandbox = await container.get(Sandbox)  # refuses to start here when isolation is impossible
        broker = await container.get(AsyncBroker)
        policy = await container.get(JudgingPolicy)
        metrics, drain = await container.get(Metrics), await container.get(Drain)
        metrics.name_process(ProcessName(role="worker", name=settings.worker_name))
        metrics.slots_total.set(policy.slots)
        if settings.worker_metrics_port:
            exposition.enter_context(metrics_port(metrics, settings.host, settings.worker_metrics_port))
        setup_dishka(container, broker)
        owner = ToolchainOwner(
            toolchains=toolchains,
            sandbox=_language_sandbox(sandbox),
            detect=detect_languages,
            compile_limits=policy.compile_limits,
            scratch=scratch_root(settings.data_dir),
            mounted=candidates,
        )
        toolchains.replace([])  # nothing is offered before its self-test passed
        await owner.refresh(candidates)
        runtime = WorkerRuntime(settings, container, identity, toolchains, sandbox, metrics, owner)
        await runtime.heartbeat()
        logger.info(
            "worker %s up: %d slots, isolated=%s, languages: %s",
            identity.id,
            policy.slots,
            sandbox.isolated,
            ", ".join(f"{lang.id} ({lang.version})" for lang in toolchains.all()) or "none",
        )
        broker.is_worker_process = True
        await (await container.get(BrokerStarter)).ensure_started()
        receiver = asyncio.create_task(
            run_receiver_task(broker, max_async_tasks=policy.slots, max_prefetch=0, run_startup=False)
        )
        events = EventRoles(
            container, settings.roles, pace=lambda: drain.quiet(RELAY_BATCH_SECONDS, RELAY_DEFER_SECONDS)
        )
        await events.start()
        tasks = [
            asyncio.create_task(_every(settings.worker_heartbeat_seconds, runtime.heartbeat, "heartbeat")),
            asyncio.create_task(
                _every(settings.worker_toolchain_redetect_seconds, runtime.redetect, "toolchain detection")
            ),
            asyncio.create_task(_every(REAPER_SECONDS, runtime.reap, "reaper")),
            asyncio.create_task(_every(REAPER_SECONDS, runtime.reap_runs, "run reaper")),
            asyncio.create_task(
                _every(REAPER_SECONDS, runtime.advance_verifications, "package verification")
            ),
            asyncio.create_task(_every(CACHE_PRUNE_SECONDS, runtime.prune_caches, "cache pruning")),
            asyncio.create_task(
                _every(settings.worker_heartbeat_seconds, _keep_listening(broker), "listening")
            ),
        ]
        await runtime.reap()
        await stop.wait()
        logger.info("worker %s stopping: claiming nothing more", identity.id)
        drain.begin()
        receiver.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await receiver
        drained = await drain.finish(settings.worker_drain_seconds)
        await events.stop()  # after the drain: the events of the judgings it finished are published
        logger.info(
            "worker %s drained: %d judging(s) finished, %d handed back",
            identity.id,
            drained.finished,
            drained.handed_back,
        )
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
    finally:
        exposition.close()
        await container.close()
    logger.info("worker %s stopped", identity.id)


def run_worker(settings: Settings) -> None:
    """WORKER_ROLES without `judge`: no sandbox, no judging, only the event roles."""
    if "judge" in settings.roles:
        asyncio.run(serve_worker(settings))
    else:
        run_events(settings, settings.roles)

"""Every metric the service exports (README "Metrics" lists them), one registry per process.

Each process (the server, every worker) exports its own figures; `judge_process_info` names the process
(`process`: server or worker, `name`: its WORKER_NAME or host name), so scrapes of several targets tell
them apart.
"""

from dataclasses import dataclass
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from domain.submissions.repositories import QueueSnapshot

CONTENT_TYPE = CONTENT_TYPE_LATEST

_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
_JUDGING_SECONDS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessName:
    role: str  # server or worker
    name: str


class Metrics:
    def __init__(self) -> None:
        self.registry = reg = CollectorRegistry(auto_describe=True)
        self.process = Info(
            "judge_process", "What this process is: server or worker, and its name.", registry=reg
        )
        # server
        self.http_requests = Counter(
            "judge_http_requests",
            "HTTP requests by route template, method and status.",
            ["method", "route", "status"],
            registry=reg,
        )
        self.http_duration = Histogram(
            "judge_http_request_duration_seconds",
            "HTTP request latency by route template and method.",
            ["method", "route"],
            buckets=_SECONDS,
            registry=reg,
        )
        self.submissions_created = Counter(
            "judge_submissions_created", "Submissions stored, by language.", ["language"], registry=reg
        )
        self.queue_submissions = Gauge(
            "judge_queue_submissions",
            "Submissions by status (the database's figures; refreshed every few seconds by the server).",
            ["status"],
            registry=reg,
        )
        self.queue_backlog = Gauge(
            "judge_queue_backlog",
            "Queued submissions by language (the database's figures).",
            ["language"],
            registry=reg,
        )
        self.queue_oldest = Gauge(
            "judge_queue_oldest_queued_seconds",
            "Age of the oldest queued submission (0: none queued).",
            registry=reg,
        )
        # worker
        self.submissions_finished = Counter(
            "judge_submissions_finished",
            "Verdicts this worker wrote, by verdict and language.",
            ["verdict", "language"],
            registry=reg,
        )
        self.submission_latency = Histogram(
            "judge_submission_latency_seconds",
            "From a submission's creation to its verdict (a rejudge counts from the original submission).",
            buckets=_JUDGING_SECONDS,
            registry=reg,
        )
        self.judgings = Counter(
            "judge_judgings",
            "Judgings this worker ended, by how: judged, not_claimed, claim_lost, handed_back.",
            ["outcome"],
            registry=reg,
        )
        self.run_duration = Histogram(
            "judge_sandbox_run_duration_seconds",
            "One sandbox run (a test, or a custom checker's run), by how it ended.",
            ["outcome"],
            buckets=_SECONDS,
            registry=reg,
        )
        self.compile_duration = Histogram(
            "judge_compile_duration_seconds",
            "Compilations that ran (cache misses), by language.",
            ["language"],
            buckets=_SECONDS,
            registry=reg,
        )
        self.compile_cache = Counter(
            "judge_compile_cache", "Compile cache lookups by result: hit or miss.", ["result"], registry=reg
        )
        self.slots_total = Gauge(
            "judge_worker_slots", "Submissions this worker judges at once.", registry=reg
        )
        self.slots_busy = Gauge("judge_worker_slots_busy", "Submissions this worker holds now.", registry=reg)
        self.sandbox_runs_active = Gauge(
            "judge_sandbox_runs_active", "Compilations and runs in this worker's sandbox now.", registry=reg
        )
        self.reaper_requeues = Counter(
            "judge_reaper_requeues",
            "Submissions this worker's reaper took back from a silent worker.",
            registry=reg,
        )
        self.redispatches = Counter(
            "judge_reaper_redispatches",
            "Queued submissions this worker's reaper woke a worker for again.",
            registry=reg,
        )

        # The events context: the outbox relay reports its lag at every batch, the webhook delivery runner
        # counts every try by outcome (delivered, retrying, failed).
        self.outbox_lag = Gauge(
            "judge_outbox_lag_seconds",
            "Age of the oldest event not yet relayed from the outbox.",
            registry=reg,
        )
        self.webhook_deliveries = Counter(
            "judge_webhook_deliveries", "Webhook deliveries by outcome.", ["outcome"], registry=reg
        )

    def observe_outbox_lag(self, seconds: float) -> None:
        self.outbox_lag.set(seconds)

    def webhook_delivered(self, outcome: str) -> None:
        self.webhook_deliveries.labels(outcome=outcome).inc()

    def show_queue(self, snapshot: QueueSnapshot, now: datetime) -> None:
        self.queue_submissions.labels(status="queued").set(snapshot.queued)
        self.queue_submissions.labels(status="judging").set(snapshot.judging)
        self.queue_backlog.clear()
        for item in snapshot.backlog:
            self.queue_backlog.labels(language=item.language).set(item.queued)
        oldest = snapshot.oldest_queued_at
        self.queue_oldest.set(0.0 if oldest is None else max(0.0, (now - oldest).total_seconds()))

    def name_process(self, process: ProcessName) -> None:
        self.process.info({"process": process.role, "name": process.name})

    def render(self) -> bytes:
        return generate_latest(self.registry)

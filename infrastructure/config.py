"""Every setting of the service, read from the environment and `.env` (see `.env.example`)."""

import os
import socket
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from application.judging.policy import COMPILE_LIMITS
from domain.problems.entities import LIMIT_BOUNDS
from infrastructure.uid_scheme import DEFAULT_UID_BASE, DEFAULT_UID_STRIDE, ID_LIMIT, LOWEST_BASE, UidScheme

PROJECT_ROOT = Path(__file__).resolve().parent.parent
UPLOAD_OVERHEAD_BYTES = 80 * 1024 * 1024
"""Room above PROBLEM_MAX_BYTES in an upload for zip headers and what is not test data (sources, metadata)."""


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it in one line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,  # `WORKER_CONCURRENCY=` in .env means "the default", as in .env.example
    )

    database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL (postgresql://user:pass@host:port/db). Unset: an embedded PostgreSQL "
        "under DATA_DIR/postgres is started and shared by server and worker.",
    )
    broker_url: str | None = Field(
        default=None,
        description="amqp://… (RabbitMQ) or redis://… (Redis Streams). Unset: tasks go through PostgreSQL.",
    )
    data_dir: Path = Field(default=PROJECT_ROOT / ".data", description="Local state: embedded DB, sandbox.")
    host: str = Field(default="127.0.0.1", description="Address the HTTP server binds.")
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    log_level: str = "info"
    db_pool_size: Annotated[int, Field(ge=1, le=200)] = 10
    intake_pool_size: Annotated[int, Field(ge=1, le=200)] = Field(
        default=4,
        description="Connections per server process for the one-statement submit, beside the pool.",
    )

    test_max_bytes: Annotated[int, Field(ge=1)] = Field(
        default=64 * 1024 * 1024, description="Largest input or answer file of one test."
    )
    problem_max_bytes: Annotated[int, Field(ge=1)] = Field(
        default=1024 * 1024 * 1024, description="All test data of one problem together."
    )
    archive_max_ratio: Annotated[int, Field(ge=1)] = Field(
        default=200, description="Largest uncompressed/compressed ratio a test archive may have."
    )
    submission_max_bytes: Annotated[int, Field(ge=1)] = Field(
        default=256 * 1024, description="Largest source (all files together) of a submission."
    )

    request_max_bytes: Annotated[int, Field(ge=64 * 1024)] = Field(
        default=32 * 1024 * 1024,
        description="Largest request body of every route but archive uploads (JSON: a submission with its "
        "files, a problem, a test given inline); over it: 413 request_too_large, refused while reading.",
    )
    upload_max_bytes: Annotated[int | None, Field(ge=1024 * 1024)] = Field(
        default=None,
        description="Largest archive upload (package import, test archive), streamed to DATA_DIR/tmp. "
        "Unset: PROBLEM_MAX_BYTES + 80 MiB.",
    )
    problem_max_tests: Annotated[int, Field(ge=1, le=1_000_000)] = Field(
        default=2000, description="Tests one problem may have; adding or importing past it is a 422."
    )

    def upload_limit(self) -> int:
        return self.upload_max_bytes or self.problem_max_bytes + UPLOAD_OVERHEAD_BYTES

    admin_api_key: str | None = Field(
        default=None,
        description="A valid admin key that lives only in the environment. Unset and no key in the "
        "database: the first server start creates an admin key and writes it to DATA_DIR/admin.key.",
    )
    rate_user_per_minute: Annotated[int, Field(ge=0)] = Field(default=30, description="0: unlimited.")
    rate_user_queued: Annotated[int, Field(ge=0)] = Field(default=10, description="0: unlimited.")
    rate_author_per_minute: Annotated[int, Field(ge=0)] = Field(default=120, description="0: unlimited.")
    rate_author_queued: Annotated[int, Field(ge=0)] = Field(default=50, description="0: unlimited.")
    rate_admin_per_minute: Annotated[int, Field(ge=0)] = Field(default=0, description="0: unlimited.")
    rate_admin_queued: Annotated[int, Field(ge=0)] = Field(default=0, description="0: unlimited.")

    web_session_hours: Annotated[float, Field(gt=0, le=24 * 90)] = Field(
        default=12.0,
        description="How long a sign-in to the web page lasts (signing out or revoking the key "
        "ends it sooner).",
    )
    web_cookie_secure: bool = Field(
        default=False,
        description="Mark the web page's cookies Secure (sent over HTTPS only); set it when the service is "
        "reached over HTTPS, e.g. behind a TLS proxy.",
    )

    worker_name: str = Field(default_factory=socket.gethostname, description="Shown in /api/v1/workers.")
    worker_concurrency: Annotated[int, Field(ge=1, le=256)] = Field(
        default_factory=lambda: os.cpu_count() or 1,
        description="Sandboxes a worker runs at once (default: number of cores).",
    )
    sandbox_insecure: bool = Field(
        default=False,
        description="Run submissions without isolation when bubblewrap/cgroups are unavailable (never in "
        "production): results are marked unisolated.",
    )
    sandbox_cgroup_version: Literal["auto", "1", "2"] = Field(
        default="auto", description="cgroup hierarchy to use: detected by default."
    )
    sandbox_pin_cpus: bool = Field(default=True, description="Pin each sandbox slot to its own CPU core.")
    sandbox_uid_base: Annotated[int, Field(ge=LOWEST_BASE, lt=ID_LIMIT)] = Field(
        default=DEFAULT_UID_BASE,
        description="The first sandbox uid: slot s of the worker holding instance number n on this host runs "
        "as uid and gid BASE + n * STRIDE + s (no host account may own one).",
    )
    sandbox_uid_stride: Annotated[int, Field(ge=2, le=65536)] = Field(
        default=DEFAULT_UID_STRIDE,
        description="uids reserved per worker on a host: the most slots one worker can have.",
    )
    sandbox_runtime_dir: Path = Field(
        default=Path("/run/judge-sandbox"),
        description="Where workers claim their instance number (a lock file each); one per host, root's.",
    )

    worker_heartbeat_seconds: Annotated[float, Field(gt=0, le=300)] = 5.0
    worker_toolchain_redetect_seconds: Annotated[float, Field(gt=0, le=3600)] = Field(
        default=30.0,
        description="How often a worker looks for toolchains again; new ones are self-tested, then offered.",
    )
    worker_offline_after_seconds: Annotated[float, Field(gt=0, le=3600)] = 15.0
    worker_cache_max_bytes: Annotated[int, Field(ge=1)] = Field(
        default=4 * 1024**3,
        description="Each of the worker's caches (compiled artifacts, test files) is pruned to this size, "
        "least recently used first, sparing what was used in the last hour.",
    )
    judge_lease_seconds: Annotated[float, Field(ge=1, le=3600)] = Field(
        default=30.0,
        description="How long a worker's claim on a submission lasts; renewed every third of it. A claim not "
        "renewed in time is taken back and the submission judged again.",
    )
    judge_redispatch_seconds: Annotated[float, Field(ge=1, le=3600)] = Field(
        default=10.0, description="A queued submission not picked up for this long is dispatched again."
    )
    # Defaults are COMPILE_LIMITS', ceilings what the sandbox enforces (LIMIT_BOUNDS): defined once each.
    compile_cpu_seconds: Annotated[float, Field(gt=0, le=LIMIT_BOUNDS["time_ms"][1] / 1000)] = Field(
        default=COMPILE_LIMITS.cpu_ms / 1000,
        description="CPU time a compilation may take (all its processes together).",
    )
    compile_wall_seconds: Annotated[float, Field(gt=0, le=LIMIT_BOUNDS["wall_time_ms"][1] / 1000)] = Field(
        default=COMPILE_LIMITS.wall_ms / 1000, description="Wall time a compilation may take."
    )
    compile_timeout_remember_seconds: Annotated[float, Field(ge=0)] = Field(
        default=3600.0,
        description="A compilation that ran out of time is remembered this long by its source's hash: the "
        "same source gets the same compilation error at once, without compiling.",
    )
    judge_output_store_bytes: Annotated[int, Field(ge=1024 * 1024)] = Field(
        default=1024 * 1024 * 1024,
        description="Room for the outputs of the tests a worker has in flight (in /dev/shm, else "
        "DATA_DIR/work); each output is deleted once checked. A test's output cap above it is cut to it.",
    )
    judge_submission_output_bytes: Annotated[int, Field(ge=1)] = Field(
        default=1024 * 1024 * 1024,
        description="All outputs of one submission together; past it the submission ends as "
        "output_limit_exceeded.",
    )

    # operations (issue #17)
    log_format: Literal["text", "json"] = Field(
        default="text", description="text: one readable line per record; json: one JSON object per line."
    )
    metrics_port: Annotated[int, Field(ge=0, le=65535)] = Field(
        default=0,
        description="0: the server serves /api/v1/metrics to admin keys only; a port: /metrics is "
        "served there without a key (bind it where only Prometheus reaches it) and not on the API port.",
    )
    worker_metrics_port: Annotated[int, Field(ge=0, le=65535)] = Field(
        default=0, description="A worker serves its /metrics (no key) on this port of HOST; 0: not at all."
    )
    worker_drain_seconds: Annotated[float, Field(ge=0, le=3600)] = Field(
        default=30.0,
        description="On SIGTERM a worker stops claiming and lets the judgings in hand finish for this "
        "long; those still running then are handed back (requeued, the try not counted).",
    )

    worker_roles: str = Field(
        default="judge,relay,notifier",
        description="What `python __main__.py worker` runs, comma-separated: judge (claims and judges "
        "submissions), relay (publishes the outbox to the broker), notifier (delivers integration events to "
        "the sinks). `python __main__.py notifier` runs relay and notifier only.",
    )
    outbox_poll_seconds: Annotated[float, Field(gt=0, le=3600)] = Field(
        default=2.0,
        description="The outbox relay looks for unpublished events this often besides its NOTIFY wake-up.",
    )
    outbox_redeliver_seconds: Annotated[float, Field(ge=1, le=86_400)] = Field(
        default=60.0,
        description="An event published but not processed by a notifier this long ago is published again "
        "(for a day).",
    )
    sse_ping_seconds: Annotated[float, Field(gt=0, le=300)] = Field(
        default=15.0,
        description="A live progress stream (SSE) sends a keep-alive comment after this idle time.",
    )
    sse_max_seconds: Annotated[float, Field(gt=0, le=86_400)] = Field(
        default=600.0,
        description="A live progress stream ends after this long; the client resumes with Last-Event-ID.",
    )

    @field_validator("worker_roles")
    @classmethod
    def _known_roles(cls, value: str) -> str:
        roles = [role.strip().lower() for role in value.split(",") if role.strip()]
        unknown = sorted(set(roles) - {"judge", "relay", "notifier"})
        if unknown or not roles:
            raise ValueError("must be a comma-separated list of judge, relay, notifier")
        return ",".join(dict.fromkeys(roles))

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(self.worker_roles.split(","))

    def secrets(self) -> list[str]:
        """Values no log line may show: the admin key and the database's and broker's passwords."""
        passwords = [urlsplit(url).password for url in (self.database_url, self.broker_url) if url]
        return [value for value in (self.admin_api_key, *passwords) if value]

    interactor_time_ms: Annotated[int, Field(ge=100, le=600_000)] = Field(
        default=10_000,
        description="An interactive problem's interactor: its CPU limit per test (wall: twice, and at least "
        "the program's wall limit + 1 s). Never charged to the program.",
    )
    interactor_memory_mb: Annotated[int, Field(ge=16, le=65_536)] = Field(
        default=1024, description="An interactive problem's interactor: its memory limit per test."
    )
    jury_include_dir: Path = Field(
        default=PROJECT_ROOT / "infrastructure" / "judging" / "include",
        description="Headers the judge puts beside a checker's or interactor's sources, one folder per "
        "language id (cpp/testlib.h); a file of the same name among the author's files wins.",
    )

    @field_validator("sandbox_uid_stride")
    @classmethod
    def _uid_scheme_fits(cls, stride: int, info: ValidationInfo) -> int:
        """Checked here, the last of the three settings it relates (base and concurrency come first)."""
        base = info.data.get("sandbox_uid_base")
        if base is not None:
            problems = UidScheme(base, stride).problems()
            if problems:
                raise ValueError("; ".join(problems))
        concurrency = info.data.get("worker_concurrency")
        if concurrency is not None and max(concurrency, 2) > stride:
            raise ValueError(f"WORKER_CONCURRENCY={concurrency} slots do not fit {stride} uids")
        return stride

    # webhooks (issue #10)
    webhook_allow_private: bool = Field(
        default=False,
        description="Let webhooks and callbackUrls reach loopback, private and link-local addresses "
        "(on-premises receivers, tests). Off: only public addresses.",
    )
    webhook_allowed_hosts: str = Field(
        default="",
        description="Comma-separated host names or networks (CIDR) webhooks may reach although private, "
        "e.g. hooks.intranet,10.1.0.0/16.",
    )
    webhook_retry_schedule: str = Field(
        default="5,300,1800,7200,18000,36000,36000",
        description="Seconds between a delivery's tries (comma-separated; each ±20 % jitter); after the "
        "last one it fails. Default: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (8 tries over ~27 h).",
    )
    webhook_timeout_seconds: Annotated[float, Field(gt=0, le=300)] = Field(
        default=10.0, description="How long one try may take (connect to last byte of the answer's head)."
    )
    webhook_disable_after_seconds: Annotated[float, Field(gt=0)] = Field(
        default=5 * 24 * 3600.0,
        description="An endpoint whose deliveries all failed for this long is disabled, with the reason.",
    )
    webhook_secret_overlap_seconds: Annotated[float, Field(ge=0)] = Field(
        default=24 * 3600.0,
        description="After a secret rotation the old secret signs too (two signatures) for this long.",
    )
    webhook_concurrency: Annotated[int, Field(ge=1, le=1000)] = Field(
        default=32, description="Deliveries a notifier sends at once."
    )

    @field_validator("webhook_retry_schedule")
    @classmethod
    def _retry_schedule(cls, value: str) -> str:
        try:
            delays = [float(part) for part in value.split(",") if part.strip()]
        except ValueError:
            raise ValueError("must be comma-separated seconds, e.g. 5,300,1800") from None
        if any(delay < 0 or delay != delay or delay > 7 * 24 * 3600 for delay in delays):
            raise ValueError("each delay must be 0 to 604800 seconds")
        return value

    def retry_delays(self) -> tuple[float, ...]:
        return tuple(float(part) for part in self.webhook_retry_schedule.split(",") if part.strip())

    runs_retention_seconds: Annotated[float, Field(ge=1, le=365 * 86_400)] = Field(
        default=86_400.0,
        description="Ad-hoc runs (and their outputs) are deleted by the worker this long after they finish.",
    )
    runs_stdin_max_bytes: Annotated[int, Field(ge=0, le=64 * 1024 * 1024)] = Field(
        default=1024 * 1024, description="Largest stdin (and expected output) of one ad-hoc run."
    )
    judge0_prefix: str = Field(
        default="/judge0",
        pattern=r"^(/[A-Za-z0-9_.-]+)+$",
        description="Where the Judge0 CE 1.13.1-compatible API is mounted.",
    )

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        levels = {"critical", "error", "warning", "info", "debug"}
        if value.lower() not in levels:
            raise ValueError(f"must be one of {', '.join(sorted(levels))}")
        return value.lower()

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("postgresql://", "postgres://", "postgresql+asyncpg://")):
            raise ValueError(
                "must start with postgresql:// (e.g. postgresql://user:pass@localhost:5432/judge)"
            )
        return value

    @field_validator("broker_url")
    @classmethod
    def _broker_scheme(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("amqp://", "amqps://", "redis://", "rediss://", "postgresql://")):
            raise ValueError("must start with amqp://, redis:// or postgresql://")
        return value


def load_settings(**overrides: object) -> Settings:
    """Reads the settings; a bad value raises ConfigError with one line naming the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(part) for part in first["loc"]).upper() or "settings"
        value = first.get("input")
        raise ConfigError(f"invalid setting {name}={value!r}: {first['msg']}") from None

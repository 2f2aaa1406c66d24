"""How the sandbox is built: plain data the composition root fills from settings."""

from dataclasses import dataclass, field
from pathlib import Path

from application.judging.sandbox import RunLimits
from domain.problems.entities import LIMIT_BOUNDS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
HELPER_DIR = Path(__file__).resolve().parent / "helper"
JURY_INCLUDE_DIR = PROJECT_ROOT / "infrastructure" / "judging" / "include"

# What every toolchain needs from the host, mounted read-only; globs are expanded at start.
DEFAULT_HOST_PATHS: tuple[str, ...] = (
    "/usr",
    "/etc/alternatives",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/java-*",
    "/etc/nsswitch.conf",
)

MAX_RUN_LIMITS = RunLimits(
    cpu_ms=LIMIT_BOUNDS["time_ms"][1],
    wall_ms=LIMIT_BOUNDS["wall_time_ms"][1],
    memory_kib=LIMIT_BOUNDS["memory_mb"][1] * 1024,
    processes=256,
    stdout_bytes=1024 * 1024 * 1024,
    stderr_bytes=64 * 1024 * 1024,
    file_size_bytes=1024 * 1024 * 1024,
    open_files=4096,
    stack_kib=4 * 1024 * 1024,
)


def clamp(limits: RunLimits, maximum: RunLimits) -> RunLimits:
    """`limits` within `maximum`, and never below what any run needs to start."""
    return RunLimits(
        cpu_ms=max(1, min(limits.cpu_ms, maximum.cpu_ms)),
        wall_ms=max(1, min(limits.wall_ms, maximum.wall_ms)),
        memory_kib=max(1024, min(limits.memory_kib, maximum.memory_kib)),
        processes=max(1, min(limits.processes, maximum.processes)),
        stdout_bytes=max(0, min(limits.stdout_bytes, maximum.stdout_bytes)),
        stderr_bytes=max(0, min(limits.stderr_bytes, maximum.stderr_bytes)),
        file_size_bytes=max(0, min(limits.file_size_bytes, maximum.file_size_bytes)),
        open_files=max(8, min(limits.open_files, maximum.open_files)),
        stack_kib=max(0, min(limits.stack_kib, maximum.stack_kib)),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SandboxConfig:
    """`slots` = 0 means one per CPU core. `cgroup_version` is "auto", "1" or "2".

    Requests above `max_limits` are clamped to it. `box_bytes` bounds the writable box and /tmp of a run
    (both are tmpfs charged to the run's memory cgroup, so the memory limit bounds them too).
    A compilation that ran out of time is remembered for `compile_timeout_seconds`: the same source under
    limits no larger gets the same compilation error at once. A jury program's compilation (a checker's,
    an interactor's) finds the files of `jury_include_dir/<language id>/` beside its sources.
    """

    root: Path = PROJECT_ROOT / ".data" / "sandbox"
    slots: int = 0
    insecure: bool = False
    pin_cpus: bool = True
    cgroup_version: str = "auto"
    bwrap: str = "bwrap"
    helper: Path = HELPER_DIR / "build" / "sbx"
    uid: int = 65534
    gid: int = 65534
    box_bytes: int = 1024 * 1024 * 1024
    compile_timeout_seconds: float = 3600.0  # how long a compile time-out is remembered for its source
    max_limits: RunLimits = MAX_RUN_LIMITS
    host_paths: tuple[str, ...] = DEFAULT_HOST_PATHS
    extra_env: dict[str, str] = field(default_factory=dict)
    jury_include_dir: Path = JURY_INCLUDE_DIR  # <language id>/<header>: beside a jury program's sources

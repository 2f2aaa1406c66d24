from dataclasses import dataclass, field

from application.judging.sandbox import RunLimits

COMPILE_LIMITS = RunLimits(
    cpu_ms=20_000,
    wall_ms=40_000,
    memory_kib=2 * 1024 * 1024,
    processes=64,
    stdout_bytes=64 * 1024,  # the compiler's output (stdout and stderr together) is cut here
    stderr_bytes=64 * 1024,
    file_size_bytes=256 * 1024 * 1024,
    open_files=256,
)
"""A compilation's limits; CPU and wall time come from the settings COMPILE_CPU_SECONDS and
COMPILE_WALL_SECONDS."""


@dataclass(frozen=True, slots=True, kw_only=True)
class JudgingPolicy:
    slots: int
    lease_seconds: float = 30.0
    flush_interval_seconds: float = 0.05
    redispatch_after_seconds: float = 10.0
    max_attempts: int = 3  # claims since submitted or rejudged before it ends as internal error
    submission_output_bytes: int = 1024 * 1024 * 1024  # all outputs of one submission together
    compile_limits: RunLimits = COMPILE_LIMITS
    checker_limits: RunLimits = field(
        default_factory=lambda: RunLimits(
            cpu_ms=10_000,
            wall_ms=20_000,
            memory_kib=1024 * 1024,
            processes=64,
            stdout_bytes=64 * 1024,
            stderr_bytes=64 * 1024,
            file_size_bytes=16 * 1024 * 1024,
            open_files=64,
        )
    )
    interactor_limits: RunLimits = field(
        default_factory=lambda: RunLimits(
            cpu_ms=10_000,
            wall_ms=20_000,
            memory_kib=1024 * 1024,
            processes=64,
            stdout_bytes=64 * 1024 * 1024,
            stderr_bytes=64 * 1024,
            file_size_bytes=64 * 1024 * 1024,
            open_files=64,
        )
    )
    transcript_bytes: int = 4096  # of each direction of an interaction, kept per test

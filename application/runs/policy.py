from dataclasses import dataclass

from application.judging.policy import COMPILE_LIMITS
from application.judging.sandbox import RunLimits
from application.problems.archive import ArchiveLimits

# Judge0's MAX_EXTRACT_SIZE (10240 KB) for every file unpacked and for all of them together; a zip bomb's
# ratio and a flood of tiny entries are refused before anything is decompressed.
ADDITIONAL_FILES_LIMITS = ArchiveLimits(
    file_max_bytes=10240 * 1024, total_max_bytes=10240 * 1024, max_ratio=200, max_entries=1000
)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunLimitsBounds:
    """Defaults and maxima of a run's limits (Judge0 CE's documented ones)."""

    cpu_ms: int = 5_000
    max_cpu_ms: int = 15_000
    extra_cpu_ms: int = 1_000
    max_extra_cpu_ms: int = 5_000
    wall_ms: int = 10_000
    max_wall_ms: int = 20_000
    memory_kb: int = 128_000
    max_memory_kb: int = 512_000
    stack_kb: int = 64_000
    max_stack_kb: int = 128_000
    processes: int = 60
    max_processes: int = 120
    output_kb: int = 1_024
    max_output_kb: int = 4_096


@dataclass(frozen=True, slots=True, kw_only=True)
class RunsPolicy:
    stdin_max_bytes: int = 1024 * 1024
    source_max_bytes: int = 256 * 1024
    retention_seconds: float = 86_400.0
    batch_max: int = 20
    max_files: int = 32
    args_max: int = 64  # arguments
    args_max_chars: int = 4096  # all arguments together
    compiler_options_max_chars: int = 512  # Judge0's maximum (validates :compiler_options, length: 512)
    additional_files: ArchiveLimits = ADDITIONAL_FILES_LIMITS
    wait_max_seconds: float = 60.0
    max_tries: int = 3
    redispatch_after_seconds: float = 10.0
    limits: RunLimitsBounds = RunLimitsBounds()
    compile_limits: RunLimits = COMPILE_LIMITS

    def lease_seconds(self, wall_ms: int) -> float:
        """Long enough for the compilation and the run at their wall limits, so a lease is never renewed."""
        return (self.compile_limits.wall_ms + wall_ms) / 1000 + 30.0

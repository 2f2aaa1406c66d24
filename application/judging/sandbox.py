"""The port through which everything untrusted runs: compilations, solutions and custom checkers.

Nothing outside infrastructure/sandbox knows about namespaces, cgroups or bubblewrap.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from domain.languages.entities import Language


class RunOutcome(StrEnum):
    """How one run ended, as the kernel tells it (`application/judging/verdicts.py` decides it)."""

    OK = "ok"
    TIME_LIMIT = "time_limit"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"
    RUNTIME_ERROR = "runtime_error"
    INTERNAL_ERROR = "internal_error"


class TimeLimitKind(StrEnum):
    CPU = "cpu"
    WALL = "wall"


@dataclass(frozen=True, slots=True, kw_only=True)
class RunLimits:
    cpu_ms: int = 2000
    wall_ms: int = 5000
    memory_kib: int = 256 * 1024
    processes: int = 1
    stdout_bytes: int = 64 * 1024 * 1024
    stderr_bytes: int = 64 * 1024
    file_size_bytes: int = 64 * 1024 * 1024
    open_files: int = 64
    stack_kib: int = 0  # 0 = unlimited: the main thread grows to the memory limit, threads get 2 MiB


@dataclass(frozen=True, slots=True, kw_only=True)
class BoxFile:
    """A file the sandbox writes into the box: a relative path there and its bytes."""

    name: str
    content: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class RunReport:
    """What the kernel says about one run."""

    outcome: RunOutcome
    time_limit_kind: TimeLimitKind | None = None
    cpu_ms: int = 0
    wall_ms: int = 0
    memory_kib: int = 0
    exit_code: int | None = None
    signal: str | None = None
    internal_reason: str | None = None
    isolated: bool = True
    output_lost: bool = False  # writing the program's output failed on our side (a full disk or /dev/shm)


@dataclass(frozen=True, slots=True, kw_only=True)
class CompileRequest:
    """`jury`: a checker's or interactor's compilation; the judge's own headers for its language (testlib.h
    for C++) are on its include path, unless `files` bring a file of the same name. `options` are extra
    compiler arguments (an ad-hoc run's compiler options), each passed as one argument where the
    language's compile command has `{options}`; a language without it refuses any. `extra_files` are
    placed in the box beside the sources (not compiled as sources) and are there for the run as well."""

    language: Language
    files: Sequence[BoxFile]
    limits: RunLimits
    jury: bool = False
    options: Sequence[str] = ()
    extra_files: Sequence[BoxFile] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CompileResult:
    report: RunReport
    output: str  # compiler stdout+stderr, truncated
    artifact: str | None  # opaque handle for `ExecuteRequest.artifact`; None when compilation failed
    cached: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecuteRequest:
    """Run a compiled artifact once.

    `stdin_path` and `stdout_path` are host files the sandbox connects to the program's stdin and stdout;
    the program never sees their paths. `files` maps names inside the box to host files exposed read-only
    (a checker's input/output/answer). `dirs` are empty writable directories created in the box, and
    `collect` names box files whose content (capped) is returned afterwards (Kattis feedback). Without
    `allow_file_writing` the box (the working directory) is read-only during the run; /tmp stays writable.
    """

    artifact: str
    stdin_path: str | None
    stdout_path: str | None
    limits: RunLimits
    args: Sequence[str] = ()
    files: Mapping[str, str] = field(default_factory=dict)
    dirs: Sequence[str] = ()
    collect: Sequence[str] = ()
    allow_file_writing: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecuteResult:
    report: RunReport
    stdout_bytes: int
    stderr: bytes
    collected: Mapping[str, bytes] = field(default_factory=dict)


class Sandbox(Protocol):
    @property
    def isolated(self) -> bool: ...

    async def compile(self, request: CompileRequest) -> CompileResult: ...

    async def execute(self, request: ExecuteRequest) -> ExecuteResult: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class InteractiveRequest:
    """Two runs connected by pipes: the solution's stdout is the interactor's stdin and the interactor's
    stdout the solution's stdin. Each runs in its own slot, cgroup and box, under its own limits; their
    `stdin_path` and `stdout_path` are ignored. `transcript_bytes` is how much of each direction is kept."""

    solution: ExecuteRequest
    interactor: ExecuteRequest
    transcript_bytes: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class InteractiveResult:
    """Both runs' results; `interactor_first` says the interactor's run ended before the solution's."""

    solution: ExecuteResult
    interactor: ExecuteResult
    interactor_first: bool
    to_interactor: bytes = b""  # the first `transcript_bytes` the solution wrote
    to_solution: bytes = b""  # the first `transcript_bytes` the interactor wrote


class InteractiveSandbox(Sandbox, Protocol):
    async def execute_interactive(self, request: InteractiveRequest) -> InteractiveResult: ...

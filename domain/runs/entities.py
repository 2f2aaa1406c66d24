"""An ad-hoc run: one program compiled once and run once on one input, outside any problem."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"


class RunOutcome(StrEnum):
    """How the run ended. `ok` is a clean exit with code 0."""

    OK = "ok"
    COMPILATION_ERROR = "compilation_error"
    TIME_LIMIT = "time_limit"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"
    RUNTIME_ERROR = "runtime_error"
    INTERNAL_ERROR = "internal_error"


class RunVerdict(StrEnum):
    """Only when an expected output was given and the run ended `ok`."""

    ACCEPTED = "accepted"
    WRONG_ANSWER = "wrong_answer"


@dataclass(frozen=True, slots=True, kw_only=True)
class RunFile:
    name: str
    content: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class RunLimitsSpec:
    """The limits a caller asked for (already checked against the maxima)."""

    cpu_ms: int
    wall_ms: int
    memory_kb: int
    processes: int
    stack_kb: int
    output_bytes: int


@dataclass(slots=True, kw_only=True)
class RunResult:
    outcome: RunOutcome
    verdict: RunVerdict | None = None
    exit_code: int | None = None
    signal: str | None = None
    time_ms: int | None = None
    wall_time_ms: int | None = None
    memory_kb: int | None = None
    stdout: bytes = b""
    stderr: bytes = b""
    compile_output: str = ""
    message: str = ""
    isolated: bool = True


@dataclass(slots=True, kw_only=True)
class Run:
    id: UUID
    language: str
    files: list[RunFile]
    stdin: bytes
    limits: RunLimitsSpec
    created_at: datetime
    owner_id: UUID | None = None
    key_id: UUID | None = None
    expected_output: bytes | None = None
    args: list[str] = field(default_factory=list)
    compiler_options: list[str] = field(default_factory=list)  # one compiler argument each
    additional_files: bytes | None = None  # a zip (checked when the run was made), unpacked beside the source
    redirect_stderr: bool = False
    callback_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # what the Judge0 layer echoes back as given
    status: RunStatus = RunStatus.QUEUED
    result: RunResult | None = None
    tries: int = 0
    finished_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunClaim:
    run_id: UUID
    worker_id: UUID
    tries: int

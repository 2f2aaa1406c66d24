from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from infrastructure.http.api.v1.models import CamelBase


class RunFileModel(CamelBase):
    name: str = Field(max_length=100)
    content: str | None = Field(default=None, description="Text content.")
    content_base64: str | None = Field(default=None, description="Or the bytes, base64-encoded.")


class RunLimitsModel(CamelBase):
    time_ms: int | None = Field(default=None, description="CPU time (default 5000, at most 15000).")
    wall_time_ms: int | None = Field(default=None, description="Wall time (default 10000, at most 20000).")
    memory_kb: int | None = Field(default=None, description="Memory (default 128000, at most 512000).")
    processes: int | None = Field(
        default=None, description="Processes and threads (default 60, at most 120)."
    )
    output_kb: int | None = Field(
        default=None, description="Cap of stdout and of stderr each (default 1024, at most 4096)."
    )


class CreateRunModel(CamelBase):
    language: str = Field(max_length=32, examples=["python3"])
    source: str | None = None
    source_base64: str | None = None
    files: list[RunFileModel] | None = Field(default=None, max_length=32)
    stdin: str | None = None
    stdin_base64: str | None = None
    expected_output: str | None = None
    limits: RunLimitsModel | None = None
    args: list[str] | None = Field(default=None, max_length=64, description="Program arguments (no shell).")
    compiler_options: str | None = Field(
        default=None,
        max_length=512,
        description="Extra compiler arguments (compiled languages: c, cpp, java, rust), split into words as "
        "a POSIX shell splits them but never run through one; `@file` is refused.",
        examples=["-O0 -DDEBUG"],
    )
    callback_url: str | None = Field(
        default=None,
        max_length=2000,
        description="Told once the run finished: a POST of `{type: run.finished, timestamp, data: <run>}`, "
        "signed per Standard Webhooks with the account's callback secret (GET /api/v1/webhooks/"
        "callback-secret), retried as webhooks are. Public addresses only unless WEBHOOK_ALLOW_PRIVATE.",
    )
    additional_files_base64: str | None = Field(
        default=None,
        description="A zip (base64) unpacked beside the source before compiling: at most 1000 entries and "
        "10 MiB unpacked; no links, absolute paths or `..`.",
    )


class CreateRunsModel(CamelBase):
    runs: list[CreateRunModel] = Field(min_length=1, max_length=20)


class RunModel(CamelBase):
    id: UUID
    status: Literal["queued", "running", "finished"]
    language: str
    outcome: str | None = Field(
        description="ok, compilation_error, time_limit, memory_limit, output_limit, runtime_error, "
        "internal_error; null until finished."
    )
    verdict: str | None = Field(description="accepted or wrong_answer when `expectedOutput` was given.")
    stdout: str | None = Field(description="Text (null when not UTF-8: see stdoutBase64).")
    stdout_base64: str | None = None
    stderr: str | None
    stderr_base64: str | None = None
    compile_output: str | None
    message: str | None
    exit_code: int | None
    signal: str | None
    time_ms: int | None
    wall_time_ms: int | None
    memory_kb: int | None
    isolated: bool | None
    created_at: datetime
    finished_at: datetime | None


class RunListModel(CamelBase):
    runs: list[RunModel | None]

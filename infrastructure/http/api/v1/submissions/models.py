from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from domain.judging.enums import SubmissionStatus, Verdict
from infrastructure.http.api.v1.models import CamelBase


class SourceFileModel(CamelBase):
    """A file's bytes as UTF-8 text (`content`) or base64 (`contentBase64`): exactly one of the two."""

    nul_allowed = frozenset({"content"})

    name: Annotated[str, Field(min_length=1, max_length=100, examples=["main.py"])]
    content: str | None = Field(default=None, description="The file as UTF-8 text.")
    content_base64: str | None = Field(
        default=None, description="The file's bytes in base64, for any encoding (CP1251, Latin-1, NUL bytes)."
    )


class CreateSubmissionModel(CamelBase):
    """One of `source` (one file as UTF-8 text, named as the language expects), `sourceBase64` (the same
    as base64 bytes, for any encoding) or `files` (the first is the entry point where the language needs
    one; Java finds its main class itself). Sources are bytes: the compiler decides what is valid."""

    nul_allowed = frozenset({"source"})

    problem_id: UUID
    language: Annotated[str, Field(min_length=1, max_length=32, examples=["cpp"])]
    source: str | None = Field(default=None, examples=['print("hello")'])
    source_base64: str | None = Field(default=None, examples=["cHJpbnQoImhlbGxvIik="])
    files: list[SourceFileModel] | None = None
    callback_url: str | None = Field(
        default=None,
        max_length=2000,
        examples=["https://lms.example.com/judge-callback"],
        description="Told `submission.judged` once judged: a POST signed like a webhook with the account's "
        "callback secret (GET /api/v1/webhooks/callback-secret). Public addresses only, unless the operator "
        "allowed private ones.",
    )


class TestResultModel(CamelBase):
    index: int
    name: str
    group: str
    verdict: Verdict
    time_ms: int = Field(description="CPU time of all the program's processes and threads.")
    wall_time_ms: int
    memory_kb: int = Field(description="Peak memory of all the program's processes together.")
    exit_code: int | None
    signal: str | None = Field(description="Signal that killed the program, e.g. SIGSEGV.")
    checker_message: str
    score: float | None = Field(description="Fraction 0..1 from a checker that gives points.")
    transcript_to_interactor: str = Field(
        default="",
        description="Interactive problems, for the problem's author and admins: the first KiBs the program "
        "wrote to the interactor (empty for others).",
    )
    transcript_to_solution: str = Field(
        default="", description="Likewise, the first KiBs the interactor wrote to the program."
    )


class SubmissionModel(CamelBase):
    id: UUID
    problem_id: UUID
    language: str
    status: SubmissionStatus
    verdict: Verdict | None = Field(
        description="The first non-accepted test's verdict in order, else accepted."
    )
    score: float | None
    max_score: float | None
    time_ms: int | None = Field(description="Largest CPU time over the tests.")
    memory_kb: int | None = Field(description="Largest peak memory over the tests.")
    compile_output: str | None
    isolated: bool | None = Field(description="False when the worker ran with SANDBOX_INSECURE=true.")
    tests: list[TestResultModel]
    created_at: datetime
    finished_at: datetime | None


class SourceFileOutModel(CamelBase):
    """A file as text when it is valid UTF-8 (`content`), else as base64 (`contentBase64`); the other
    field is null."""

    nul_allowed = frozenset({"content"})

    name: str
    content: str | None
    content_base64: str | None


class SubmissionDetailModel(SubmissionModel):
    files: list[SourceFileOutModel]


class SubmissionPageModel(CamelBase):
    items: list[SubmissionModel]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next (older) page; null at the end."
    )


class RejudgeModel(CamelBase):
    requeued: list[UUID]

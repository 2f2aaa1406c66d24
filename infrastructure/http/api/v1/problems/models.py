import base64
import binascii
from datetime import datetime
from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import Field, PrivateAttr, model_validator

from domain.accounts.entities import Visibility
from domain.judging.enums import CheckerProtocol, ProblemType
from domain.problems.entities import StatementFormat
from infrastructure.http.api.v1.models import CamelBase


class LimitsModel(CamelBase):
    time_ms: int = Field(description="CPU time per test, 1 to 60000 ms.")
    memory_mb: int = Field(description="Memory per test, 1 to 4096 MiB.")
    output_kb: int = Field(default=64 * 1024, description="Output per test, 1 to 1048576 KiB.")
    wall_time_ms: int | None = Field(
        default=None,
        description="Wall-clock time per test (>= timeMs, at most 120000 ms); null: 2 x timeMs + 1000.",
    )


class TokensCheckerModel(CamelBase):
    """The ICPC/Kattis default output validator: token by token, numbers within a tolerance if one is set."""

    type: Literal["tokens"]
    case_sensitive: bool = False
    space_change_sensitive: bool = False
    absolute_tolerance: float | None = None
    relative_tolerance: float | None = None


class ExactCheckerModel(CamelBase):
    """Output equals the answer byte for byte."""

    type: Literal["exact"]


class CheckerFileModel(CamelBase):
    name: str = Field(description="A plain file name: letters, digits, `_`, `.`, `-` (no directories).")
    content: str


class CustomCheckerModel(CamelBase):
    """The author's checker: testlib (`checker input output answer`, exit 0 OK / 1 WA / 2 PE / 3 FAIL /
    7 points) or Kattis (`validator input answer feedback_dir [flags] < output`, exit 42 / 43). Its code is
    one `source`, or several `files` (a source with its headers) compiled together."""

    type: Literal["custom"]
    protocol: CheckerProtocol
    language: str = Field(description="A language id from `GET /languages`, e.g. `cpp`.")
    source: str = Field(default="", description="The checker's code; empty when `files` are given.")
    files: list[CheckerFileModel] = Field(
        default_factory=list,
        description="Instead of `source`: all its files, compiled together as a submission's are (for "
        "file-based languages the first is the entry point).",
    )
    flags: list[str] = Field(default_factory=list, description="Extra arguments (Kattis protocol).")


class InteractorModel(CamelBase):
    """An interactive problem's jury program, its stdin the program's stdout and its stdout the program's
    stdin. Kattis: `interactor input answer feedback_dir/ [flags]`, exit 42 accepted / 43 wrong answer,
    `judgemessage.txt` and `score.txt` in the feedback directory; its verdict is final. testlib:
    `interactor input output answer [flags]`, exit 0 OK / 1 WA / 2 PE / 3 FAIL / 7 points; a custom testlib
    checker then judges its `output` file. Callers who may not see the checker's source see the protocol
    and language only."""

    protocol: CheckerProtocol
    language: str = Field(description="A language id from `GET /languages`, e.g. `cpp`.")
    source: str = Field(default="", description="The interactor's code; empty when `files` are given.")
    files: list[CheckerFileModel] = Field(
        default_factory=list, description="Instead of `source`: all its files, compiled together."
    )
    flags: list[str] = Field(default_factory=list, description="Extra arguments after the protocol's own.")


CheckerModel = Annotated[
    TokensCheckerModel | ExactCheckerModel | CustomCheckerModel, Field(discriminator="type")
]


class GroupModel(CamelBase):
    name: str = Field(description="Letters, digits, `_`, `.`, `-`; at most 64 characters.")
    points: float = Field(description="Earned when every test of the group passes (scoring problems).")


_STATEMENT_FORMAT = (
    "How `statement` is written: `markdown` (the default), `latex` or `html`, kept as written; `pdf`: "
    "the statement is a problem file (`GET /problems/{id}/files`) and `statement` is empty."
)


_ALLOW_FILE_WRITING = (
    "Whether a solution may create files in its working directory during a test run. `false` (the default, "
    "as the ICPC problem package format's `allow_file_writing`): the working directory is read-only and "
    "creating a file there fails (EROFS); `/tmp` stays writable and bounded either way."
)


class ProblemCreateModel(CamelBase):
    slug: str = Field(description="Unique, `^[a-z0-9][a-z0-9-]{0,63}$`.")
    title: str = Field(description="1 to 200 characters.")
    statement: str = ""
    statement_format: StatementFormat = Field(default=StatementFormat.MARKDOWN, description=_STATEMENT_FORMAT)
    type: ProblemType = Field(description="`pass-fail` stops at the first failing test; `scoring` runs all.")
    limits: LimitsModel
    checker: CheckerModel
    interactor: InteractorModel | None = Field(
        default=None, description="null: a standard problem; else the jury program it talks to."
    )
    groups: list[GroupModel] = Field(
        default_factory=list,
        description="Test groups; none declared means every test is in the group `default`.",
    )
    visibility: Visibility = Field(
        default=Visibility.DRAFT,
        description="`draft`: its author and admins only. `public`: everyone may read it (samples only) "
        "and submit.",
    )
    allow_file_writing: bool = Field(default=False, description=_ALLOW_FILE_WRITING)


class ProblemUpdateModel(CamelBase):
    """Only the fields given change; each replaces the stored value whole."""

    slug: str | None = None
    title: str | None = None
    statement: str | None = None
    statement_format: StatementFormat | None = None
    type: ProblemType | None = None
    limits: LimitsModel | None = None
    checker: CheckerModel | None = None
    interactor: InteractorModel | None = Field(
        default=None, description="Given: replaces the interactor; an explicit null makes it standard."
    )
    groups: list[GroupModel] | None = None
    visibility: Visibility | None = None
    allow_file_writing: bool | None = None


class ProblemModel(CamelBase):
    id: UUID
    slug: str
    title: str
    statement: str
    statement_format: StatementFormat = Field(description=_STATEMENT_FORMAT)
    type: ProblemType
    limits: LimitsModel
    checker: CheckerModel
    interactor: InteractorModel | None = None
    groups: list[GroupModel]
    test_count: int
    owner_id: UUID | None = Field(description="The authoring account.")
    visibility: Visibility
    allow_file_writing: bool = Field(description=_ALLOW_FILE_WRITING)
    created_at: datetime
    updated_at: datetime


class ProblemPageModel(CamelBase):
    items: list[ProblemModel]
    total: int = Field(description="Problems in all pages.")
    offset: int
    limit: int


def _decode(text: str | None, encoded: str | None, field: str) -> bytes:
    if (text is None) == (encoded is None):
        raise ValueError(f"give exactly one of {field} and {field}Base64")
    if text is not None:
        return text.encode()
    assert encoded is not None
    try:
        return base64.b64decode(encoded, validate=True)
    except binascii.Error as error:
        raise ValueError(f"{field}Base64 is not valid base64: {error}") from None


class TestCaseCreateModel(CamelBase):
    """Input and answer as UTF-8 text (`input`, `answer`) or base64 (`inputBase64`, `answerBase64`)."""

    __test__ = False

    name: str | None = Field(default=None, description="Default: one past the largest numeric name.")
    input: str | None = None
    input_base64: str | None = None
    answer: str | None = None
    answer_base64: str | None = None
    group: str | None = Field(default=None, description="A declared group; default `default`.")
    sample: bool = False

    _input_bytes: bytes = PrivateAttr(default=b"")
    _answer_bytes: bytes = PrivateAttr(default=b"")

    @model_validator(mode="after")
    def _one_form_each(self) -> Self:
        self._input_bytes = _decode(self.input, self.input_base64, "input")
        self._answer_bytes = _decode(self.answer, self.answer_base64, "answer")
        return self

    @property
    def input_bytes(self) -> bytes:
        return self._input_bytes

    @property
    def answer_bytes(self) -> bytes:
        return self._answer_bytes


class TestCaseModel(CamelBase):
    __test__ = False

    id: UUID
    problem_id: UUID
    index: int = Field(description="Position in judging order (natural sort by name), from 1.")
    name: str
    group: str
    sample: bool
    input_size: int
    answer_size: int
    input_sha256: str
    answer_sha256: str
    created_at: datetime


class TestCasePageModel(CamelBase):
    __test__ = False

    items: list[TestCaseModel]
    total: int = Field(description="Tests the caller may see, over all pages.")
    offset: int
    limit: int


class TestCaseWithDataModel(TestCaseModel):
    """Data as text when it is valid UTF-8 (`input`, `answer`), else as base64 (`inputBase64`,
    `answerBase64`); the other field of each pair is null."""

    input: str | None
    input_base64: str | None
    answer: str | None
    answer_base64: str | None

"""Files of a problem besides its tests: statement images, attachments for solvers, and jury files kept so
that the problem's package can be exported whole (validators, generators, solution notes).

Who sees what: statement files and attachments are public with the problem (anyone who may see the
problem may list and download them); jury files only its managers (author and admins), like hidden tests.
"""

import hashlib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.problems.exceptions import InvalidProblemError


class FileKind(StrEnum):
    STATEMENT = "statement"
    ATTACHMENT = "attachment"
    JURY = "jury"


PUBLIC_FILE_KINDS = frozenset({FileKind.STATEMENT, FileKind.ATTACHMENT})

FILE_PATH_MAX_CHARS = 1024
FILE_PATH_MAX_DEPTH = 16
_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}")


@dataclass(frozen=True, slots=True, kw_only=True)
class ProblemFile:
    """A file's metadata; its bytes are loaded separately. `path` is relative, `/`-separated, as in the
    package (`statement/cave.jpg`, `attachments/testing_tool.py`)."""

    id: UUID
    problem_id: UUID
    path: str
    kind: FileKind
    size: int
    sha256: str
    created_at: datetime


def visible_kinds(managed: bool) -> frozenset[FileKind]:
    """The kinds of file a caller who may see the problem may see: all for its managers."""
    return frozenset(FileKind) if managed else PUBLIC_FILE_KINDS


def validate_file_path(path: str) -> None:
    """Package file names (`[A-Za-z0-9_][A-Za-z0-9_.-]*` per segment), at most 16 levels deep."""
    segments = path.split("/")
    if (
        len(path) > FILE_PATH_MAX_CHARS
        or len(segments) > FILE_PATH_MAX_DEPTH
        or not all(_SEGMENT.fullmatch(segment) for segment in segments)
    ):
        raise InvalidProblemError(
            f"file path {path[:200]!r} must be at most {FILE_PATH_MAX_DEPTH} segments of {_SEGMENT.pattern}",
            details={"field": "path", "path": path[:200]},
        )


def describe_file(
    *, id: UUID, problem_id: UUID, path: str, kind: FileKind, data: bytes, created_at: datetime
) -> ProblemFile:
    validate_file_path(path)
    return ProblemFile(
        id=id,
        problem_id=problem_id,
        path=path,
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        created_at=created_at,
    )


class ProblemFileReader(Protocol):
    async def list_for(
        self, problem_id: UUID, kinds: Collection[FileKind] | None = None
    ) -> Sequence[ProblemFile]:
        """The problem's files of these kinds (None: all), ordered by path."""
        ...

    async def get(self, problem_id: UUID, path: str) -> ProblemFile | None: ...

    async def get_data(self, file_id: UUID) -> bytes | None: ...


class ProblemFileSaver(Protocol):
    async def add(self, file: ProblemFile, data: bytes) -> None:
        """Raises InvalidProblemError when the problem already has a file at that path."""
        ...

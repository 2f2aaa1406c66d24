"""What the judging use cases need from the machine they run on (besides the sandbox)."""

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from domain.judging.checkers import BuiltinChecker, CheckResult
from domain.languages.entities import Language
from domain.problems.entities import TestCase


@dataclass(frozen=True, slots=True, kw_only=True)
class TestPaths:
    __test__ = False

    input: str
    answer: str


class TestFiles(Protocol):
    async def prepare(self, tests: Sequence[TestCase]) -> dict[UUID, TestPaths]:
        """Local files holding each test's input and answer, fetched once and cached by content hash."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class HeldOutput:
    """Room for one program output: a host file and the most bytes it may hold."""

    path: str
    max_bytes: int


class OutputStoreError(Exception):
    """The worker could not store a program's output (its disk or /dev/shm is full): our fault, never the
    program's; the submission ends as an internal error."""


class OutputStore(Protocol):
    def hold(self, max_bytes: int) -> AbstractAsyncContextManager[HeldOutput]:
        """Room for one output of at most `max_bytes` (at most the store's size), waiting while outputs in
        flight hold the rest; on exit the file is deleted and its room freed. Raises OutputStoreError."""
        ...


class OutputChecker(Protocol):
    async def check(self, checker: BuiltinChecker, output_path: str, answer_path: str) -> CheckResult:
        """Runs a built-in checker over the files, streaming them (outputs may be huge)."""
        ...


class Toolchains(Protocol):
    """The languages this worker detected on its machine."""

    def get(self, language_id: str) -> Language | None: ...


@dataclass(frozen=True, slots=True)
class WorkerIdentity:
    id: UUID

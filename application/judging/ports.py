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


class Workspace(Protocol):
    def path(self, name: str) -> str:
        """A host path for a scratch file of this judging (program outputs)."""
        ...


class WorkspaceFactory(Protocol):
    def open(self) -> AbstractAsyncContextManager[Workspace]:
        """A private scratch directory, removed afterwards."""
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

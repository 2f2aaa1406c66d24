from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.problems.access import visible_problem
from domain.accounts.access import can_manage_problem
from domain.problems.exceptions import ProblemFileNotFoundError
from domain.problems.files import ProblemFile, ProblemFileReader, visible_kinds
from domain.problems.repositories import ProblemReader


@dataclass(frozen=True, slots=True, kw_only=True)
class ListProblemFilesInput:
    problem_id: UUID


@dataclass(frozen=True, slots=True)
class ListProblemFiles:
    """A problem's files that the caller may see: statement files and attachments for anyone who may see
    the problem; jury files (validators, generators, solution notes…) for its managers only."""

    identity: IdentityProvider
    problems: ProblemReader
    files: ProblemFileReader

    async def __call__(self, data: ListProblemFilesInput) -> Sequence[ProblemFile]:
        principal = await self.identity.principal()
        problem = await visible_problem(principal, self.problems, data.problem_id)
        managed = can_manage_problem(principal, problem.owner_id)
        return await self.files.list_for(problem.id, visible_kinds(managed))


@dataclass(frozen=True, slots=True, kw_only=True)
class GetProblemFileInput:
    problem_id: UUID
    path: str


@dataclass(frozen=True, slots=True, kw_only=True)
class GetProblemFileOutput:
    file: ProblemFile
    content: bytes


@dataclass(frozen=True, slots=True)
class GetProblemFile:
    """One file's bytes, under the same rule as the list: a jury file does not exist for a caller who does
    not manage the problem (404, like a hidden test)."""

    identity: IdentityProvider
    problems: ProblemReader
    files: ProblemFileReader

    async def __call__(self, data: GetProblemFileInput) -> GetProblemFileOutput:
        principal = await self.identity.principal()
        problem = await visible_problem(principal, self.problems, data.problem_id)
        managed = can_manage_problem(principal, problem.owner_id)
        found = await self.files.get(problem.id, data.path)
        content = (
            await self.files.get_data(found.id) if found and found.kind in visible_kinds(managed) else None
        )
        if found is None or content is None:
            raise ProblemFileNotFoundError("no such file", details={"path": data.path[:300]})
        return GetProblemFileOutput(file=found, content=content)

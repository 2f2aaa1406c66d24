import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from application.problems.access import manageable
from application.problems.archive import ArchiveLimits, ArchiveTest, TestArchiveReader
from application.problems.policy import UploadPolicy
from application.transactions import TransactionManager
from domain.problems.entities import (
    DEFAULT_GROUP,
    SAMPLE_DIRECTORY,
    NumberedTest,
    Problem,
    TestCase,
    TestData,
    describe_test,
    ensure_problem_size,
    ensure_test_count,
    numbered,
    validate_test_placement,
)
from domain.problems.exceptions import InvalidArchiveError, TestNameTakenError
from domain.problems.repositories import ProblemSaver, ProblemTestReader, ProblemTestSaver

ARCHIVE_MAX_ENTRIES = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class AddTestsFromArchiveInput:
    problem_id: UUID
    location: str
    """Where the uploaded archive was spooled to; the caller removes it."""


def _placement(entry: ArchiveTest, problem: Problem) -> tuple[str, bool]:
    """(group, sample) of an archive's test. A top-level file is in the default group; a directory is
    its group, except `sample/`, whose tests are samples in the group "sample" when the problem declares
    one, else in the default group."""
    if entry.directory is None:
        return DEFAULT_GROUP, False
    if entry.directory == SAMPLE_DIRECTORY:
        declared = any(group.name == SAMPLE_DIRECTORY for group in problem.groups)
        return (SAMPLE_DIRECTORY if declared else DEFAULT_GROUP), True
    return entry.directory, False


@dataclass(frozen=True, slots=True)
class AddTestsFromArchive:
    """Adds every test of a zip archive to a problem, all or none. Same rules as adding one test; a
    name the problem already has is a conflict."""

    identity: IdentityProvider
    problems: ProblemSaver
    stored: ProblemTestReader
    tests: ProblemTestSaver
    archives: TestArchiveReader
    policy: UploadPolicy
    clock: Clock
    tx: TransactionManager

    async def __call__(self, data: AddTestsFromArchiveInput) -> list[NumberedTest]:
        principal = await self.identity.principal()
        problem = manageable(principal, await self.problems.get_for_update(data.problem_id), data.problem_id)
        existing = await self.stored.list_for(problem.id)
        used = sum(test.input_size + test.answer_size for test in existing)
        limits = ArchiveLimits(
            file_max_bytes=self.policy.test_max_bytes,
            total_max_bytes=max(self.policy.problem_max_bytes - used, 0),
            max_ratio=self.policy.archive_max_ratio,
            max_entries=ARCHIVE_MAX_ENTRIES,
        )
        entries = await self.archives.read(data.location, limits)
        if not entries:
            raise InvalidArchiveError("the archive holds no tests (NAME.in with NAME.ans or NAME.out)")
        ensure_test_count(len(existing) + len(entries), self.policy.problem_max_tests)
        ensure_problem_size(
            used + sum(len(entry.input) + len(entry.answer) for entry in entries),
            self.policy.problem_max_bytes,
        )

        taken: Mapping[str, TestCase] = {test.name: test for test in existing}
        now = self.clock.now()
        added: list[tuple[TestCase, TestData]] = []
        for entry in entries:
            group, sample = _placement(entry, problem)
            validate_test_placement(problem, entry.name, group)
            if entry.name in taken:
                raise TestNameTakenError(
                    f"the problem already has a test named {entry.name!r}", details={"name": entry.name}
                )
            test_data = TestData(input=entry.input, answer=entry.answer)
            test = describe_test(
                id=uuid.uuid4(),
                problem_id=problem.id,
                name=entry.name,
                group=group,
                sample=sample,
                data=test_data,
                created_at=now,
            )
            added.append((test, test_data))
        await self.tests.add_many(added)
        problem.test_count = len(existing) + len(added)
        problem.updated_at = now
        await self.problems.update(problem)
        await self.tx.commit()
        new = {test.id for test, _ in added}
        return [item for item in numbered([*existing, *(test for test, _ in added)]) if item.test.id in new]

from dataclasses import dataclass
from uuid import UUID

from application.accounts.ports import IdentityProvider
from application.packages.archive import PackageWriter
from application.packages.export import package_layout
from application.problems.access import managed_problem
from domain.packages.repositories import JurySubmissionRepository
from domain.problems.exceptions import ProblemFileNotFoundError, TestNotFoundError
from domain.problems.files import ProblemFileReader
from domain.problems.repositories import ProblemReader, ProblemTestReader


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportPackageInput:
    problem_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportPackageOutput:
    location: str  # a zip file the caller sends and removes
    file_name: str


@dataclass(frozen=True, slots=True)
class ExportPackage:
    """The problem as a problem package in the current format version (2025-09), for its managers only
    (it holds the hidden tests, the checker and the jury submissions). Importing it gives the same
    problem back: statement, limits, checker, groups, tests with their names, files, jury submissions."""

    identity: IdentityProvider
    problems: ProblemReader
    tests: ProblemTestReader
    files: ProblemFileReader
    jury: JurySubmissionRepository
    writer: PackageWriter

    async def __call__(self, data: ExportPackageInput) -> ExportPackageOutput:
        principal = await self.identity.principal()
        problem = await managed_problem(principal, self.problems, data.problem_id)
        tests = list(await self.tests.list_for(problem.id))
        files = list(await self.files.list_for(problem.id))
        jury = list(await self.jury.list_for(problem.id))
        layout = package_layout(problem, tests, files, jury)
        async with self.writer.create() as sink:
            for path, content in layout.texts:
                await sink.write(path, content)
            for test in tests:
                test_data = await self.tests.get_data(test.id)
                if test_data is None:
                    raise TestNotFoundError("a test vanished during the export", details={"test": test.name})
                input_path, answer_path = layout.tests[test.id]
                await sink.write(input_path, test_data.input)
                await sink.write(answer_path, test_data.answer)
            for file in files:
                file_data = await self.files.get_data(file.id)
                if file_data is None:
                    raise ProblemFileNotFoundError(
                        "a file vanished during the export", details={"path": file.path}
                    )
                await sink.write(layout.files[file.id], file_data)
        return ExportPackageOutput(location=sink.location, file_name=f"{problem.slug}.zip")

from dishka import AnyOf, Provider, Scope, provide, provide_all

from application.problems.archive import TestArchiveReader
from application.problems.policy import UploadPolicy
from application.problems.usecases import (
    AddTest,
    AddTestsFromArchive,
    CreateProblem,
    DeleteProblem,
    DeleteTest,
    GetProblem,
    GetTest,
    ListProblems,
    ListTests,
    UpdateProblem,
)
from domain.problems.repositories import ProblemReader, ProblemSaver, ProblemTestReader, ProblemTestSaver
from infrastructure.archives.zip_reader import ZipTestArchiveReader
from infrastructure.config import Settings
from infrastructure.database.repositories.problems.repositories import (
    SqlProblemRepository,
    SqlProblemTestRepository,
)


class ProblemsProvider(Provider):
    """Problems and their tests: repositories, upload limits, the archive reader and the use cases."""

    scope = Scope.REQUEST

    problems = provide(SqlProblemRepository, provides=AnyOf[ProblemReader, ProblemSaver])
    tests = provide(SqlProblemTestRepository, provides=AnyOf[ProblemTestReader, ProblemTestSaver])
    archives = provide(ZipTestArchiveReader, provides=TestArchiveReader, scope=Scope.APP)

    @provide(scope=Scope.APP)
    def upload_policy(self, settings: Settings) -> UploadPolicy:
        return UploadPolicy(
            test_max_bytes=settings.test_max_bytes,
            problem_max_bytes=settings.problem_max_bytes,
            archive_max_ratio=settings.archive_max_ratio,
            problem_max_tests=settings.problem_max_tests,
        )

    use_cases = provide_all(
        CreateProblem,
        GetProblem,
        ListProblems,
        UpdateProblem,
        DeleteProblem,
        AddTest,
        AddTestsFromArchive,
        ListTests,
        GetTest,
        DeleteTest,
    )

from dishka import AnyOf, Provider, Scope, provide, provide_all

from application.packages.archive import ImportProgress, PackageArchives, PackageWriter
from application.packages.usecases import (
    AdvanceVerifications,
    ExportPackage,
    GetProblemFile,
    GetVerification,
    ImportPackage,
    ListProblemFiles,
)
from domain.packages.repositories import JurySubmissionRepository, VerificationRepository
from domain.problems.files import ProblemFileReader, ProblemFileSaver
from infrastructure.config import Settings
from infrastructure.database.repositories.packages.repositories import (
    SqlJurySubmissionRepository,
    SqlProblemFileRepository,
    SqlVerificationRepository,
)
from infrastructure.packages.files import TempFiles, ZipPackageWriter
from infrastructure.packages.progress import SilentProgress
from infrastructure.packages.zip_archive import ZipPackageArchives


class PackagesProvider(Provider):
    """Problem packages: import, export, verification, problem files."""

    scope = Scope.REQUEST

    files = provide(SqlProblemFileRepository, provides=AnyOf[ProblemFileReader, ProblemFileSaver])
    jury = provide(SqlJurySubmissionRepository, provides=JurySubmissionRepository)
    verifications = provide(SqlVerificationRepository, provides=VerificationRepository)
    archives = provide(ZipPackageArchives, provides=PackageArchives, scope=Scope.APP)
    writer = provide(ZipPackageWriter, provides=PackageWriter, scope=Scope.APP)
    progress = provide(SilentProgress, provides=ImportProgress, scope=Scope.APP)

    @provide(scope=Scope.APP)
    def temp_files(self, settings: Settings) -> TempFiles:
        return TempFiles(settings.data_dir / "tmp")

    use_cases = provide_all(
        ImportPackage, ExportPackage, GetVerification, AdvanceVerifications, ListProblemFiles, GetProblemFile
    )

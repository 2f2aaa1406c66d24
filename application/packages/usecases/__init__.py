from application.packages.usecases.advance_verifications import (
    AdvanceVerifications,
    AdvanceVerificationsInput,
    AdvanceVerificationsOutput,
)
from application.packages.usecases.export_package import (
    ExportPackage,
    ExportPackageInput,
    ExportPackageOutput,
)
from application.packages.usecases.get_verification import (
    GetVerification,
    GetVerificationInput,
    GetVerificationOutput,
    JuryResult,
    ReportState,
    SkippedJury,
)
from application.packages.usecases.import_package import (
    ImportPackage,
    ImportPackageInput,
    ImportPackageOutput,
)
from application.packages.usecases.problem_files import (
    GetProblemFile,
    GetProblemFileInput,
    GetProblemFileOutput,
    ListProblemFiles,
    ListProblemFilesInput,
)

__all__ = [
    "AdvanceVerifications",
    "AdvanceVerificationsInput",
    "AdvanceVerificationsOutput",
    "ExportPackage",
    "ExportPackageInput",
    "ExportPackageOutput",
    "GetProblemFile",
    "GetProblemFileInput",
    "GetProblemFileOutput",
    "GetVerification",
    "GetVerificationInput",
    "GetVerificationOutput",
    "ImportPackage",
    "ImportPackageInput",
    "ImportPackageOutput",
    "JuryResult",
    "ListProblemFiles",
    "ListProblemFilesInput",
    "ReportState",
    "SkippedJury",
]

from typing import Any

from domain.packages.entities import (
    JurySubmission,
    TimeLimitRole,
    TimeLimitSource,
    Verification,
    VerificationState,
)
from domain.packages.expectations import Expectation
from domain.packages.timing import TimeLimitRule
from domain.problems.files import FileKind, ProblemFile
from infrastructure.database.mappers import retort
from infrastructure.database.repositories.packages.models import (
    JurySubmissionModel,
    ProblemFileModel,
    VerificationModel,
)
from infrastructure.database.repositories.submissions.mappers import files_columns, files_of

dump_expectation = retort.get_dumper(Expectation)
load_expectation = retort.get_loader(Expectation)
dump_rule = retort.get_dumper(TimeLimitRule)
load_rule = retort.get_loader(TimeLimitRule)


def file_row(file: ProblemFile, data: bytes) -> dict[str, Any]:
    return {
        "id": file.id,
        "problem_id": file.problem_id,
        "path": file.path,
        "kind": file.kind.value,
        "size": file.size,
        "sha256": file.sha256,
        "data": data,
        "created_at": file.created_at,
    }


def model_to_file(row: ProblemFileModel) -> ProblemFile:
    return ProblemFile(
        id=row.id,
        problem_id=row.problem_id,
        path=row.path,
        kind=FileKind(row.kind),
        size=row.size,
        sha256=row.sha256,
        created_at=row.created_at,
    )


def jury_row(item: JurySubmission) -> dict[str, Any]:
    return {
        "id": item.id,
        "problem_id": item.problem_id,
        "path": item.path,
        "language": item.language,
        **files_columns(item.files),
        "expectation": dump_expectation(item.expectation),
        "role": item.role.value,
        "submission_id": item.submission_id,
        "skipped": item.skipped,
    }


def model_to_jury(row: JurySubmissionModel) -> JurySubmission:
    return JurySubmission(
        id=row.id,
        problem_id=row.problem_id,
        path=row.path,
        language=row.language,
        files=files_of(row.file_names, row.file_contents),
        expectation=load_expectation(row.expectation),
        role=TimeLimitRole(row.role),
        submission_id=row.submission_id,
        skipped=row.skipped,
    )


def verification_row(verification: Verification) -> dict[str, Any]:
    return {
        "problem_id": verification.problem_id,
        "state": verification.state.value,
        "rule": dump_rule(verification.rule),
        "time_limit_ms": verification.time_limit_ms,
        "source": verification.source.value,
        "notes": list(verification.notes),
        "created_at": verification.created_at,
        "updated_at": verification.updated_at,
    }


def model_to_verification(row: VerificationModel) -> Verification:
    return Verification(
        problem_id=row.problem_id,
        state=VerificationState(row.state),
        rule=load_rule(row.rule),
        time_limit_ms=row.time_limit_ms,
        source=TimeLimitSource(row.source),
        notes=list(row.notes),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )

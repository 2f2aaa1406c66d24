from typing import Any

from adaptix import P
from adaptix.conversion import coercer, get_converter, link_constant

from domain.judging.enums import SubmissionStatus, Verdict
from domain.submissions.entities import SourceFile, Submission, TestResult
from infrastructure.database.repositories.submissions.models import SubmissionModel, SubmissionTestResultModel


def files_columns(files: list[SourceFile]) -> dict[str, Any]:
    """The `file_names` and `file_contents` columns of `files` (bytes, in order)."""
    return {"file_names": [file.name for file in files], "file_contents": [file.content for file in files]}


def files_of(names: list[str], contents: list[bytes]) -> list[SourceFile]:
    return [
        SourceFile(name=name, content=bytes(content)) for name, content in zip(names, contents, strict=True)
    ]


_model_to_submission = get_converter(
    SubmissionModel,
    Submission,
    recipe=[
        link_constant(P[Submission].files, factory=list),
        coercer(str, SubmissionStatus, SubmissionStatus),
        coercer(str, Verdict, Verdict),
        link_constant(P[Submission].tests, factory=list),
    ],
)


def model_to_submission(row: SubmissionModel) -> Submission:
    submission = _model_to_submission(row)
    submission.files = files_of(row.file_names, row.file_contents)
    return submission


model_to_test_result = get_converter(
    SubmissionTestResultModel,
    TestResult,
    recipe=[coercer(str, Verdict, Verdict)],
)

from typing import Any

from adaptix import P
from adaptix.conversion import coercer, get_converter, link_constant

from domain.judging.enums import SubmissionStatus, Verdict
from domain.submissions.entities import SourceFile, Submission, TestResult
from infrastructure.database.mappers import retort
from infrastructure.database.repositories.submissions.models import SubmissionModel, SubmissionTestResultModel

dump_files = retort.get_dumper(list[SourceFile])
load_files = retort.get_loader(list[SourceFile])

model_to_submission = get_converter(
    SubmissionModel,
    Submission,
    recipe=[
        coercer(list[dict[str, Any]], list[SourceFile], load_files),
        coercer(str, SubmissionStatus, SubmissionStatus),
        coercer(str, Verdict, Verdict),
        link_constant(P[Submission].tests, factory=list),
    ],
)

model_to_test_result = get_converter(
    SubmissionTestResultModel,
    TestResult,
    recipe=[coercer(str, Verdict, Verdict)],
)

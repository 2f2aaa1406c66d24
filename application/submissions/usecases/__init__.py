from application.submissions.dtos import RejudgeOutput
from application.submissions.usecases.create_submission import CreateSubmission, CreateSubmissionInput
from application.submissions.usecases.get_queue import GetQueue, QueueView, WorkerLoad
from application.submissions.usecases.get_submission import GetSubmission, GetSubmissionInput
from application.submissions.usecases.list_submissions import (
    ListSubmissions,
    ListSubmissionsInput,
    ListSubmissionsOutput,
)
from application.submissions.usecases.rejudge_problem import RejudgeProblem, RejudgeProblemInput
from application.submissions.usecases.rejudge_submission import RejudgeSubmission, RejudgeSubmissionInput
from application.submissions.usecases.stream_submission import (
    ProgressUpdate,
    StreamSubmission,
    StreamSubmissionInput,
)

__all__ = [
    "CreateSubmission",
    "CreateSubmissionInput",
    "GetQueue",
    "GetSubmission",
    "GetSubmissionInput",
    "ListSubmissions",
    "ListSubmissionsInput",
    "ListSubmissionsOutput",
    "ProgressUpdate",
    "QueueView",
    "RejudgeOutput",
    "RejudgeProblem",
    "RejudgeProblemInput",
    "RejudgeSubmission",
    "RejudgeSubmissionInput",
    "StreamSubmission",
    "StreamSubmissionInput",
    "WorkerLoad",
]

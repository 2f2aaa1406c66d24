from application.judging.usecases.judge_submission import (
    JudgeSubmission,
    JudgeSubmissionInput,
    JudgeSubmissionOutput,
    JudgingEnd,
)
from application.judging.usecases.reap_submissions import ReapSubmissions, ReapSubmissionsOutput

__all__ = [
    "JudgeSubmission",
    "JudgeSubmissionInput",
    "JudgeSubmissionOutput",
    "JudgingEnd",
    "ReapSubmissions",
    "ReapSubmissionsOutput",
]

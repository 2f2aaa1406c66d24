from application.judging.usecases.judge_submission import (
    JudgeSubmission,
    JudgeSubmissionOutput,
    JudgingEnd,
)
from application.judging.usecases.reap_submissions import ReapSubmissions, ReapSubmissionsOutput

__all__ = [
    "JudgeSubmission",
    "JudgeSubmissionOutput",
    "JudgingEnd",
    "ReapSubmissions",
    "ReapSubmissionsOutput",
]

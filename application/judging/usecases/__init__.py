from application.judging.usecases.judge_submission import (
    JudgeOutcome,
    JudgeSubmission,
    JudgeSubmissionOutput,
)
from application.judging.usecases.reap_submissions import ReapSubmissions, ReapSubmissionsOutput

__all__ = [
    "JudgeOutcome",
    "JudgeSubmission",
    "JudgeSubmissionOutput",
    "ReapSubmissions",
    "ReapSubmissionsOutput",
]

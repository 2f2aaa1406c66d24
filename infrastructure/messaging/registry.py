"""The one place commands and domain events meet their handlers (read by the message bus)."""

from application.accounts.usecases import RevokeKey, RevokeKeyInput
from application.messaging.bus import Handlers
from application.messaging.handlers import (
    PublishKeyEvent,
    PublishProblemEvent,
    PublishRunEvent,
    PublishSubmissionEvent,
    SignalSubmissionProgress,
)
from application.messaging.translation import ACCOUNT_EVENTS, PROBLEM_EVENTS, RUN_EVENTS, SUBMISSION_EVENTS
from application.problems.usecases import (
    AddTest,
    AddTestInput,
    CreateProblem,
    CreateProblemInput,
    DeleteTest,
    DeleteTestInput,
    UpdateProblem,
    UpdateProblemInput,
)
from application.submissions.usecases import (
    CreateSubmission,
    CreateSubmissionInput,
    RejudgeProblem,
    RejudgeProblemInput,
    RejudgeSubmission,
    RejudgeSubmissionInput,
)
from domain.submissions.events import SubmissionCreated


def handlers() -> Handlers:
    registry = Handlers()
    for command, use_case in (
        (CreateSubmissionInput, CreateSubmission),
        (RejudgeSubmissionInput, RejudgeSubmission),
        (RejudgeProblemInput, RejudgeProblem),
        (CreateProblemInput, CreateProblem),
        (UpdateProblemInput, UpdateProblem),
        (AddTestInput, AddTest),
        (DeleteTestInput, DeleteTest),
        (RevokeKeyInput, RevokeKey),
    ):
        registry.command(command, use_case)
    for event in SUBMISSION_EVENTS:
        registry.event(event, PublishSubmissionEvent)
        # A live stream watches a submission it has read: none can watch one still being created.
        if event is not SubmissionCreated:
            registry.event(event, SignalSubmissionProgress)
    for event in PROBLEM_EVENTS:
        registry.event(event, PublishProblemEvent)
    for event in ACCOUNT_EVENTS:
        registry.event(event, PublishKeyEvent)
    for event in RUN_EVENTS:
        registry.event(event, PublishRunEvent)
    return registry

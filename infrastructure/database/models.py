"""Imports every ORM model so Base.metadata is complete (alembic autogenerate, tests)."""

from infrastructure.database.postgres import Base
from infrastructure.database.repositories.accounts.models import AccountModel, ApiKeyModel
from infrastructure.database.repositories.messaging.models import OutboxModel, ProcessedEventModel
from infrastructure.database.repositories.packages.models import (
    JurySubmissionModel,
    ProblemFileModel,
    VerificationModel,
)
from infrastructure.database.repositories.problems.models import ProblemModel, ProblemTestModel
from infrastructure.database.repositories.runs.models import RunModel
from infrastructure.database.repositories.sessions.models import LoginSessionModel
from infrastructure.database.repositories.submissions.models import SubmissionModel, SubmissionTestResultModel
from infrastructure.database.repositories.webhooks.models import (
    CallbackSecretModel,
    WebhookDeliveryModel,
    WebhookEndpointModel,
)
from infrastructure.database.repositories.workers.models import WorkerModel

__all__ = [
    "AccountModel",
    "ApiKeyModel",
    "Base",
    "CallbackSecretModel",
    "JurySubmissionModel",
    "LoginSessionModel",
    "OutboxModel",
    "ProblemFileModel",
    "ProblemModel",
    "ProblemTestModel",
    "ProcessedEventModel",
    "RunModel",
    "SubmissionModel",
    "SubmissionTestResultModel",
    "VerificationModel",
    "WebhookDeliveryModel",
    "WebhookEndpointModel",
    "WorkerModel",
]

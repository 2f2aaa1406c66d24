"""Imports every ORM model so Base.metadata is complete (alembic autogenerate, tests)."""

from infrastructure.database.postgres import Base
from infrastructure.database.repositories.accounts.models import AccountModel, ApiKeyModel
from infrastructure.database.repositories.packages.models import (
    JurySubmissionModel,
    ProblemFileModel,
    VerificationModel,
)
from infrastructure.database.repositories.problems.models import ProblemModel, ProblemTestModel
from infrastructure.database.repositories.runs.models import RunModel
from infrastructure.database.repositories.sessions.models import LoginSessionModel
from infrastructure.database.repositories.submissions.models import SubmissionModel, SubmissionTestResultModel
from infrastructure.database.repositories.workers.models import WorkerModel

__all__ = [
    "AccountModel",
    "ApiKeyModel",
    "Base",
    "JurySubmissionModel",
    "LoginSessionModel",
    "ProblemFileModel",
    "ProblemModel",
    "ProblemTestModel",
    "RunModel",
    "SubmissionModel",
    "SubmissionTestResultModel",
    "VerificationModel",
    "WorkerModel",
]

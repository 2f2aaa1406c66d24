from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from domain.packages.entities import JurySubmission, Verification


class JurySubmissionRepository(Protocol):
    async def add_many(self, items: Sequence[JurySubmission]) -> None: ...

    async def list_for(self, problem_id: UUID) -> Sequence[JurySubmission]:
        """In path order."""
        ...

    async def attach(self, jury_id: UUID, submission_id: UUID) -> None:
        """Links the jury submission to the submission that judges it."""
        ...


class VerificationRepository(Protocol):
    async def add(self, verification: Verification) -> None: ...

    async def get(self, problem_id: UUID) -> Verification | None: ...

    async def calibrating_locked(self, limit: int) -> Sequence[Verification]:
        """Verifications still calibrating, each locked until the transaction ends; those another
        transaction holds are skipped (several workers advance them at once)."""
        ...

    async def save(self, verification: Verification) -> None: ...

from collections.abc import Collection, Sequence
from typing import cast
from uuid import UUID

from sqlalchemy import Table, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.packages.entities import JurySubmission, Verification, VerificationState
from domain.packages.repositories import JurySubmissionRepository, VerificationRepository
from domain.problems.exceptions import InvalidProblemError
from domain.problems.files import FileKind, ProblemFile, ProblemFileReader, ProblemFileSaver
from infrastructure.database.repositories.packages.mappers import (
    file_row,
    jury_row,
    model_to_file,
    model_to_jury,
    model_to_verification,
    verification_row,
)
from infrastructure.database.repositories.packages.models import (
    JurySubmissionModel,
    ProblemFileModel,
    VerificationModel,
)

F, J, V = ProblemFileModel, JurySubmissionModel, VerificationModel
FILE_PATH_CONSTRAINT = "uq_problem_files_problem_id"


class SqlProblemFileRepository(ProblemFileReader, ProblemFileSaver):
    """Core statements: a file's bytes never sit in the session's identity map."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def list_for(
        self, problem_id: UUID, kinds: Collection[FileKind] | None = None
    ) -> Sequence[ProblemFile]:
        query = select(F).where(F.problem_id == problem_id)
        if kinds is not None:
            query = query.where(F.kind.in_([kind.value for kind in kinds]))
        return [model_to_file(row) for row in await self._session.scalars(query.order_by(F.path))]

    async def get(self, problem_id: UUID, path: str) -> ProblemFile | None:
        row = await self._session.scalar(select(F).where(F.problem_id == problem_id, F.path == path))
        return model_to_file(row) if row is not None else None

    async def get_data(self, file_id: UUID) -> bytes | None:
        data: bytes | None = await self._session.scalar(select(F.data).where(F.id == file_id))
        return data

    async def add(self, file: ProblemFile, data: bytes) -> None:
        try:
            async with self._session.begin_nested():
                await self._session.execute(insert(cast(Table, F.__table__)), file_row(file, data))
        except IntegrityError as error:
            if FILE_PATH_CONSTRAINT not in str(error.orig):
                raise
            raise InvalidProblemError(
                f"the problem already has a file at {file.path!r}", details={"path": file.path}
            ) from None


class SqlJurySubmissionRepository(JurySubmissionRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_many(self, items: Sequence[JurySubmission]) -> None:
        if items:
            await self._session.execute(insert(cast(Table, J.__table__)), [jury_row(item) for item in items])

    async def list_for(self, problem_id: UUID) -> Sequence[JurySubmission]:
        rows = await self._session.scalars(select(J).where(J.problem_id == problem_id).order_by(J.path))
        return [model_to_jury(row) for row in rows]

    async def attach(self, jury_id: UUID, submission_id: UUID) -> None:
        await self._session.execute(update(J).where(J.id == jury_id).values(submission_id=submission_id))


class SqlVerificationRepository(VerificationRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, verification: Verification) -> None:
        await self._session.execute(insert(cast(Table, V.__table__)), verification_row(verification))

    async def get(self, problem_id: UUID) -> Verification | None:
        row = await self._session.scalar(
            select(V).where(V.problem_id == problem_id).execution_options(populate_existing=True)
        )
        return model_to_verification(row) if row is not None else None

    async def calibrating_locked(self, limit: int) -> Sequence[Verification]:
        rows = await self._session.scalars(
            select(V)
            .where(V.state == VerificationState.CALIBRATING.value)
            .order_by(V.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return [model_to_verification(row) for row in rows]

    async def save(self, verification: Verification) -> None:
        values = verification_row(verification)
        del values["problem_id"]
        await self._session.execute(update(V).where(V.problem_id == verification.problem_id).values(**values))

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from infrastructure.database.postgres import Base


class ProblemFileModel(Base):
    """A problem's statement file, attachment or jury file; the data loads only when asked for by name."""

    __tablename__ = "problem_files"
    __table_args__ = (UniqueConstraint("problem_id", "path"),)

    id: Mapped[UUID] = mapped_column(primary_key=True)
    problem_id: Mapped[UUID] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(1024))
    kind: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True, deferred_raiseload=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class JurySubmissionModel(Base):
    __tablename__ = "jury_submissions"
    __table_args__ = (UniqueConstraint("problem_id", "path"),)

    id: Mapped[UUID] = mapped_column(primary_key=True)
    problem_id: Mapped[UUID] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(1024))
    language: Mapped[str] = mapped_column(String(32))
    file_names: Mapped[list[str]] = mapped_column(ARRAY(Text))
    file_contents: Mapped[list[bytes]] = mapped_column(ARRAY(LargeBinary))
    expectation: Mapped[dict[str, Any]] = mapped_column(JSONB)
    role: Mapped[str] = mapped_column(String(8))
    submission_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL"), index=True
    )
    skipped: Mapped[str | None] = mapped_column(Text)


class VerificationModel(Base):
    __tablename__ = "problem_verifications"

    problem_id: Mapped[UUID] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    rule: Mapped[dict[str, Any]] = mapped_column(JSONB)
    time_limit_ms: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))
    notes: Mapped[list[str]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from infrastructure.database.postgres import Base


class ProblemModel(Base):
    __tablename__ = "problems"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(Text)
    statement_format: Mapped[str] = mapped_column(String(16), default="markdown", server_default="markdown")
    type: Mapped[str] = mapped_column(String(16))
    limits: Mapped[dict[str, Any]] = mapped_column(JSONB)
    checker: Mapped[dict[str, Any]] = mapped_column(JSONB)
    interactor: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    groups: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    test_count: Mapped[int] = mapped_column(Integer)
    owner_id: Mapped[UUID | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    visibility: Mapped[str] = mapped_column(String(16), default="draft", server_default="draft")
    allow_file_writing: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProblemTestModel(Base):
    """A test's metadata and data. The data columns load only when asked for by name (a problem can hold
    a gigabyte of tests); touching them through the ORM raises instead of loading them behind our back."""

    __tablename__ = "problem_tests"
    __table_args__ = (UniqueConstraint("problem_id", "name"),)

    id: Mapped[UUID] = mapped_column(primary_key=True)
    problem_id: Mapped[UUID] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    group: Mapped[str] = mapped_column(String(64))
    sample: Mapped[bool] = mapped_column(Boolean)
    input: Mapped[bytes] = mapped_column(LargeBinary, deferred=True, deferred_raiseload=True)
    answer: Mapped[bytes] = mapped_column(LargeBinary, deferred=True, deferred_raiseload=True)
    input_size: Mapped[int] = mapped_column(Integer)
    answer_size: Mapped[int] = mapped_column(Integer)
    input_sha256: Mapped[str] = mapped_column(String(64))
    answer_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

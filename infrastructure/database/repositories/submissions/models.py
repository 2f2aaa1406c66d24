from datetime import datetime
from uuid import UUID

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from infrastructure.database.postgres import Base


class SubmissionModel(Base):
    __tablename__ = "submissions"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    problem_id: Mapped[UUID] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(32))
    # A submission's files in order, as bytes: names and contents side by side (migration 0013).
    file_names: Mapped[list[str]] = mapped_column(ARRAY(Text))
    file_contents: Mapped[list[bytes]] = mapped_column(ARRAY(LargeBinary))
    status: Mapped[str] = mapped_column(String(16))
    verdict: Mapped[str | None] = mapped_column(String(32))
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    time_ms: Mapped[int | None] = mapped_column(Integer)
    memory_kb: Mapped[int | None] = mapped_column(Integer)
    compile_output: Mapped[str | None] = mapped_column(Text)
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    tries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    isolated: Mapped[bool | None] = mapped_column(Boolean)
    owner_id: Mapped[UUID | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    key_id: Mapped[UUID | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"), index=True)
    lease_owner: Mapped[UUID | None] = mapped_column()
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    callback_url: Mapped[str | None] = mapped_column(Text)  # gets `submission.judged` (webhooks)

    __table_args__ = (
        Index("ix_submissions_created_at_id", text("created_at DESC"), text("id DESC")),
        Index(
            "ix_submissions_unfinished",
            "status",
            "created_at",
            postgresql_where=text("status <> 'finished'"),
        ),
        # An account's latest claim, looked up for every account with work waiting (fair claims).
        Index("ix_submissions_owner_id_claimed_at", "owner_id", "claimed_at"),
    )


class SubmissionTestResultModel(Base):
    __tablename__ = "submission_test_results"

    submission_id: Mapped[UUID] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    attempt: Mapped[int] = mapped_column(Integer, primary_key=True)
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    test_id: Mapped[UUID] = mapped_column()
    name: Mapped[str] = mapped_column(String(255))
    group: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(32))
    time_ms: Mapped[int] = mapped_column(Integer)
    wall_time_ms: Mapped[int] = mapped_column(Integer)
    memory_kb: Mapped[int] = mapped_column(Integer)
    exit_code: Mapped[int | None] = mapped_column(Integer)
    signal: Mapped[str | None] = mapped_column(String(16))
    checker_message: Mapped[str] = mapped_column(Text, default="")
    transcript_to_interactor: Mapped[str] = mapped_column(Text, default="", server_default="")
    transcript_to_solution: Mapped[str] = mapped_column(Text, default="", server_default="")
    score: Mapped[float | None] = mapped_column(Float)

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from infrastructure.database.postgres import Base


class RunModel(Base):
    __tablename__ = "runs"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    owner_id: Mapped[UUID | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    key_id: Mapped[UUID | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"), index=True)
    language: Mapped[str] = mapped_column(String(32))
    files: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    stdin: Mapped[bytes] = mapped_column(LargeBinary)
    expected_output: Mapped[bytes | None] = mapped_column(LargeBinary)
    limits: Mapped[dict[str, Any]] = mapped_column(JSONB)
    args: Mapped[list[str]] = mapped_column(JSONB)
    compiler_options: Mapped[list[str]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    additional_files: Mapped[bytes | None] = mapped_column(LargeBinary)
    redirect_stderr: Mapped[bool] = mapped_column(Boolean)
    callback_url: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(32))
    verdict: Mapped[str | None] = mapped_column(String(32))
    exit_code: Mapped[int | None] = mapped_column(Integer)
    signal: Mapped[str | None] = mapped_column(String(16))
    time_ms: Mapped[int | None] = mapped_column(Integer)
    wall_time_ms: Mapped[int | None] = mapped_column(Integer)
    memory_kb: Mapped[int | None] = mapped_column(Integer)
    stdout: Mapped[bytes | None] = mapped_column(LargeBinary)
    stderr: Mapped[bytes | None] = mapped_column(LargeBinary)
    compile_output: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str | None] = mapped_column(Text)
    isolated: Mapped[bool | None] = mapped_column(Boolean)
    tries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lease_owner: Mapped[UUID | None] = mapped_column()
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_runs_unfinished", "status", "created_at", postgresql_where=text("status <> 'finished'")),
        Index("ix_runs_finished_at", "finished_at"),
        Index("ix_runs_key_id_created_at", "key_id", "created_at"),
    )

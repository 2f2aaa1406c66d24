from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, DateTime, Identity, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from infrastructure.database.postgres import Base


class OutboxModel(Base):
    """Integration events waiting to be published (published_at NULL) or published (kept for redelivery
    until processed, then pruned)."""

    __tablename__ = "outbox"

    id: Mapped[UUID] = mapped_column(primary_key=True)  # the event's stable id
    seq: Mapped[int] = mapped_column(BigInteger, Identity(always=True), unique=True)  # publishing order
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    audience: Mapped[dict[str, Any]] = mapped_column(JSONB)
    restricted: Mapped[dict[str, Any]] = mapped_column(JSONB)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_outbox_unpublished", "seq", postgresql_where=text("published_at IS NULL")),
        Index("ix_outbox_published_at", "published_at"),
    )


class ProcessedEventModel(Base):
    """Which consumer has processed which event: consumers are idempotent by event id."""

    __tablename__ = "processed_events"

    event_id: Mapped[UUID] = mapped_column(primary_key=True)
    consumer: Mapped[str] = mapped_column(String(128), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

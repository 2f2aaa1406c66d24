from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from infrastructure.database.postgres import Base


class WorkerModel(Base):
    __tablename__ = "workers"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    concurrency: Mapped[int] = mapped_column(Integer)
    languages: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    isolated: Mapped[bool] = mapped_column(Boolean, default=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

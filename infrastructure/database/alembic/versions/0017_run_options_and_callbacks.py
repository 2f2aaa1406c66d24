"""runs: compiler options and additional files (a zip); a webhook delivery's HTTP method

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 13:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    jsonb = postgresql.JSONB(astext_type=sa.Text())
    op.add_column(
        "runs", sa.Column("compiler_options", jsonb, server_default=sa.text("'[]'::jsonb"), nullable=False)
    )
    op.add_column("runs", sa.Column("additional_files", sa.LargeBinary(), nullable=True))
    op.add_column(
        "webhook_deliveries",
        sa.Column("method", sa.String(length=8), server_default="POST", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("webhook_deliveries", "method")
    op.drop_column("runs", "additional_files")
    op.drop_column("runs", "compiler_options")

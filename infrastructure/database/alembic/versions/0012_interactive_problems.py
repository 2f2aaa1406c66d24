"""interactive problems: a problem's interactor, per-test transcripts of an interaction

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-02 12:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("problems", sa.Column("interactor", postgresql.JSONB(), nullable=True))
    for column in ("transcript_to_interactor", "transcript_to_solution"):
        op.add_column(
            "submission_test_results", sa.Column(column, sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    for column in ("transcript_to_solution", "transcript_to_interactor"):
        op.drop_column("submission_test_results", column)
    op.drop_column("problems", "interactor")

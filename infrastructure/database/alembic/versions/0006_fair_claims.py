"""fair claims: tries since the last rejudge, the time of the latest claim, an index per account

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-10 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("submissions", sa.Column("tries", sa.Integer(), server_default="0", nullable=False))
    op.add_column("submissions", sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    # Until now every claim counted toward the cap: unfinished submissions keep the tries they had.
    op.execute("UPDATE submissions SET tries = attempt WHERE status <> 'finished'")
    op.create_index(
        "ix_submissions_owner_id_claimed_at", "submissions", ["owner_id", "claimed_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_submissions_owner_id_claimed_at", table_name="submissions")
    op.drop_column("submissions", "claimed_at")
    op.drop_column("submissions", "tries")

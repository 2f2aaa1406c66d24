"""contestant submissions: problems may forbid writing files in the working directory

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-02 12:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "problems", sa.Column("allow_file_writing", sa.Boolean(), server_default="false", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("problems", "allow_file_writing")

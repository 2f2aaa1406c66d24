"""runs: ad-hoc runs (one program, one input), kept for the retention period

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 10:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    jsonb = postgresql.JSONB(astext_type=sa.Text())
    op.create_table(
        "runs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("key_id", sa.Uuid(), nullable=True),
        sa.Column("language", sa.String(length=32), nullable=False),
        sa.Column("files", jsonb, nullable=False),
        sa.Column("stdin", sa.LargeBinary(), nullable=False),
        sa.Column("expected_output", sa.LargeBinary(), nullable=True),
        sa.Column("limits", jsonb, nullable=False),
        sa.Column("args", jsonb, nullable=False),
        sa.Column("redirect_stderr", sa.Boolean(), nullable=False),
        sa.Column("callback_url", sa.Text(), nullable=True),
        sa.Column("extra", jsonb, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("verdict", sa.String(length=32), nullable=True),
        sa.Column("exit_code", sa.Integer(), nullable=True),
        sa.Column("signal", sa.String(length=16), nullable=True),
        sa.Column("time_ms", sa.Integer(), nullable=True),
        sa.Column("wall_time_ms", sa.Integer(), nullable=True),
        sa.Column("memory_kb", sa.Integer(), nullable=True),
        sa.Column("stdout", sa.LargeBinary(), nullable=True),
        sa.Column("stderr", sa.LargeBinary(), nullable=True),
        sa.Column("compile_output", sa.Text(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("isolated", sa.Boolean(), nullable=True),
        sa.Column("tries", sa.Integer(), server_default="0", nullable=False),
        sa.Column("lease_owner", sa.Uuid(), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["accounts.id"], name=op.f("fk_runs_owner_id_accounts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["key_id"], ["api_keys.id"], name=op.f("fk_runs_key_id_api_keys"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_index(op.f("ix_runs_owner_id"), "runs", ["owner_id"], unique=False)
    op.create_index(op.f("ix_runs_key_id"), "runs", ["key_id"], unique=False)
    op.create_index("ix_runs_finished_at", "runs", ["finished_at"], unique=False)
    op.create_index("ix_runs_key_id_created_at", "runs", ["key_id", "created_at"], unique=False)
    op.create_index(
        "ix_runs_unfinished",
        "runs",
        ["status", "created_at"],
        unique=False,
        postgresql_where=sa.text("status <> 'finished'"),
    )


def downgrade() -> None:
    op.drop_table("runs")

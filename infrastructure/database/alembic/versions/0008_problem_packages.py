"""problem packages: statement format, problem files, jury submissions, verifications

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 06:24:25.627097
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "problem_files",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("problem_id", sa.Uuid(), nullable=False),
        sa.Column("path", sa.String(length=1024), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
            name=op.f("fk_problem_files_problem_id_problems"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problem_files")),
        sa.UniqueConstraint("problem_id", "path", name=op.f("uq_problem_files_problem_id")),
    )
    op.create_table(
        "problem_verifications",
        sa.Column("problem_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("rule", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("time_limit_ms", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("notes", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
            name=op.f("fk_problem_verifications_problem_id_problems"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("problem_id", name=op.f("pk_problem_verifications")),
    )
    op.create_index(op.f("ix_problem_verifications_state"), "problem_verifications", ["state"], unique=False)
    op.create_table(
        "jury_submissions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("problem_id", sa.Uuid(), nullable=False),
        sa.Column("path", sa.String(length=1024), nullable=False),
        sa.Column("language", sa.String(length=32), nullable=False),
        sa.Column("files", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("expectation", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("submission_id", sa.Uuid(), nullable=True),
        sa.Column("skipped", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
            name=op.f("fk_jury_submissions_problem_id_problems"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_jury_submissions_submission_id_submissions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jury_submissions")),
        sa.UniqueConstraint("problem_id", "path", name=op.f("uq_jury_submissions_problem_id")),
    )
    op.create_index(
        op.f("ix_jury_submissions_submission_id"), "jury_submissions", ["submission_id"], unique=False
    )
    op.add_column(
        "problems",
        sa.Column("statement_format", sa.String(length=16), server_default="markdown", nullable=False),
    )

    # The account that owns jury submissions' runs (domain/packages/entities.py JURY_ACCOUNT_ID).
    op.execute(
        "INSERT INTO accounts (id, name, created_at) "
        "VALUES ('00000000-0000-4000-8000-000000000002', 'jury', now()) ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    op.execute("DELETE FROM accounts WHERE id = '00000000-0000-4000-8000-000000000002'")
    op.drop_column("problems", "statement_format")
    op.drop_index(op.f("ix_jury_submissions_submission_id"), table_name="jury_submissions")
    op.drop_table("jury_submissions")
    op.drop_index(op.f("ix_problem_verifications_state"), table_name="problem_verifications")
    op.drop_table("problem_verifications")
    op.drop_table("problem_files")

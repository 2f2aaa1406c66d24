"""accounts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 00:34:56.363606
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
    )
    op.create_index(op.f("ix_accounts_name"), "accounts", ["name"], unique=False)
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("secret_hash", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_api_keys_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_keys_prefix")),
    )
    op.create_index(op.f("ix_api_keys_account_id"), "api_keys", ["account_id"], unique=False)
    op.add_column("problems", sa.Column("owner_id", sa.Uuid(), nullable=True))
    op.add_column(
        "problems", sa.Column("visibility", sa.String(length=16), nullable=False, server_default="draft")
    )
    op.create_index(op.f("ix_problems_owner_id"), "problems", ["owner_id"], unique=False)
    op.create_foreign_key(
        op.f("fk_problems_owner_id_accounts"),
        "problems",
        "accounts",
        ["owner_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.add_column("submissions", sa.Column("owner_id", sa.Uuid(), nullable=True))
    op.add_column("submissions", sa.Column("key_id", sa.Uuid(), nullable=True))
    op.create_index(op.f("ix_submissions_key_id"), "submissions", ["key_id"], unique=False)
    op.create_index(op.f("ix_submissions_owner_id"), "submissions", ["owner_id"], unique=False)
    op.create_foreign_key(
        op.f("fk_submissions_owner_id_accounts"),
        "submissions",
        "accounts",
        ["owner_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        op.f("fk_submissions_key_id_api_keys"),
        "submissions",
        "api_keys",
        ["key_id"],
        ["id"],
        ondelete="SET NULL",
    )
    # The admin account (ADMIN_API_KEY and bootstrap keys act as it) exists from the start.
    op.execute(
        "INSERT INTO accounts (id, name, created_at) "
        "VALUES ('00000000-0000-4000-8000-000000000001', 'admin', now()) ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("fk_submissions_key_id_api_keys"), "submissions", type_="foreignkey")
    op.drop_constraint(op.f("fk_submissions_owner_id_accounts"), "submissions", type_="foreignkey")
    op.drop_index(op.f("ix_submissions_owner_id"), table_name="submissions")
    op.drop_index(op.f("ix_submissions_key_id"), table_name="submissions")
    op.drop_column("submissions", "key_id")
    op.drop_column("submissions", "owner_id")
    op.drop_constraint(op.f("fk_problems_owner_id_accounts"), "problems", type_="foreignkey")
    op.drop_index(op.f("ix_problems_owner_id"), table_name="problems")
    op.drop_column("problems", "visibility")
    op.drop_column("problems", "owner_id")
    op.drop_index(op.f("ix_api_keys_account_id"), table_name="api_keys")
    op.drop_table("api_keys")
    op.drop_index(op.f("ix_accounts_name"), table_name="accounts")
    op.drop_table("accounts")

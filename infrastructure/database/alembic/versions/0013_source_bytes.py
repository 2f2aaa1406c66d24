"""sources are bytes: a submission's and a jury submission's files as names (text[]) and contents (bytea[])

The upgrade keeps every file: its text becomes its UTF-8 bytes, in the same order. The downgrade gives back
the JSON form `[{"name", "content"}]` and refuses (rolls back, nothing changed) when a stored source cannot be
JSON text: not valid UTF-8, or holding NUL bytes. Such sources can exist only from this revision on; delete
or fix them first rather than lose them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 09:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("submissions", "jury_submissions")  # the f-strings below name only these (S608)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("file_names", postgresql.ARRAY(sa.Text()), nullable=True))
        op.add_column(table, sa.Column("file_contents", postgresql.ARRAY(sa.LargeBinary()), nullable=True))
        op.execute(
            f"""
            UPDATE {table} SET
              file_names = ARRAY(
                SELECT f ->> 'name' FROM jsonb_array_elements(files) WITH ORDINALITY AS t(f, i) ORDER BY i),
              file_contents = ARRAY(
                SELECT convert_to(f ->> 'content', 'UTF8')
                FROM jsonb_array_elements(files) WITH ORDINALITY AS t(f, i) ORDER BY i)
            """  # noqa: S608
        )
        op.alter_column(table, "file_names", nullable=False)
        op.alter_column(table, "file_contents", nullable=False)
        op.drop_column(table, "files")


def downgrade() -> None:
    connection = op.get_bind()
    _define_is_json_text(connection)
    for table in TABLES:
        unrepresentable = connection.execute(
            sa.text(
                f"SELECT count(DISTINCT id) FROM {table}, unnest(file_contents) AS c WHERE NOT pg_temp.is_json_text(c)"  # noqa: S608, E501
            )
        ).scalar_one()
        if unrepresentable:
            raise RuntimeError(
                f"{unrepresentable} row(s) of {table} hold sources that are not UTF-8 text without NUL; "
                "revision 0012 stores sources as JSON text and cannot keep them. Delete or fix them first."
            )
        op.add_column(table, sa.Column("files", postgresql.JSONB(astext_type=sa.Text()), nullable=True))
        op.execute(
            f"""
            UPDATE {table} SET files = COALESCE(
              (SELECT jsonb_agg(jsonb_build_object('name', n, 'content', convert_from(c, 'UTF8')) ORDER BY i)
               FROM unnest(file_names, file_contents) WITH ORDINALITY AS t(n, c, i)),
              '[]'::jsonb)
            """  # noqa: S608
        )
        op.alter_column(table, "files", nullable=False)
        op.drop_column(table, "file_contents")
        op.drop_column(table, "file_names")


def _define_is_json_text(connection: sa.Connection) -> None:
    """A session-local `pg_temp.is_json_text(bytea)`: valid UTF-8 without NUL (convert_from refuses both
    with SQLSTATE 22021). PostgreSQL 16 has no such test built in."""
    connection.execute(
        sa.text(
            """
            CREATE OR REPLACE FUNCTION pg_temp.is_json_text(data bytea) RETURNS boolean
            LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM convert_from(data, 'UTF8');
              RETURN true;
            EXCEPTION WHEN character_not_in_repertoire OR untranslatable_character THEN
              RETURN false;
            END $$
            """
        )
    )

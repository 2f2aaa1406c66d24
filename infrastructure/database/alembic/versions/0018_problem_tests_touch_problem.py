"""problem_tests: any change to a problem's tests touches its problems row (a new row version)

A worker caches a problem and its tests by the problem row's version (`xmin`, returned by the claim).
Every use case that changes tests also updates the problem in the same transaction; these triggers make it
a rule of the database, so a change made by hand (`UPDATE problem_tests ...`) or by a future writer cannot
leave a worker judging with the old tests. A row already written by the current transaction is not updated
again (an archive of 2000 tests touches its problem once).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 18:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FUNCTION = """
CREATE FUNCTION touch_problems_of_changed_tests() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE problems SET updated_at = problems.updated_at
    WHERE problems.id IN (SELECT problem_id FROM changed_tests)
      AND problems.xmin::text::bigint <> txid_current() % 4294967296;
    RETURN NULL;
END
$$
"""

_EVENTS = {
    "insert": "NEW TABLE AS changed_tests",
    "update": "NEW TABLE AS changed_tests",
    "delete": "OLD TABLE AS changed_tests",
}


def upgrade() -> None:
    op.execute(_FUNCTION)
    for event, transition in _EVENTS.items():
        op.execute(
            f"CREATE TRIGGER problem_tests_touch_problem_on_{event} AFTER {event.upper()} ON problem_tests "
            f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION touch_problems_of_changed_tests()"
        )


def downgrade() -> None:
    for event in _EVENTS:
        op.execute(f"DROP TRIGGER problem_tests_touch_problem_on_{event} ON problem_tests")
    op.execute("DROP FUNCTION touch_problems_of_changed_tests()")

"""The version a claim returns for its problem (the problems row's `xmin`, the key of the worker's problem
cache) changes with any change to the problem's tests, made by the API or by hand in SQL (migration 0018's
triggers), and a problem with tests can still be deleted."""

import uuid

import httpx

from tests.integration.submissions.helpers import add_test, create_problem, sql_rows


async def _version(database_url: str, problem_id: uuid.UUID) -> str:
    [row] = await sql_rows(database_url, "SELECT xmin::text AS v FROM problems WHERE id = $1", problem_id)
    return str(row["v"])


async def test_tests_changed_by_hand_give_the_problem_a_new_version(
    client: httpx.AsyncClient, database_url: str
) -> None:
    problem_id = uuid.UUID(await create_problem(client))
    await add_test(client, str(problem_id), "1 2\n", "3\n")
    await add_test(client, str(problem_id), "2 2\n", "4\n")
    seen = {await _version(database_url, problem_id)}
    changes = [
        "UPDATE problem_tests SET name = name || 'x' WHERE problem_id = $1",
        "DELETE FROM problem_tests WHERE problem_id = $1 AND name = (SELECT min(name) FROM problem_tests"
        " WHERE problem_id = $1)",
        "INSERT INTO problem_tests SELECT * FROM problem_tests WHERE problem_id = $1 AND false",  # no row
    ]
    for change in changes[:2]:
        await sql_rows(database_url, change, problem_id)
        version = await _version(database_url, problem_id)
        assert version not in seen, change
        seen.add(version)
    await sql_rows(database_url, changes[2], problem_id)
    assert await _version(database_url, problem_id) in seen  # nothing changed, nothing touched


async def test_a_problem_with_tests_is_deleted_with_them(
    client: httpx.AsyncClient, database_url: str
) -> None:
    problem_id = await create_problem(client)
    await add_test(client, problem_id, "1 2\n", "3\n")
    deleted = await client.delete(f"/api/v1/problems/{problem_id}")
    assert deleted.status_code == 204, deleted.text
    assert (
        await sql_rows(
            database_url, "SELECT 1 FROM problem_tests WHERE problem_id = $1", uuid.UUID(problem_id)
        )
        == []
    )

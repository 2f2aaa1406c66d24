import httpx

from tests.integration.packages.helpers import imported, new_key
from tests.package_builder import minimal, zip_entries

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PACKAGE = zip_entries(
    minimal(
        {
            "problem_statement/figure.png": b"\x89PNG\r\n\x1a\nfake",
            "problem_statement/drawing.svg": SVG,
            "attachments/testing_tool.py": "print('tool')\n",
            "input_validators/check.py": "# JURY-SECRET-9c1\n",
        }
    )
)


async def _problem(client: httpx.AsyncClient, author: dict[str, str], visibility: str) -> str:
    body = await imported(client, PACKAGE, headers=author, visibility=visibility, verify=False)
    return str(body["id"])


async def test_users_see_statement_files_and_attachments_of_a_public_problem_only(
    client: httpx.AsyncClient,
) -> None:
    author, user = await new_key(client, "author"), await new_key(client, "user")
    problem_id = await _problem(client, author, "public")

    listed = await client.get(f"/problems/{problem_id}/files", headers=user)
    assert listed.status_code == 200
    assert [(file["path"], file["kind"]) for file in listed.json()] == [
        ("attachments/testing_tool.py", "attachment"),
        ("statement/drawing.svg", "statement"),
        ("statement/figure.png", "statement"),
    ]
    assert "JURY-SECRET-9c1" not in listed.text
    jury = await client.get(f"/problems/{problem_id}/files/input_validators/check.py", headers=user)
    assert (jury.status_code, jury.json()["code"]) == (404, "problem_file_not_found")
    as_author = await client.get(f"/problems/{problem_id}/files/input_validators/check.py", headers=author)
    assert as_author.status_code == 200
    assert b"JURY-SECRET-9c1" in as_author.content
    managed = await client.get(f"/problems/{problem_id}/files", headers=author)
    assert "input_validators/check.py" in {file["path"] for file in managed.json()}


async def test_files_are_served_safely(client: httpx.AsyncClient) -> None:
    author, user = await new_key(client, "author"), await new_key(client, "user")
    problem_id = await _problem(client, author, "public")

    image = await client.get(f"/problems/{problem_id}/files/statement/figure.png", headers=user)
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"
    assert image.headers["content-disposition"].startswith("inline")
    assert "sandbox" in image.headers["content-security-policy"]
    assert image.headers["x-content-type-options"] == "nosniff"

    svg = await client.get(f"/problems/{problem_id}/files/statement/drawing.svg", headers=user)
    assert svg.status_code == 200
    assert svg.content == SVG
    assert svg.headers["content-type"] == "application/octet-stream"
    assert svg.headers["content-disposition"].startswith("attachment")


async def test_a_draft_problems_files_do_not_exist_for_others(client: httpx.AsyncClient) -> None:
    author, user = await new_key(client, "author"), await new_key(client, "user")
    problem_id = await _problem(client, author, "draft")

    listed = await client.get(f"/problems/{problem_id}/files", headers=user)
    image = await client.get(f"/problems/{problem_id}/files/statement/figure.png", headers=user)

    assert (listed.status_code, listed.json()["code"]) == (404, "problem_not_found")
    assert image.status_code == 404


async def test_only_managers_export_a_problem(client: httpx.AsyncClient) -> None:
    author, user = await new_key(client, "author"), await new_key(client, "user")
    problem_id = await _problem(client, author, "public")

    assert (await client.get(f"/problems/{problem_id}/package", headers=user)).status_code == 403
    assert (await client.get(f"/problems/{problem_id}/package", headers=author)).status_code == 200


async def test_unknown_and_traversing_paths_are_not_found(client: httpx.AsyncClient) -> None:
    author = await new_key(client, "author")
    problem_id = await _problem(client, author, "public")

    for path in ("statement/missing.png", "statement/%2e%2e/%2e%2e/etc/passwd", "%2e%2e/%2e%2e/etc/passwd"):
        response = await client.get(f"/problems/{problem_id}/files/{path}", headers=author)
        assert response.status_code == 404, path

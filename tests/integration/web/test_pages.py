"""The pages against the real database: what each shows, sanitizing, the hidden-test rules, forms."""

import base64
import io
import re
import uuid
import zipfile
from collections.abc import Awaitable, Callable
from uuid import UUID

import httpx
from dishka import AsyncContainer

from tests.bootstrap import ADMIN_HEADERS
from tests.integration.web.helpers import (
    HIDDEN_MESSAGE,
    SAMPLE_MESSAGE,
    Browser,
    api_key,
    api_problem,
    judge,
    unsafe_html,
)

Browsers = Callable[[], Awaitable[Browser]]

HIDDEN_INPUT = "HIDDEN-INPUT-9c1e"
HIDDEN_ANSWER = "HIDDEN-ANSWER-9c1e"
CHECKER_SECRET = "CHECKER-SOURCE-SECRET-9c1e"

HOSTILE_STATEMENT = """# Sum

Read $a$ and $b$, print $a + b$.

<script>window.__xss = 1</script>
<img src="x" onerror="window.__xss = 2">
<a href="javascript:window.__xss = 3">click</a>
[link](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=)
<iframe src="https://evil.example"></iframe>
<svg onload="window.__xss = 4"><circle r="1"/></svg>
<style>body { display: none }</style>
<div style="position:fixed" onclick="x()" id="main" class="notice">styled</div>
<form action="https://evil.example"><input name="api_key"></form>
<math><mi xlink:href="javascript:alert(1)">x</mi></math>
"""


def _inline_scripts(html: str) -> list[str]:
    return [tag for tag in re.findall(r"<script\b[^>]*>", html, re.IGNORECASE) if "src=" not in tag]


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


async def _add_tests(api: httpx.AsyncClient, key: str, problem: str) -> dict[str, str]:
    ids = {}
    for name, body in (
        ("sample", {"input": "1 2\n", "answer": "3\n", "sample": True}),
        ("hidden", {"input": HIDDEN_INPUT, "answer": HIDDEN_ANSWER}),
    ):
        added = await api.post(
            f"/api/v1/problems/{problem}/tests", json=body, headers={"Authorization": f"Bearer {key}"}
        )
        assert added.status_code == 201, added.text
        ids[name] = added.json()["id"]
    return ids


async def test_every_page_has_a_strict_csp_and_no_inline_script(
    browser: Browsers, api: httpx.AsyncClient
) -> None:
    author, _ = await api_key(api, "author")
    problem = await api_problem(api, author, statement="Hello $x$")
    person = await browser()
    await person.sign_in(author)
    submitted = await person.post(
        f"/problems/{problem}/submit",
        {"language": "python3", "source": "print(1)"},
        page=f"/problems/{problem}",
    )
    submission = submitted.headers["location"]
    for path in (
        "/sign-in",
        "/problems",
        "/problems/new",
        f"/problems/{problem}",
        f"/problems/{problem}/edit",
        "/submissions",
        submission,
        "/docs",
        "/redoc",
    ):
        response = await person.get(path)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
        assert script_src.split() == ["script-src", "'self'"], path
        assert "frame-ancestors 'none'" in policy
        style_src = next(part for part in policy.split(";") if part.strip().startswith("style-src")).split()
        nonce = re.search(r'<meta name="style-nonce" content="([^"]+)">', response.text)
        if path in ("/docs", "/redoc"):
            assert style_src == ["style-src", "'self'", "'unsafe-inline'"]
        else:
            assert nonce, path
            assert style_src == ["style-src", "'self'", f"'nonce-{nonce.group(1)}'"], path
            again = await person.get(path)
            assert f"'nonce-{nonce.group(1)}'" not in again.headers["content-security-policy"], path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert _inline_scripts(response.text) == [], path
        assert not re.search(r"\son[a-z]+\s*=", response.text, re.IGNORECASE), path
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', response.text):
            assert (await person.get(asset)).status_code == 200, asset
        assert "https://" not in " ".join(re.findall(r'(?:src|href)="([^"]+)"', response.text)), path


async def test_a_hostile_statement_is_rendered_without_script_styles_or_forms(
    browser: Browsers, api: httpx.AsyncClient
) -> None:
    author, _ = await api_key(api, "author")
    problem = await api_problem(api, author, statement=HOSTILE_STATEMENT)
    person = await browser()
    await person.sign_in(author)
    html = (await person.get(f"/problems/{problem}")).text
    statement = html.split('<div class="statement">', 1)[1].split("</section>", 1)[0]
    assert "<h1>Sum</h1>" in statement
    assert '<span class="math inline">a + b</span>' in statement
    assert "styled" in statement
    assert unsafe_html(statement) == []
    assert "window.__xss" not in statement.replace("javascript:window.__xss", "")
    assert 'rel="noopener noreferrer nofollow"' in statement


async def test_users_see_samples_but_never_hidden_data_checker_source_or_messages(
    browser: Browsers, api: httpx.AsyncClient, container: AsyncContainer
) -> None:
    author, _ = await api_key(api, "author")
    checker = {
        "type": "custom",
        "protocol": "testlib",
        "language": "python3",
        "source": f"# {CHECKER_SECRET}\nimport sys\nsys.exit(0)\n",
    }
    problem = await api_problem(api, author, checker=checker)
    tests = await _add_tests(api, author, problem)
    user_key, _ = await api_key(api, "user")
    user = await browser()
    await user.sign_in(user_key)
    problem_page = (await user.get(f"/problems/{problem}")).text
    assert "1 2\n" in problem_page
    for secret in (HIDDEN_INPUT, HIDDEN_ANSWER, CHECKER_SECRET):
        assert secret not in problem_page
    assert "Edit problem" not in problem_page
    submitted = await user.post(
        f"/problems/{problem}/submit",
        {"language": "python3", "source": "print(3)"},
        page=f"/problems/{problem}",
    )
    submission_path = submitted.headers["location"]
    await judge(container, UUID(submission_path.rsplit("/", 1)[1]), tests)

    events = await user.get(f"{submission_path}/events")
    assert events.headers["content-type"].startswith("text/event-stream"), events.headers
    seen = [
        (await user.get(submission_path)).text,
        (await user.get(f"{submission_path}/live")).text,
        (await user.get("/submissions")).text,
        events.text,
    ]
    assert SAMPLE_MESSAGE in seen[0]
    assert SAMPLE_MESSAGE in seen[1]
    assert "event: verdict" in seen[3]  # the stream replays the judged tests
    assert SAMPLE_MESSAGE in seen[3]
    assert "&lt;b&gt;compiled&lt;/b&gt;" in seen[0]
    assert "Rejudge" not in seen[0]
    for text in seen:
        for secret in (HIDDEN_INPUT, HIDDEN_ANSWER, HIDDEN_MESSAGE, CHECKER_SECRET):
            assert secret not in text

    manager = await browser()
    await manager.sign_in(author)
    managed = (await manager.get(submission_path)).text
    assert HIDDEN_MESSAGE in managed
    assert "Rejudge" in managed
    assert CHECKER_SECRET in (await manager.get(f"/problems/{problem}/edit")).text


async def test_someone_elses_draft_is_not_found_by_url_and_not_listed(
    browser: Browsers, api: httpx.AsyncClient
) -> None:
    author, _ = await api_key(api, "author")
    draft = await api_problem(api, author, visibility="draft", title="Secret draft 5d1f")
    for role in ("user", "author"):
        key, _ = await api_key(api, role)
        person = await browser()
        await person.sign_in(key)
        for path in (f"/problems/{draft}", f"/problems/{draft}/edit"):
            response = await person.get(path)
            assert response.status_code == 404, (role, path)
            assert "Secret draft" not in response.text
        assert "Secret draft 5d1f" not in await person.problem_list()
        submitted = await person.post(
            f"/problems/{draft}/submit", {"language": "python3", "source": "print(1)"}
        )
        assert submitted.status_code == 404
    owner = await browser()
    await owner.sign_in(author)
    assert "Secret draft 5d1f" in (await owner.get(f"/problems/{draft}")).text
    assert "Secret draft 5d1f" in await owner.problem_list()


async def test_an_author_creates_uploads_tests_and_publishes_through_the_forms(
    browser: Browsers, api: httpx.AsyncClient
) -> None:
    author_key, _ = await api_key(api, "author")
    author = await browser()
    await author.sign_in(author_key)
    slug = f"web-{uuid.uuid4().hex[:8]}"
    fields = {
        "title": "Doubling",
        "slug": slug,
        "statement": "Print $2n$.",
        "type": "pass-fail",
        "time_ms": "1500",
        "memory_mb": "128",
        "output_kb": "1024",
        "wall_time_ms": "",
        "groups": "",
        "checker_type": "tokens",
        "absolute_tolerance": "0.001",
    }
    created = await author.post("/problems/new", fields, page="/problems/new")
    assert created.status_code == 303
    edit = created.headers["location"].split("?")[0]
    problem = edit.split("/")[2]
    page = await author.get(created.headers["location"])
    assert "Problem created as a draft" in page.text
    assert 'value="0.001"' in page.text

    archive = _zip({"sample/1.in": "2\n", "sample/1.ans": "4\n", "2.in": "5\n", "2.ans": "10\n"})
    uploaded = await author.post(
        f"/problems/{problem}/tests", files={"archive": ("tests.zip", archive, "application/zip")}, page=edit
    )
    assert uploaded.status_code == 303
    page = await author.get(edit)
    assert "Tests (2)" in page.text
    bad = await author.post(
        f"/problems/{problem}/tests", files={"archive": ("x.zip", b"not a zip", "application/zip")}, page=edit
    )
    assert bad.status_code == 422
    assert "Tests (2)" in bad.text

    saved = await author.post(edit, {**fields, "title": "Doubling 2", "time_ms": "2000"}, page=edit)
    assert saved.status_code == 303
    shown = await api.get(f"/api/v1/problems/{problem}", headers={"Authorization": f"Bearer {author_key}"})
    assert shown.json()["title"] == "Doubling 2"
    assert shown.json()["limits"]["timeMs"] == 2000
    assert shown.json()["visibility"] == "draft"

    user_key, _ = await api_key(api, "user")
    user = await browser()
    await user.sign_in(user_key)
    assert (await user.get(f"/problems/{problem}")).status_code == 404
    published = await author.post(f"/problems/{problem}/visibility", {"visibility": "public"}, page=edit)
    assert published.status_code == 303
    assert "Doubling 2" in await user.problem_list()
    seen = await user.get(f"/problems/{problem}")
    assert seen.status_code == 200
    assert "4\n</pre>" in seen.text
    assert "10\n" not in seen.text


async def test_a_bad_form_is_shown_again_with_the_message_and_what_was_typed(
    browser: Browsers, api: httpx.AsyncClient
) -> None:
    key, _ = await api_key(api, "author")
    person = await browser()
    await person.sign_in(key)
    response = await person.post(
        "/problems/new",
        {"title": "Kept <title>", "slug": "Bad Slug", "time_ms": "abc", "memory_mb": "64"},
        page="/problems/new",
    )
    assert response.status_code == 422
    assert "The time limit must be a whole number." in response.text
    assert 'value="Kept &lt;title&gt;"' in response.text
    response = await person.post(
        "/problems/new",
        {"title": "t", "slug": "Bad Slug", "time_ms": "1000", "memory_mb": "64"},
        page="/problems/new",
    )
    assert response.status_code == 422
    assert "slug must match" in response.text, re.findall(r'class="error"[^<]*', response.text)


async def test_users_may_not_open_the_problem_form(browser: Browsers, api: httpx.AsyncClient) -> None:
    key, _ = await api_key(api, "user")
    person = await browser()
    await person.sign_in(key)
    assert (await person.get("/problems/new")).status_code == 403
    assert "New problem" not in (await person.get("/problems")).text


async def test_a_multi_file_submission_is_uploaded_and_its_sources_highlighted(
    browser: Browsers, api: httpx.AsyncClient
) -> None:
    key, _ = await api_key(api, "user")
    author, _ = await api_key(api, "author")
    problem = await api_problem(api, author)
    person = await browser()
    await person.sign_in(key)
    files = [
        ("files", ("main.py", b"from adder import add\nprint(add(1, 2))  # <b>\n", "text/x-python")),
        ("files", ("adder.py", b"def add(a, b):\n    return a + b\n", "text/x-python")),
    ]
    response = await person.post(
        f"/problems/{problem}/submit",
        {"language": "python3", "source": ""},
        files=files,
        page=f"/problems/{problem}",
    )
    assert response.status_code == 303
    page = (await person.get(response.headers["location"])).text
    assert "main.py" in page
    assert "adder.py" in page
    assert 'class="highlight"' in page
    assert "&lt;b&gt;" in page
    assert "<b>" not in page.split('id="source-heading"', 1)[1]
    stored = await api.get(
        f"/api/v1/submissions/{response.headers['location'].rsplit('/', 1)[1]}",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert [file["name"] for file in stored.json()["files"]] == ["main.py", "adder.py"]


async def test_an_uploaded_source_in_any_encoding_is_kept_as_its_bytes_and_shown_with_a_note(
    browser: Browsers, api: httpx.AsyncClient
) -> None:
    key, _ = await api_key(api, "user")
    author, _ = await api_key(api, "author")
    problem = await api_problem(api, author)
    person = await browser()
    await person.sign_in(key)
    cp1251 = "# комментарий\nprint(1)\n\0".encode("cp1251")
    response = await person.post(
        f"/problems/{problem}/submit",
        {"language": "python3"},
        files=[("files", ("main.py", cp1251, "application/octet-stream"))],
        page=f"/problems/{problem}",
    )
    assert response.status_code == 303
    page = (await person.get(response.headers["location"])).text
    source = page.split('id="source-heading"', 1)[1]
    assert "Not UTF-8 text" in source
    assert "\N{REPLACEMENT CHARACTER}" in source  # the CP1251 bytes
    assert "\N{SYMBOL FOR NULL}" in source
    assert "\0" not in source
    stored = await api.get(
        f"/api/v1/submissions/{response.headers['location'].rsplit('/', 1)[1]}",
        headers={"Authorization": f"Bearer {key}"},
    )
    [file] = stored.json()["files"]
    assert (file["content"], base64.b64decode(file["contentBase64"])) == (None, cp1251)


async def test_the_live_state_is_json_and_needs_a_session(browser: Browsers, api: httpx.AsyncClient) -> None:
    key, _ = await api_key(api, "user")
    author, _ = await api_key(api, "author")
    problem = await api_problem(api, author)
    person = await browser()
    await person.sign_in(key)
    submitted = await person.post(
        f"/problems/{problem}/submit",
        {"language": "python3", "source": "print(1)"},
        page=f"/problems/{problem}",
    )
    live = await person.get(f"{submitted.headers['location']}/live")
    assert live.status_code == 200
    assert live.json()["status"] == "queued"
    assert live.json()["tests"] == []
    stranger = await browser()
    refused = await stranger.get(f"{submitted.headers['location']}/live")
    assert refused.status_code == 401
    assert refused.json()["code"] == "not_authenticated"
    refused_stream = await stranger.get(f"{submitted.headers['location']}/events")
    assert refused_stream.status_code == 401
    other = await browser()
    await other.sign_in((await api_key(api, "user"))[0])
    assert (await other.get(f"{submitted.headers['location']}/events")).status_code == 404
    assert (await api.get("/api/v1/me", headers=ADMIN_HEADERS)).status_code == 200


async def test_unknown_pages_are_html_and_unknown_api_paths_stay_json(browser: Browsers) -> None:
    person = await browser()
    page = await person.get("/no-such-page")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in page.text
    assert "content-security-policy" in page.headers
    wrong_method = await person.client.delete("/problems")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["content-type"].startswith("text/html")
    api = await person.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.json()["code"] == "not_found"
    asset = await person.get("/static/no-such-file.js")
    assert asset.status_code == 404
    assert not asset.headers["content-type"].startswith("text/html")

"""Signing in and out of the web page, session cookies, revocation and CSRF, against the real database."""

from collections.abc import Awaitable, Callable
from datetime import timedelta

import asyncpg
import httpx
from dishka import AsyncContainer

from infrastructure.config import Settings
from infrastructure.database.postgres import plain_url
from infrastructure.http.app import create_app
from infrastructure.providers.container import make_container
from tests.bootstrap import ADMIN_HEADERS, ADMIN_KEY
from tests.fakes import FakeClock
from tests.integration.web.helpers import Browser, api_key, api_problem, csrf_of

Browsers = Callable[[], Awaitable[Browser]]


def _cookie_header(response: httpx.Response, name: str) -> str:
    found = [value for value in response.headers.get_list("set-cookie") if value.startswith(f"{name}=")]
    assert found, f"no {name} cookie in {response.headers.get_list('set-cookie')}"
    return found[0]


async def test_signing_in_sets_an_httponly_strict_session_cookie_and_stores_only_its_hash(
    browser: Browsers, api: httpx.AsyncClient, settings: Settings
) -> None:
    key, _ = await api_key(api, "user")
    person = await browser()
    response = await person.sign_in(key)
    assert response.headers["location"] == "/problems"
    cookie = _cookie_header(response, "judge_session")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/"} <= attributes
    assert "secure" not in attributes
    token = cookie.split(";")[0].split("=", 1)[1]
    assert len(token) >= 43
    page = await person.get("/problems")
    assert page.status_code == 200
    assert "Sign out" in page.text
    connection = await asyncpg.connect(plain_url(str(settings.database_url)))
    try:
        stored = [
            row["token_hash"] for row in await connection.fetch("SELECT token_hash FROM login_sessions")
        ]
    finally:
        await connection.close()
    assert stored
    assert token not in stored
    assert all(token not in value for value in stored)


async def test_a_wrong_key_is_refused_with_a_message_and_no_session(browser: Browsers) -> None:
    person = await browser()
    response = await person.post("/sign-in", {"api_key": "jdg_000000000000_" + "x" * 43})
    assert response.status_code == 401
    assert "not valid" in response.text
    assert not [c for c in response.headers.get_list("set-cookie") if c.startswith("judge_session=")]
    assert (await person.get("/problems")).status_code == 303


async def test_pages_need_a_session_and_come_back_after_signing_in(browser: Browsers) -> None:
    person = await browser()
    response = await person.get("/submissions?status=queued")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/submissions%3Fstatus%3Dqueued"
    sign_in = await person.post("/sign-in", {"api_key": ADMIN_KEY, "next": "/submissions?status=queued"})
    assert sign_in.headers["location"] == "/submissions?status=queued"


async def test_after_sign_in_only_local_paths_are_followed(browser: Browsers) -> None:
    person = await browser()
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = await person.post("/sign-in", {"api_key": ADMIN_KEY, "next": target})
        assert response.headers["location"] == "/problems", target


async def test_the_bearer_key_does_not_open_pages_and_the_cookie_does_not_open_the_api(
    browser: Browsers,
) -> None:
    person = await browser()
    assert (await person.get("/problems", headers=ADMIN_HEADERS)).status_code == 303
    await person.sign_in(ADMIN_KEY)
    assert (await person.get("/api/v1/me")).status_code == 401


async def test_signing_out_ends_the_session_even_for_a_copied_cookie(browser: Browsers) -> None:
    person = await browser()
    await person.sign_in(ADMIN_KEY)
    stolen = dict(person.client.cookies)
    out = await person.post("/sign-out")
    assert out.status_code == 303
    assert out.headers["location"] == "/sign-in"
    assert (await person.get("/problems")).status_code == 303
    thief = await browser()
    thief.client.cookies.update(stolen)
    assert (await thief.get("/problems")).status_code == 303


async def test_revoking_the_key_ends_its_sessions_at_once(browser: Browsers, api: httpx.AsyncClient) -> None:
    key, key_id = await api_key(api, "author")
    person = await browser()
    await person.sign_in(key)
    assert (await person.get("/problems")).status_code == 200
    revoked = await api.delete(f"/api/v1/keys/{key_id}", headers=ADMIN_HEADERS)
    assert revoked.status_code == 204
    response = await person.get("/problems")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in")


async def test_a_session_ends_when_it_expires(browser: Browsers, clock: FakeClock) -> None:
    person = await browser()
    await person.sign_in(ADMIN_KEY)
    clock.moment += timedelta(hours=11, minutes=59)
    assert (await person.get("/problems")).status_code == 200
    clock.moment += timedelta(minutes=2)
    assert (await person.get("/problems")).status_code == 303


async def test_secure_setting_marks_cookies_secure_with_the_host_prefix(settings: Settings) -> None:
    container: AsyncContainer = make_container(settings.model_copy(update={"web_cookie_secure": True}))
    app = create_app(container)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="https://test"
        ) as client:
            page = await client.get("/sign-in")
            csrf = _cookie_header(page, "__Host-judge_csrf")
            assert "secure" in csrf.lower()
            response = await client.post(
                "/sign-in", data={"csrf_token": csrf_of(page.text), "api_key": ADMIN_KEY, "next": "/problems"}
            )
            assert response.status_code == 303
            session = _cookie_header(response, "__Host-judge_session").lower()
            assert "secure" in session
            assert "httponly" in session
            assert "samesite=strict" in session
    finally:
        await container.close()


async def test_forms_without_or_with_a_wrong_csrf_token_are_refused(
    browser: Browsers, api: httpx.AsyncClient
) -> None:
    author, _ = await api_key(api, "author")
    problem = await api_problem(api, author)
    person = await browser()
    await person.sign_in(author)
    good = await person.token(f"/problems/{problem}")
    other = await browser()
    foreign = await other.token("/sign-in")  # a valid token, of another browser
    attempts = [
        {},
        {"csrf_token": ""},
        {"csrf_token": "x" * 43},
        {"csrf_token": foreign},
        {"csrf_token": good[:-1] + ("A" if good[-1] != "A" else "B")},
    ]
    for extra in attempts:
        response = await person.client.post(
            f"/problems/{problem}/submit", data={"language": "python3", "source": "print(1)", **extra}
        )
        assert response.status_code == 403, extra
        assert "reload the page" in response.text
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}):
        response = await person.client.post(
            f"/problems/{problem}/submit",
            data={"language": "python3", "source": "print(1)", "csrf_token": good},
            headers=headers,
        )
        assert response.status_code == 403, headers
    listed = await api.get(
        f"/api/v1/submissions?problemId={problem}", headers={"Authorization": f"Bearer {author}"}
    )
    assert listed.json()["items"] == []
    accepted = await person.client.post(
        f"/problems/{problem}/submit", data={"language": "python3", "source": "print(1)", "csrf_token": good}
    )
    assert accepted.status_code == 303
    assert accepted.headers["location"].startswith("/submissions/")


async def test_a_token_from_before_signing_in_is_no_longer_valid_after(browser: Browsers) -> None:
    person = await browser()
    before = await person.token("/sign-in")
    await person.sign_in(ADMIN_KEY)
    response = await person.client.post("/sign-out", data={"csrf_token": before})
    assert response.status_code == 403
    assert (await person.get("/problems")).status_code == 200

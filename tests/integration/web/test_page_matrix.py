"""The authorization matrix of the web page, generated from the app's route table like the API's
(tests/integration/access/test_authorization_matrix.py): every page route x every kind of person x every
kind of resource → the expected outcome, from rules written here independently of the implementation. A
page route without a rule fails the test.

Every page any `user` sees is scanned for hidden test data, hidden tests' checker messages and checker
source."""

import io
import uuid
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import httpx
import pytest
from dishka import AsyncContainer
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from tests.bootstrap import ADMIN_HEADERS, ADMIN_KEY
from tests.integration.web.helpers import HIDDEN_MESSAGE, Browser, api_key, judge

HIDDEN_INPUT = "HIDDEN-INPUT-4b7d"
HIDDEN_ANSWER = "HIDDEN-ANSWER-4b7d"
CHECKER_SECRET = "CHECKER-SOURCE-SECRET-4b7d"
ACTORS = ["anonymous", "user", "other_user", "author", "other_author", "admin"]
SIGN_IN = "sign-in"  # expected: 303 to the sign-in page


@dataclass
class World:
    api: httpx.AsyncClient
    container: AsyncContainer
    browsers: dict[str, Browser] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)

    def bearer(self, actor: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[actor]}"}

    async def problem(self, owner: str, visibility: str) -> dict[str, str]:
        slug = f"pm-{uuid.uuid4().hex[:12]}"
        checker = {
            "type": "custom",
            "protocol": "testlib",
            "language": "python3",
            "source": f"# {CHECKER_SECRET}\nimport sys\nsys.exit(0)\n",
        }
        body = {
            "slug": slug,
            "title": "matrix",
            "type": "pass-fail",
            "limits": {"timeMs": 1000, "memoryMb": 64},
            "checker": checker,
            "visibility": visibility,
        }
        created = await self.api.post("/api/v1/problems", json=body, headers=self.bearer(owner))
        assert created.status_code == 201, created.text
        ids = {"problem": created.json()["id"], "slug": slug}
        for name, test in (
            ("sample", {"input": "1\n", "answer": "1\n", "sample": True}),
            ("hidden", {"input": HIDDEN_INPUT, "answer": HIDDEN_ANSWER}),
        ):
            added = await self.api.post(
                f"/api/v1/problems/{ids['problem']}/tests", json=test, headers=self.bearer(owner)
            )
            assert added.status_code == 201, added.text
            ids[name] = added.json()["id"]
        return ids

    async def submission(self) -> dict[str, str]:
        """A `user`'s submission to `author`'s public problem, judged, with checker messages."""
        ids = await self.problem("author", "public")
        created = await self.api.post(
            "/api/v1/submissions",
            json={"problemId": ids["problem"], "language": "python3", "source": "print(1)"},
            headers=self.bearer("user"),
        )
        assert created.status_code == 201, created.text
        ids["submission"] = created.json()["id"]
        await judge(
            self.container, UUID(ids["submission"]), {"sample": ids["sample"], "hidden": ids["hidden"]}
        )
        return ids


@dataclass(frozen=True)
class Case:
    resource: str
    make: Callable[[World], Awaitable[dict[str, str]]]
    expect: Callable[[str], int | str]  # actor → status, or SIGN_IN
    fresh: bool = False  # the request changes the resource: a new one for each actor


def _problem_cases(ok: int, *, manage: bool, fresh: bool = False) -> list[Case]:
    cases = []
    for owner in ("author", "other_author"):
        for visibility in ("draft", "public"):

            def expect(actor: str, owner: str = owner, visibility: str = visibility) -> int | str:
                if actor == "anonymous":
                    return SIGN_IN
                managed = actor in ("admin", owner)
                if not managed and visibility == "draft":
                    return 404
                if manage and not managed:
                    return 403
                return ok

            async def make(world: World, owner: str = owner, visibility: str = visibility) -> dict[str, str]:
                return await world.problem(owner, visibility)

            cases.append(Case(f"{owner}:{visibility}", make, expect, fresh))
    return cases


def _submission_cases(ok: int, *, manage: bool, anonymous: int | str = SIGN_IN) -> list[Case]:
    def expect(actor: str) -> int | str:
        if actor == "anonymous":
            return anonymous
        if actor not in ("user", "author", "admin"):
            return 404
        if manage and actor == "user":
            return 403
        return ok

    async def make(world: World) -> dict[str, str]:
        return await world.submission()

    return [Case("user-submission-to-author:public", make, expect, fresh=manage)]


async def _nothing(world: World) -> dict[str, str]:
    return {}


def _everyone(ok: int) -> list[Case]:
    return [Case("-", _nothing, lambda actor: ok)]


def _signed_in(ok: int) -> list[Case]:
    return [Case("-", _nothing, lambda actor: SIGN_IN if actor == "anonymous" else ok)]


def _authors(ok: int) -> list[Case]:
    def expect(actor: str) -> int | str:
        if actor == "anonymous":
            return SIGN_IN
        return ok if actor in ("author", "other_author", "admin") else 403

    return [Case("-", _nothing, expect)]


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("7.in", "7\n")
        archive.writestr("7.ans", "7\n")
    return buffer.getvalue()


def _problem_form(ids: dict[str, str]) -> dict[str, Any]:
    slug = ids.get("slug") or f"pn-{uuid.uuid4().hex[:12]}"
    return {
        "data": {"title": "t", "slug": slug, "time_ms": "1000", "memory_mb": "64", "checker_type": "tokens"}
    }


Request = Callable[[dict[str, str]], dict[str, Any]]
NONE: Request = lambda ids: {}  # noqa: E731

# (method, path) → (cases, the request's form or files)
RULES: dict[tuple[str, str], tuple[list[Case], Request]] = {
    ("GET", "/"): (_everyone(303), NONE),
    ("GET", "/sign-in"): (_everyone(200), NONE),
    ("POST", "/sign-in"): (_everyone(303), NONE),  # with the actor's own key (anonymous: a wrong one, 401)
    ("POST", "/sign-out"): (_everyone(303), NONE),
    ("GET", "/docs"): (_everyone(200), NONE),
    ("GET", "/redoc"): (_everyone(200), NONE),
    ("GET", "/problems"): (_signed_in(200), NONE),
    ("GET", "/problems/new"): (_authors(200), NONE),
    ("POST", "/problems/new"): (_authors(303), _problem_form),
    ("GET", "/problems/{problem_id}"): (_problem_cases(200, manage=False), NONE),
    ("POST", "/problems/{problem_id}/submit"): (
        _problem_cases(303, manage=False),
        lambda ids: {"data": {"language": "python3", "source": "print(1)"}},
    ),
    ("GET", "/problems/{problem_id}/edit"): (_problem_cases(200, manage=True), NONE),
    ("POST", "/problems/{problem_id}/edit"): (_problem_cases(303, manage=True, fresh=True), _problem_form),
    ("POST", "/problems/{problem_id}/tests"): (
        _problem_cases(303, manage=True, fresh=True),
        lambda ids: {"files": {"archive": ("tests.zip", _zip(), "application/zip")}},
    ),
    ("POST", "/problems/{problem_id}/visibility"): (
        _problem_cases(303, manage=True, fresh=True),
        lambda ids: {"data": {"visibility": "public"}},
    ),
    ("POST", "/problems/{problem_id}/rejudge"): (_problem_cases(303, manage=True, fresh=True), NONE),
    ("GET", "/submissions"): (_signed_in(200), NONE),
    ("GET", "/submissions/{submission_id}"): (_submission_cases(200, manage=False), NONE),
    ("GET", "/submissions/{submission_id}/live"): (_submission_cases(200, manage=False, anonymous=401), NONE),
    ("GET", "/submissions/{submission_id}/events"): (
        _submission_cases(200, manage=False, anonymous=401),
        NONE,
    ),
    ("POST", "/submissions/{submission_id}/rejudge"): (_submission_cases(303, manage=True), NONE),
}


def _walk(routes: Sequence[BaseRoute], prefix: str = "") -> Iterator[tuple[str, str]]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield from ((method, prefix + route.path) for method in route.methods or ())
        included = getattr(route, "original_router", None)  # FastAPI keeps included routers as branches
        if included is not None:
            yield from _walk(included.routes, prefix + route.include_context.prefix)  # type: ignore[attr-defined]


def page_routes(app: FastAPI) -> list[tuple[str, str]]:
    """Every route the app serves outside the API, from its route table. The Judge0 API (`/judge0`) is an API
    too: keys in headers only, never a session cookie (`test_the_judge0_api_ignores_page_sessions`)."""
    return sorted(route for route in _walk(app.routes) if not route[1].startswith(("/api/", "/judge0/")))


@pytest.fixture
async def world(app: FastAPI, api: httpx.AsyncClient, container: AsyncContainer) -> AsyncIterator[World]:
    world = World(api=api, container=container)
    world.keys["admin"] = ADMIN_KEY
    for actor, role in (
        ("user", "user"),
        ("other_user", "user"),
        ("author", "author"),
        ("other_author", "author"),
    ):
        world.keys[actor], _ = await api_key(api, role)
    for actor in ACTORS:
        world.browsers[actor] = Browser(app)
        if actor != "anonymous":
            await world.browsers[actor].sign_in(world.keys[actor])
    yield world
    for browser in world.browsers.values():
        await browser.close()


async def test_every_page_route_has_a_rule(app: FastAPI) -> None:
    routes = page_routes(app)
    missing = [route for route in routes if route not in RULES]
    stale = [route for route in RULES if route not in routes]
    assert missing == [], f"page routes without an authorization rule: {missing}"
    assert stale == [], f"rules for page routes that no longer exist: {stale}"


async def _call(world: World, actor: str, method: str, path: str, request: dict[str, Any]) -> httpx.Response:
    browser = world.browsers[actor]
    if method == "GET":
        return await browser.get(path)
    if path == "/sign-in":
        key = world.keys.get(actor, "jdg_000000000000_" + "x" * 43)
        return await browser.post(path, {"api_key": key, "next": "/problems"})
    response = await browser.post(path, **request)
    if path == "/sign-out" and actor != "anonymous":
        await browser.sign_in(world.keys[actor])
    return response


def _outcome(response: httpx.Response) -> int | str:
    location = response.headers.get("location", "")
    if response.status_code == 303 and location.startswith("/sign-in") and "next=" in location:
        return SIGN_IN
    return response.status_code


async def test_page_authorization_matrix(world: World) -> None:
    failures = []
    seen_by_users: list[str] = []
    checked = 0
    for (method, path), (cases, request) in RULES.items():
        for case in cases:
            shared = None if case.fresh else await case.make(world)
            for actor in ACTORS:
                ids = shared if shared is not None else await case.make(world)
                url = path.format(problem_id=ids.get("problem", ""), submission_id=ids.get("submission", ""))
                response = await _call(world, actor, method, url, request(ids))
                checked += 1
                expected = case.expect(actor)
                if path == "/sign-in" and method == "POST" and actor == "anonymous":
                    expected = 401
                if _outcome(response) != expected:
                    failures.append(
                        f"{method} {path} [{case.resource}] as {actor}: expected {expected}, "
                        f"got {_outcome(response)} {response.text[:160]!r}"
                    )
                if actor in ("user", "other_user"):
                    seen_by_users.append(response.text)
    assert failures == [], "\n".join(failures)
    assert checked > 240
    secrets = (HIDDEN_INPUT, HIDDEN_ANSWER, CHECKER_SECRET, HIDDEN_MESSAGE)
    leaked = [text[:300] for text in seen_by_users if any(secret in text for secret in secrets)]
    assert leaked == [], f"hidden data, checker source or hidden checker messages shown to a user: {leaked}"


async def test_the_judge0_api_ignores_page_sessions(world: World) -> None:
    browser = world.browsers["admin"]  # signed in: it holds a session cookie
    token = "00000000-0000-0000-0000-000000000000"
    assert (await browser.get(f"/judge0/submissions/{token}")).status_code == 401
    assert (await browser.get(f"/judge0/submissions/batch?tokens={token}")).status_code == 401
    assert (await browser.client.delete(f"/judge0/submissions/{token}")).status_code == 401
    assert (await browser.post("/judge0/submissions", {"language_id": "71"})).status_code == 401
    assert (await browser.get("/judge0/workers")).status_code == 401
    assert (await browser.get("/judge0/about")).status_code == 200  # public in Judge0 too


async def test_the_bearer_api_is_untouched_by_page_sessions(world: World) -> None:
    assert (await world.api.get("/api/v1/me", headers=ADMIN_HEADERS)).status_code == 200
    assert (await world.browsers["admin"].get("/api/v1/me")).status_code == 401

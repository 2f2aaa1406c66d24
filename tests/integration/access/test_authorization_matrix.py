"""The authorization matrix, generated from the application's route table.

Every route under /api/v1 x every caller (anonymous, user, other user, author, other author, admin) x every
kind of resource the route acts on (own / others', draft / public, sample / hidden test…) → the expected
status, from the rules written below independently of the implementation. A route without a rule fails the
test, so a new endpoint cannot ship without deciding who may call it.

It also scans every response any `user` key receives for hidden test data and checker source.
"""

import io
import uuid
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from dishka import AsyncContainer
from fastapi import FastAPI

from infrastructure.http.app import create_app
from tests.bootstrap import ADMIN_HEADERS
from tests.package_builder import zip_entries

HIDDEN_INPUT = "HIDDEN-INPUT-7f3a"
HIDDEN_ANSWER = "HIDDEN-ANSWER-7f3a"
CHECKER_SECRET = "CHECKER-SOURCE-SECRET-7f3a"
CHECKER = {
    "type": "custom",
    "protocol": "testlib",
    "language": "python3",
    "source": f"# {CHECKER_SECRET}\nimport sys\nsys.exit(0)\n",
}

ACTORS = ["anonymous", "user", "other_user", "author", "other_author", "admin"]


@dataclass
class World:
    """Keys of every actor and a factory of fresh resources, made through the API as their owners."""

    client: httpx.AsyncClient
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    key_ids: dict[str, str] = field(default_factory=dict)

    async def call(self, actor: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.request(
            method, f"/api/v1{path}", headers=self.headers.get(actor, {}), **kwargs
        )

    async def key(self, role: str, account_name: str) -> tuple[str, str]:
        created = await self.call(
            "admin", "POST", "/keys", json={"name": account_name, "role": role, "accountName": account_name}
        )
        assert created.status_code == 201, created.text
        return created.json()["key"], created.json()["id"]

    async def problem(self, owner: str, visibility: str) -> dict[str, str]:
        """A problem of `owner` with one sample and one hidden test."""
        created = await self.call(
            owner,
            "POST",
            "/problems",
            json={
                "slug": f"m-{uuid.uuid4().hex[:12]}",
                "title": "matrix",
                "type": "pass-fail",
                "limits": {"timeMs": 1000, "memoryMb": 64},
                "checker": CHECKER,
                "visibility": visibility,
            },
        )
        assert created.status_code == 201, created.text
        problem_id = created.json()["id"]
        ids = {"problem": problem_id}
        for name, body in (
            ("sample", {"input": "1\n", "answer": "1\n", "sample": True}),
            ("hidden", {"input": HIDDEN_INPUT, "answer": HIDDEN_ANSWER}),
        ):
            added = await self.call(owner, "POST", f"/problems/{problem_id}/tests", json=body)
            assert added.status_code == 201, added.text
            ids[name] = added.json()["id"]
        return ids

    async def package_problem(self, owner: str, visibility: str) -> dict[str, str]:
        """A problem of `owner` imported from a package with a statement image and a jury file."""
        created = await self.call(
            owner,
            "POST",
            "/problems/import",
            params={"slug": f"k-{uuid.uuid4().hex[:12]}", "visibility": visibility, "verify": "false"},
            files={"package": ("p.zip", _package(), "application/zip")},
        )
        assert created.status_code == 201, created.text
        return {"problem": created.json()["id"]}

    async def submission(self, submitter: str, problem_owner: str) -> dict[str, str]:
        problem = await self.problem(problem_owner, "public")
        created = await self.call(
            submitter,
            "POST",
            "/submissions",
            json={"problemId": problem["problem"], "language": "python3", "source": "print(1)"},
        )
        assert created.status_code == 201, created.text
        return {**problem, "submission": created.json()["id"]}


@dataclass(frozen=True)
class Case:
    resource: str  # a name for the kind of resource, shown in failures
    make: Callable[[World], Awaitable[dict[str, str]]]  # builds a fresh one: ids for the path
    expect: Callable[[str], int]  # actor -> status


def owner_of(resource: str) -> str:
    return resource.split(":")[0]


def _problem_cases(ok: int, *, manage: bool, samples: str | None = None) -> list[Case]:
    """Problems of `author`/`other_author`, draft/public. `manage`: the route needs the problem's author
    (or an admin); otherwise seeing the problem is enough. `samples`: which test the route names."""
    cases = []
    for owner in ("author", "other_author"):
        for visibility in ("draft", "public"):
            name = f"{owner}:{visibility}" + (f":{samples}" if samples else "")

            def expect(actor: str, owner: str = owner, visibility: str = visibility) -> int:
                if actor == "anonymous":
                    return 401
                managed = actor in ("admin", owner)
                if not managed and visibility == "draft":
                    return 404
                if manage and not managed:
                    return 403
                if samples == "hidden" and not managed:
                    return 404
                return ok

            async def make(world: World, owner: str = owner, visibility: str = visibility) -> dict[str, str]:
                return await world.problem(owner, visibility)

            cases.append(Case(name, make, expect))
    return cases


def _submission_cases(ok: int, *, manage: bool) -> list[Case]:
    """A `user`'s submission to `author`'s public problem."""

    def expect(actor: str) -> int:
        if actor == "anonymous":
            return 401
        sees = actor in ("user", "author", "admin")
        if not sees:
            return 404
        if manage and actor not in ("author", "admin"):
            return 403
        return ok

    async def make(world: World) -> dict[str, str]:
        return await world.submission("user", "author")

    return [Case("user-submission-to-author:public", make, expect)]


def _everyone(ok: int) -> list[Case]:
    async def make(world: World) -> dict[str, str]:
        return {}

    return [Case("-", make, lambda actor: ok)]


def _signed_in(ok: int) -> list[Case]:
    async def make(world: World) -> dict[str, str]:
        return {}

    return [Case("-", make, lambda actor: 401 if actor == "anonymous" else ok)]


def _only(ok: int, *allowed: str) -> list[Case]:
    async def make(world: World) -> dict[str, str]:
        return {}

    def expect(actor: str) -> int:
        if actor == "anonymous":
            return 401
        return ok if actor in allowed else 403

    return [Case("-", make, expect)]


def _key_cases() -> list[Case]:
    cases = []
    for holder in ("user", "author"):

        def expect(actor: str, holder: str = holder) -> int:
            if actor == "anonymous":
                return 401
            return 204 if actor in ("admin", holder) else 404

        async def make(world: World, holder: str = holder) -> dict[str, str]:
            account = (await world.call(holder, "GET", "/me")).json()["accountId"]
            created = await world.call(
                "admin", "POST", "/keys", json={"name": "spare", "role": "user", "accountId": account}
            )
            return {"key": created.json()["id"]}

        cases.append(Case(f"{holder}:key", make, expect))
    return cases


WEBHOOK = {"url": "https://93.184.215.14/hook", "eventTypes": ["submission.judged"]}


def _webhook_cases(ok: int) -> list[Case]:
    """A webhook of `user` or `author`: their own account's (and admins') to see and manage; to anyone
    else it does not exist."""
    cases = []
    for holder in ("user", "author"):

        def expect(actor: str, holder: str = holder) -> int:
            if actor == "anonymous":
                return 401
            return ok if actor in ("admin", holder) else 404

        async def make(world: World, holder: str = holder) -> dict[str, str]:
            created = await world.call(holder, "POST", "/webhooks", json=WEBHOOK)
            assert created.status_code == 201, created.text
            return {"webhook": created.json()["id"], "delivery": str(uuid.uuid4())}

        cases.append(Case(f"{holder}:webhook", make, expect))
    return cases


FILE_PATHS = {"statement": "statement/figure.png", "jury": "input_validators/check.py"}


def _package() -> bytes:
    return zip_entries(
        {
            "problem.yaml": "name: matrix\n",
            "problem_statement/problem.en.tex": "A statement.\n",
            "problem_statement/figure.png": b"\x89PNG\r\n",
            "input_validators/check.py": f"# {CHECKER_SECRET}\n",
            "data/sample/1.in": "1\n",
            "data/sample/1.ans": "1\n",
            "data/secret/1.in": HIDDEN_INPUT,
            "data/secret/1.ans": HIDDEN_ANSWER,
        }
    )


def _file_cases() -> list[Case]:
    """A statement file (public with the problem) and a jury file (its managers only) of imported problems."""
    cases = []
    for owner in ("author", "other_author"):
        for visibility in ("draft", "public"):
            for kind, path in FILE_PATHS.items():

                def expect(
                    actor: str, owner: str = owner, visibility: str = visibility, kind: str = kind
                ) -> int:
                    if actor == "anonymous":
                        return 401
                    managed = actor in ("admin", owner)
                    if not managed and (visibility == "draft" or kind == "jury"):
                        return 404
                    return 200

                async def make(
                    world: World, owner: str = owner, visibility: str = visibility, path: str = path
                ) -> dict[str, str]:
                    return {**(await world.package_problem(owner, visibility)), "path": path}

                cases.append(Case(f"{owner}:{visibility}:{kind}-file", make, expect))
    return cases


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("7.in", "7\n")
        archive.writestr("7.ans", "7\n")
    return buffer.getvalue()


def _submit_body(ids: dict[str, str]) -> dict[str, Any]:
    return {"json": {"problemId": ids["problem"], "language": "python3", "source": "print(1)"}}


_RUN = {"language": "python3", "source": "print(1)"}


def _run_cases(ok: int, *, hidden: int | None = None) -> list[Case]:
    """A `user`'s run: its creator and admins read it; to anyone else it does not exist (`hidden`; the
    batch read answers 200 with null in its place)."""

    def expect(actor: str) -> int:
        if actor == "anonymous":
            return 401
        if actor in ("user", "admin") or hidden is None:
            return ok
        return hidden

    async def make(world: World) -> dict[str, str]:
        created = await world.call("user", "POST", "/runs", json=_RUN)
        assert created.status_code == 201, created.text
        return {"run": created.json()["id"]}

    return [Case("user-run", make, expect)]


# (method, path) -> (cases, how to call: ids -> (path params, request kwargs))
Rule = tuple[list[Case], Callable[[dict[str, str]], dict[str, Any]]]
NO_BODY: Callable[[dict[str, str]], dict[str, Any]] = lambda ids: {}  # noqa: E731

RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/v1/health"): (_everyone(200), NO_BODY),
    ("GET", "/api/v1/languages"): (_everyone(200), NO_BODY),
    ("GET", "/api/v1/workers"): (_only(200, "admin"), NO_BODY),
    ("GET", "/api/v1/queue"): (_only(200, "admin"), NO_BODY),
    ("POST", "/api/v1/keys"): (
        _only(201, "admin"),
        lambda ids: {"json": {"name": "k", "role": "user", "accountName": f"a-{uuid.uuid4().hex[:6]}"}},
    ),
    ("GET", "/api/v1/keys"): (_signed_in(200), NO_BODY),
    ("DELETE", "/api/v1/keys/{key_id}"): (_key_cases(), NO_BODY),
    ("GET", "/api/v1/me"): (_signed_in(200), NO_BODY),
    ("POST", "/api/v1/problems"): (
        _only(201, "author", "other_author", "admin"),
        lambda ids: {
            "json": {
                "slug": f"n-{uuid.uuid4().hex[:12]}",
                "title": "t",
                "type": "pass-fail",
                "limits": {"timeMs": 1000, "memoryMb": 64},
                "checker": {"type": "tokens"},
            }
        },
    ),
    ("GET", "/api/v1/problems"): (_signed_in(200), NO_BODY),
    ("GET", "/api/v1/problems/{problem_id}"): (_problem_cases(200, manage=False), NO_BODY),
    ("PATCH", "/api/v1/problems/{problem_id}"): (
        _problem_cases(200, manage=True),
        lambda ids: {"json": {"title": "renamed"}},
    ),
    ("DELETE", "/api/v1/problems/{problem_id}"): (_problem_cases(204, manage=True), NO_BODY),
    ("POST", "/api/v1/problems/{problem_id}/rejudge"): (_problem_cases(202, manage=True), NO_BODY),
    ("POST", "/api/v1/problems/{problem_id}/tests"): (
        _problem_cases(201, manage=True),
        lambda ids: {"json": {"input": "2\n", "answer": "2\n"}},
    ),
    ("POST", "/api/v1/problems/{problem_id}/tests/archive"): (
        _problem_cases(201, manage=True),
        lambda ids: {"files": {"archive": ("tests.zip", _zip(), "application/zip")}},
    ),
    ("POST", "/api/v1/problems/import"): (
        _only(201, "author", "other_author", "admin"),
        lambda ids: {
            "params": {"slug": f"i-{uuid.uuid4().hex[:12]}", "verify": "false"},
            "files": {"package": ("p.zip", _package(), "application/zip")},
        },
    ),
    ("GET", "/api/v1/problems/{problem_id}/verification"): (_problem_cases(200, manage=True), NO_BODY),
    ("GET", "/api/v1/problems/{problem_id}/package"): (_problem_cases(200, manage=True), NO_BODY),
    ("GET", "/api/v1/problems/{problem_id}/files"): (_problem_cases(200, manage=False), NO_BODY),
    ("GET", "/api/v1/problems/{problem_id}/files/{path}"): (_file_cases(), NO_BODY),
    ("GET", "/api/v1/problems/{problem_id}/tests"): (_problem_cases(200, manage=False), NO_BODY),
    ("GET", "/api/v1/problems/{problem_id}/tests/{test_id}"): (
        _problem_cases(200, manage=False, samples="sample")
        + _problem_cases(200, manage=False, samples="hidden"),
        NO_BODY,
    ),
    ("DELETE", "/api/v1/problems/{problem_id}/tests/{test_id}"): (
        _problem_cases(204, manage=True, samples="hidden"),
        NO_BODY,
    ),
    ("POST", "/api/v1/submissions"): (_problem_cases(201, manage=False), _submit_body),
    ("GET", "/api/v1/submissions"): (_signed_in(200), NO_BODY),
    ("GET", "/api/v1/submissions/{submission_id}"): (_submission_cases(200, manage=False), NO_BODY),
    ("GET", "/api/v1/submissions/{submission_id}/events"): (_submission_cases(200, manage=False), NO_BODY),
    ("POST", "/api/v1/submissions/{submission_id}/rejudge"): (_submission_cases(202, manage=True), NO_BODY),
    ("GET", "/api/v1/webhooks/callback-secret"): (_signed_in(200), NO_BODY),
    ("POST", "/api/v1/webhooks"): (_signed_in(201), lambda ids: {"json": WEBHOOK}),
    ("GET", "/api/v1/webhooks"): (_signed_in(200), NO_BODY),
    ("GET", "/api/v1/webhooks/{webhook_id}"): (_webhook_cases(200), NO_BODY),
    ("PATCH", "/api/v1/webhooks/{webhook_id}"): (
        _webhook_cases(200),
        lambda ids: {"json": {"description": "x"}},
    ),
    ("DELETE", "/api/v1/webhooks/{webhook_id}"): (_webhook_cases(204), NO_BODY),
    ("GET", "/api/v1/webhooks/{webhook_id}/deliveries"): (_webhook_cases(200), NO_BODY),
    ("POST", "/api/v1/webhooks/{webhook_id}/rotate-secret"): (_webhook_cases(200), NO_BODY),
    # an unknown delivery of a webhook: 404 to its owner too (delivery_not_found), webhook_not_found to others
    ("POST", "/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"): (
        _webhook_cases(404),
        NO_BODY,
    ),
    ("POST", "/api/v1/runs"): (_signed_in(201), lambda ids: {"json": _RUN}),
    ("POST", "/api/v1/runs/batch"): (_signed_in(201), lambda ids: {"json": {"runs": [_RUN]}}),
    ("GET", "/api/v1/runs/batch"): (_run_cases(200), lambda ids: {"params": {"ids": ids["run"]}}),
    ("GET", "/api/v1/runs/{run_id}"): (_run_cases(200, hidden=404), NO_BODY),
}


def _api_routes(app: FastAPI) -> list[tuple[str, str]]:
    """Every operation the app serves under /api/v1, from its OpenAPI description (the route table)."""
    paths: dict[str, dict[str, Any]] = app.openapi()["paths"]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith("/api/v1")
        for method in operations
    )


def _fill(path: str, ids: dict[str, str], case: Case) -> str:
    test_key = (
        case.resource.rsplit(":", 1)[-1] if case.resource.endswith((":sample", ":hidden")) else "hidden"
    )
    values = {
        "problem_id": ids.get("problem", ""),
        "test_id": ids.get(test_key, ""),
        "submission_id": ids.get("submission", ""),
        "key_id": ids.get("key", ""),
        "path": ids.get("path", ""),
        "webhook_id": ids.get("webhook", ""),
        "delivery_id": ids.get("delivery", ""),
        "run_id": ids.get("run", ""),
    }
    return path.removeprefix("/api/v1").format(**values)


@pytest.fixture
async def world(container: AsyncContainer) -> World:
    transport = httpx.ASGITransport(app=create_app(container))
    client = httpx.AsyncClient(transport=transport, base_url="http://test")
    world = World(client=client, headers={"admin": ADMIN_HEADERS, "anonymous": {}})
    for actor, role in (
        ("user", "user"),
        ("other_user", "user"),
        ("author", "author"),
        ("other_author", "author"),
    ):
        secret, key_id = await world.key(role, f"{actor}-{uuid.uuid4().hex[:6]}")
        world.headers[actor] = {"Authorization": f"Bearer {secret}"}
        world.key_ids[actor] = key_id
    return world


async def test_every_route_has_a_rule(container: AsyncContainer) -> None:
    routes = _api_routes(create_app(container))
    missing = [route for route in routes if route not in RULES]
    stale = [route for route in RULES if route not in routes]
    assert missing == [], f"routes without an authorization rule: {missing}"
    assert stale == [], f"rules for routes that no longer exist: {stale}"


async def test_authorization_matrix(world: World) -> None:
    failures = []
    seen_by_users: list[str] = []
    checked = 0
    for (method, path), (cases, request) in RULES.items():
        for case in cases:
            for actor in ACTORS:
                ids = await case.make(world)
                response = await world.call(actor, method, _fill(path, ids, case), **request(ids))
                checked += 1
                expected = case.expect(actor)
                if response.status_code != expected:
                    failures.append(
                        f"{method} {path} [{case.resource}] as {actor}: expected {expected}, "
                        f"got {response.status_code} {response.text[:200]}"
                    )
                if actor in ("user", "other_user"):
                    seen_by_users.append(response.text)
    assert failures == [], "\n".join(failures)
    assert checked > 300
    leaked = [
        text[:300]
        for text in seen_by_users
        if any(s in text for s in (HIDDEN_INPUT, HIDDEN_ANSWER, CHECKER_SECRET))
    ]
    assert leaked == [], f"hidden data or checker source shown to a user: {leaked}"


async def test_error_bodies_for_access_are_error_models_with_stable_codes(world: World) -> None:
    ids = await world.problem("author", "draft")
    anonymous = await world.call("anonymous", "GET", f"/problems/{ids['problem']}")
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert anonymous.json()["code"] == "not_authenticated"
    hidden = await world.call("user", "GET", f"/problems/{ids['problem']}")
    assert (hidden.status_code, hidden.json()["code"]) == (404, "problem_not_found")
    bad_key = await world.client.get(
        "/api/v1/me", headers={"Authorization": "Bearer jdg_000000000000_" + "x" * 43}
    )
    assert (bad_key.status_code, bad_key.json()["code"]) == (401, "not_authenticated")
    body = {
        "slug": "not-mine",
        "title": "t",
        "type": "pass-fail",
        "limits": {"timeMs": 1000, "memoryMb": 64},
        "checker": {"type": "tokens"},
    }
    forbidden = await world.call("user", "POST", "/problems", json=body)
    assert (forbidden.status_code, forbidden.json()["code"]) == (403, "forbidden")

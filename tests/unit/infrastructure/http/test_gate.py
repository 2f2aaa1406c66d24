"""The gate's tables name real routes, and each route gets the ceiling meant for it."""

import re
import uuid
from pathlib import Path

import pytest
from starlette.routing import Match

from infrastructure.config import load_settings
from infrastructure.http.app import create_app
from infrastructure.http.gate import PUBLIC_API_ROUTES, UPLOAD_ROUTES, BodyLimits, needs_key
from infrastructure.providers.container import make_container

LIMITS = BodyLimits(request_max_bytes=100, upload_max_bytes=1000)


def _scope(method: str, path: str) -> dict[str, object]:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}


def test_every_upload_and_public_route_exists(tmp_path: Path) -> None:
    app = create_app(make_container(load_settings(data_dir=tmp_path, _env_file=None)))

    def served(method: str, template: str) -> bool:
        path = re.sub(r"\{[a-z_]+\}", str(uuid.uuid4()), template)
        return any(route.matches(_scope(method, path))[0] is Match.FULL for route in app.router.routes)

    assert [route for route in UPLOAD_ROUTES if not served(*route)] == []
    assert [route for route in PUBLIC_API_ROUTES if route[0] == "GET" and not served(*route)] == []
    assert not served("POST", "/api/v1/problems/{problem_id}/tests/nothing")


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("POST", "/api/v1/problems/import", (1000, "UPLOAD_MAX_BYTES")),
        ("POST", "/api/v1/problems/3f1c/tests/archive", (1000, "UPLOAD_MAX_BYTES")),
        ("POST", "/problems/3f1c/tests", (1000, "UPLOAD_MAX_BYTES")),
        ("POST", "/api/v1/problems/3f1c/tests", (100, "REQUEST_MAX_BYTES")),
        ("POST", "/api/v1/problems/3f1c/tests/archive/x", (100, "REQUEST_MAX_BYTES")),
        ("POST", "/api/v1/problems/a/b/tests/archive", (100, "REQUEST_MAX_BYTES")),
        ("PUT", "/api/v1/problems/import", (100, "REQUEST_MAX_BYTES")),
        ("POST", "/api/v1/submissions", (100, "REQUEST_MAX_BYTES")),
        ("POST", "/sign-in", (100, "REQUEST_MAX_BYTES")),
    ],
)
def test_archive_routes_get_the_upload_ceiling_and_the_rest_the_request_ceiling(
    method: str, path: str, expected: tuple[int, str]
) -> None:
    assert LIMITS.for_route(method, path) == expected


def test_a_key_is_needed_under_the_api_but_for_public_routes_and_never_for_pages(tmp_path: Path) -> None:
    app = create_app(make_container(load_settings(data_dir=tmp_path, _env_file=None)))

    scope = _scope
    routes = app.router.routes
    assert needs_key(scope("POST", "/api/v1/problems"), routes)
    assert needs_key(scope("PUT", "/api/v1/problems"), routes)  # 405 for callers with a key
    assert needs_key(scope("GET", "/api/v1/metrics"), routes)
    assert not needs_key(scope("GET", "/api/v1/health"), routes)
    assert not needs_key(scope("GET", "/api/v1/languages"), routes)
    assert not needs_key(scope("POST", "/api/v1/no-such-route"), routes)  # a 404 reads no body
    assert not needs_key(scope("POST", "/problems/new"), routes)  # pages: session cookie and CSRF
    assert not needs_key(scope("POST", "/api/v1problems"), routes)

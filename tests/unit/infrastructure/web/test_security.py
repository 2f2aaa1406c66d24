"""CSRF tokens, origin checks and the after-sign-in redirect as pure functions."""

from starlette.requests import Request

from infrastructure.web.security import CookiePolicy, csrf_token, safe_next, same_origin

POLICY = CookiePolicy(secure=False, session_seconds=3600)


def _request(cookies: dict[str, str], **headers: str) -> Request:
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    raw = [(b"host", b"judge.example")] + [
        (k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()
    ]
    if cookie:
        raw.append((b"cookie", cookie.encode()))
    return Request({"type": "http", "method": "POST", "path": "/x", "headers": raw, "query_string": b""})


def test_tokens_depend_on_the_seed_and_the_session() -> None:
    assert csrf_token("seed", "session") == csrf_token("seed", "session")
    assert csrf_token("seed", "session") != csrf_token("other", "session")
    assert csrf_token("seed", "session") != csrf_token("seed", None)
    assert "seed" not in csrf_token("seed", "session")


def test_a_form_needs_the_token_of_this_browser_and_session() -> None:
    cookies = {"judge_csrf": "seed-1", "judge_session": "session-1"}
    good = csrf_token("seed-1", "session-1")
    assert POLICY.form_allowed(_request(cookies), good)
    assert not POLICY.form_allowed(_request(cookies), csrf_token("seed-1", None))
    assert not POLICY.form_allowed(_request(cookies), csrf_token("seed-2", "session-1"))
    assert not POLICY.form_allowed(_request(cookies), None)
    assert not POLICY.form_allowed(_request(cookies), "")
    assert not POLICY.form_allowed(_request({"judge_session": "session-1"}), good)
    assert not POLICY.form_allowed(_request(cookies, origin="https://evil.example"), good)
    assert not POLICY.form_allowed(_request(cookies, sec_fetch_site="cross-site"), good)
    assert not POLICY.form_allowed(_request(cookies, sec_fetch_site="same-site"), good)
    assert POLICY.form_allowed(
        _request(cookies, origin="http://judge.example", sec_fetch_site="same-origin"), good
    )


def test_same_origin_trusts_only_what_the_browser_says() -> None:
    assert same_origin(_request({}))
    assert same_origin(_request({}, sec_fetch_site="none"))
    assert not same_origin(_request({}, origin="null"))
    assert not same_origin(_request({}, origin="http://judge.example.evil.example"))


def test_only_local_paths_are_followed_after_sign_in() -> None:
    assert safe_next("/submissions?status=queued") == "/submissions?status=queued"
    for target in (
        None,
        "",
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "evil",
        "javascript:x",
    ):
        assert safe_next(target) == "/problems", target

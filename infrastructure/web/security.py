"""Cookies and CSRF protection of the web page.

* The session cookie holds a random token (only its hash is stored); HttpOnly, SameSite=Strict, Path=/,
  Secure and `__Host-` prefixed when WEB_COOKIE_SECURE is set.
* Every form carries a CSRF token: an HMAC of this browser's CSRF cookie (random, HttpOnly, SameSite=Strict)
  and the current session token. A page from another site can read neither, so it cannot forge the field;
  a token from before signing in or out no longer matches. A POST is refused (403) when the field is
  missing or wrong, or when the browser says the request came from another origin (`Origin`,
  `Sec-Fetch-Site`).
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

CSRF_FIELD = "csrf_token"


@dataclass(frozen=True, slots=True, kw_only=True)
class CookiePolicy:
    secure: bool
    session_seconds: int

    @property
    def session_cookie(self) -> str:
        return "__Host-judge_session" if self.secure else "judge_session"

    @property
    def csrf_cookie(self) -> str:
        return "__Host-judge_csrf" if self.secure else "judge_csrf"

    def session_token(self, request: Request) -> str | None:
        return request.cookies.get(self.session_cookie) or None

    def _set(self, response: Response, name: str, value: str, max_age: int | None) -> None:
        response.set_cookie(
            name, value, max_age=max_age, path="/", secure=self.secure, httponly=True, samesite="strict"
        )

    def start_session(self, response: Response, token: str) -> None:
        self._set(response, self.session_cookie, token, self.session_seconds)
        self._set(response, self.csrf_cookie, new_csrf_seed(), None)

    def end_session(self, response: Response) -> None:
        response.delete_cookie(
            self.session_cookie, path="/", secure=self.secure, httponly=True, samesite="strict"
        )
        self._set(response, self.csrf_cookie, new_csrf_seed(), None)

    def csrf_seed(self, request: Request) -> tuple[str, bool]:
        """This browser's CSRF seed and whether it is new (then `remember_csrf_seed` must send it)."""
        seed = request.cookies.get(self.csrf_cookie)
        return (seed, False) if seed else (new_csrf_seed(), True)

    def remember_csrf_seed(self, response: Response, seed: str) -> None:
        self._set(response, self.csrf_cookie, seed, None)

    def form_token(self, request: Request, seed: str) -> str:
        return csrf_token(seed, self.session_token(request))

    def form_allowed(self, request: Request, submitted: object) -> bool:
        seed = request.cookies.get(self.csrf_cookie)
        if not seed or not isinstance(submitted, str) or not same_origin(request):
            return False
        return hmac.compare_digest(submitted.encode(), csrf_token(seed, self.session_token(request)).encode())


def new_csrf_seed() -> str:
    return secrets.token_urlsafe(32)


def csrf_token(seed: str, session_token: str | None) -> str:
    digest = hmac.new(seed.encode(), f"form|{session_token or ''}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def same_origin(request: Request) -> bool:
    """False when the browser tells us the request was sent by another site."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


def safe_next(target: str | None, default: str = "/problems") -> str:
    """Where to go after signing in: a path on this site only (no `//host`, no scheme, no backslash)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target

from starlette.requests import Request

from application.accounts.authenticator import Authenticator
from application.accounts.ports import IdentityProvider
from application.accounts.sessions import SessionAuthenticator
from domain.accounts.entities import Principal
from infrastructure.http.identity import HttpIdentityProvider
from infrastructure.web.security import CookiePolicy


class SessionIdentityProvider(IdentityProvider):
    """The person behind a page request, from the session cookie, resolved once per request."""

    def __init__(self, request: Request, sessions: SessionAuthenticator, cookies: CookiePolicy) -> None:
        self._request = request
        self._sessions = sessions
        self._cookies = cookies
        self._principal: Principal | None = None

    async def principal(self) -> Principal:
        if self._principal is None:
            self._principal = await self._sessions.authenticate(self._cookies.session_token(self._request))
        return self._principal


def identity_for(
    request: Request, authenticator: Authenticator, sessions: SessionAuthenticator, cookies: CookiePolicy
) -> IdentityProvider:
    """The API (`/api/…`) takes only `Authorization: Bearer <key>`, never cookies, so no other site can
    make a browser call it with a session; pages take only the session cookie. The Judge0 API (marked by
    its router) takes keys in headers too (X-Auth-Token), never cookies."""
    if request.url.path.startswith("/api/") or request.scope.get("judge0"):
        return HttpIdentityProvider(request, authenticator)
    return SessionIdentityProvider(request, sessions, cookies)

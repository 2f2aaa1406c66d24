from fastapi import Request

from application.accounts.authenticator import Authenticator
from application.accounts.ports import IdentityProvider
from domain.accounts.entities import Principal

PRINCIPAL_STATE = "principal"
"""Where the gate (infrastructure/http/gate.py) leaves the principal it authenticated, in `request.state`."""


def bearer_token(request: Request) -> str | None:
    """`Authorization: Bearer <key>`; on the Judge0 API also `X-Auth-Token` or `X-Auth-User`, where Judge0
    clients put their credentials."""
    if request.scope.get("judge0"):
        for name in ("x-auth-token", "x-auth-user"):
            if request.headers.get(name, "").strip():
                return request.headers[name].strip()
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class HttpIdentityProvider(IdentityProvider):
    """The caller of this HTTP request, from `Authorization: Bearer <key>`, resolved once per request."""

    def __init__(self, request: Request, authenticator: Authenticator) -> None:
        self._request = request
        self._authenticator = authenticator
        self._principal: Principal | None = None

    async def principal(self) -> Principal:
        if self._principal is None:
            self._principal = getattr(self._request.state, PRINCIPAL_STATE, None)
        if self._principal is None:
            self._principal = await self._authenticator.authenticate(bearer_token(self._request))
        return self._principal

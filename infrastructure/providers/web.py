from datetime import timedelta

from dishka import Provider, Scope, provide, provide_all
from fastapi import Request

from application.accounts.authenticator import Authenticator
from application.accounts.ports import IdentityProvider
from application.accounts.sessions import SessionAuthenticator, SessionPolicy, SessionTokens
from application.accounts.usecases.sign_in import SignIn
from application.accounts.usecases.sign_out import SignOut
from domain.accounts.sessions import LoginSessionRepository
from infrastructure.config import Settings
from infrastructure.database.repositories.sessions.repositories import SqlLoginSessionRepository
from infrastructure.web.identity import identity_for
from infrastructure.web.rendering import Page
from infrastructure.web.security import CookiePolicy
from infrastructure.web.tokens import Sha256SessionTokens


class WebProvider(Provider):
    """The web page: sign-in sessions, their cookies, and the caller of a page request (the session cookie)
    beside the API's (the bearer key)."""

    sessions = provide(SqlLoginSessionRepository, scope=Scope.REQUEST, provides=LoginSessionRepository)
    tokens = provide(Sha256SessionTokens, scope=Scope.APP, provides=SessionTokens)
    session_authenticator = provide(SessionAuthenticator, scope=Scope.REQUEST)
    use_cases = provide_all(SignIn, SignOut, scope=Scope.REQUEST)
    page = provide(Page, scope=Scope.REQUEST)

    @provide(scope=Scope.APP)
    def policy(self, settings: Settings) -> SessionPolicy:
        return SessionPolicy(lifetime=timedelta(hours=settings.web_session_hours))

    @provide(scope=Scope.APP)
    def cookies(self, settings: Settings) -> CookiePolicy:
        return CookiePolicy(
            secure=settings.web_cookie_secure, session_seconds=int(settings.web_session_hours * 3600)
        )

    @provide(scope=Scope.REQUEST, override=True)
    def identity(
        self,
        request: Request,
        authenticator: Authenticator,
        sessions: SessionAuthenticator,
        cookies: CookiePolicy,
    ) -> IdentityProvider:
        return identity_for(request, authenticator, sessions, cookies)

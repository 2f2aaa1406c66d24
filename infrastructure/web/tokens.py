import hashlib
import secrets

from application.accounts.sessions import NewSessionToken, SessionTokens


class Sha256SessionTokens(SessionTokens):
    """256 random bits per token, so a plain SHA-256 makes a leaked table useless."""

    def generate(self) -> NewSessionToken:
        token = secrets.token_urlsafe(32)
        return NewSessionToken(token=token, token_hash=self.hash(token))

    def hash(self, token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

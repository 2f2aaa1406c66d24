import hashlib
import hmac
import re
import secrets

from application.accounts.ports import NewSecret, SecretKeeper

# jdg_<12 hex: public prefix>_<43 url-safe chars: 256 random bits>
_SHAPE = re.compile(r"^jdg_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$")


class Sha256SecretKeeper(SecretKeeper):
    """Keys carry 256 random bits, so a plain SHA-256 is enough to make a leaked table useless (slow
    password hashes exist for low-entropy secrets)."""

    def generate(self) -> NewSecret:
        prefix = secrets.token_hex(6)
        secret = f"jdg_{prefix}_{secrets.token_urlsafe(32)}"
        return NewSecret(secret=secret, prefix=prefix, secret_hash=_hash(secret))

    def prefix_of(self, secret: str) -> str | None:
        match = _SHAPE.match(secret)
        return match.group(1) if match else None

    def matches(self, secret: str, secret_hash: str) -> bool:
        return hmac.compare_digest(_hash(secret), secret_hash)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()

import base64
import secrets

from application.webhooks.ports import SecretGenerator

SECRET_BYTES = 32


class RandomSecrets(SecretGenerator):
    """`whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format."""

    def new(self) -> str:
        return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from domain.webhooks.policy import RetryPolicy


class TargetGuard(Protocol):
    """Keeps webhooks off addresses they may not reach (SSRF). At creation it refuses what is known then:
    a host that is, or resolves to, a refused address; at delivery the resolved address is checked again."""

    async def vet(self, url: str) -> None:
        """Raises WebhookTargetRefusedError."""
        ...


class SecretGenerator(Protocol):
    def new(self) -> str:
        """A fresh `whsec_<base64>` signing secret."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookPolicy:
    retry: RetryPolicy
    secret_overlap: timedelta
    max_per_account: int = 50
    deliveries_listed_max: int = 100

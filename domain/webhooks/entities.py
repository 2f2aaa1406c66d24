from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.accounts.entities import Principal, Role


@dataclass(frozen=True, slots=True, kw_only=True)
class SigningSecret:
    """A `whsec_…` secret; after a rotation the old one keeps signing until `expires_at`."""

    value: str
    expires_at: datetime | None = None

    def valid_at(self, moment: datetime) -> bool:
        return self.expires_at is None or moment < self.expires_at


@dataclass(slots=True, kw_only=True)
class Endpoint:
    """A subscription: events of `event_types` (about `problem_id` only, when set) POSTed to `url`.

    It hears what its owner may read, with the role of the key that created it (`role`, `key_id`); a
    revoked key's endpoints hear nothing more."""

    id: UUID
    account_id: UUID
    key_id: UUID | None
    role: Role
    url: str
    event_types: list[str]
    problem_id: UUID | None
    description: str
    secrets: list[SigningSecret]
    created_at: datetime
    enabled: bool = True
    disabled_reason: str | None = None
    failing_since: datetime | None = None

    @property
    def principal(self) -> Principal:
        return Principal(account_id=self.account_id, role=self.role, key_id=self.key_id)

    def signing_secrets(self, moment: datetime) -> list[str]:
        return [secret.value for secret in self.secrets if secret.valid_at(moment)]

    def rotate(self, new_secret: str, moment: datetime, overlap_until: datetime) -> None:
        """The new secret signs from now on; the current one as well until `overlap_until`."""
        kept = [
            SigningSecret(value=s.value, expires_at=min(overlap_until, s.expires_at or overlap_until))
            for s in self.secrets
            if s.valid_at(moment)
        ]
        self.secrets = [SigningSecret(value=new_secret), *kept]

    def disable(self, reason: str) -> None:
        self.enabled = False
        self.disabled_reason = reason

    def enable(self) -> None:
        self.enabled = True
        self.disabled_reason = None
        self.failing_since = None


class DeliveryState(StrEnum):
    PENDING = "pending"  # waiting for its next try (or being tried now)
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up: the schedule ran out, 410 Gone, or the endpoint was removed


@dataclass(slots=True, kw_only=True)
class Delivery:
    """One event on its way to one endpoint (or to one submission's or run's callback URL when `endpoint_id`
    is None).

    `body` is fixed when the delivery is made, so every try sends the same bytes under the same `event_id`
    (the `webhook-id` header), with `method` (POST; a Judge0 run's callback is a PUT, as Judge0's is)."""

    id: UUID
    event_id: UUID
    event_type: str
    endpoint_id: UUID | None
    account_id: UUID
    url: str
    body: str
    created_at: datetime
    next_attempt_at: datetime
    method: str = "POST"
    state: DeliveryState = DeliveryState.PENDING
    attempts: int = 0
    last_status: int | None = None
    last_error: str | None = None
    last_attempt_at: datetime | None = None
    delivered_at: datetime | None = None

    def take(self, now: datetime, lease_until: datetime) -> None:
        """Taken for its next try: the try is counted and the delivery is due again at `lease_until`, so a
        runner that dies mid-try leaves it to be tried again then (at least once)."""
        self.attempts += 1
        self.last_attempt_at = now
        self.next_attempt_at = lease_until


@dataclass(frozen=True, slots=True, kw_only=True)
class AttemptResult:
    """What one POST came to: an HTTP status, or an error before any (`status` None)."""

    status: int | None
    error: str | None = None
    retry_after_seconds: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimedDelivery:
    """A delivery taken for one try, with what signing it needs."""

    delivery: Delivery
    secrets: list[str] = field(default_factory=list)

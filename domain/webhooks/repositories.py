from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.accounts.entities import Role
from domain.webhooks.entities import AttemptResult, ClaimedDelivery, Delivery, Endpoint
from domain.webhooks.policy import AfterAttempt


class EndpointRepository(Protocol):
    async def add(self, endpoint: Endpoint) -> None: ...

    async def get(self, endpoint_id: UUID) -> Endpoint | None: ...

    async def list_for(self, account_id: UUID | None) -> Sequence[Endpoint]:
        """An account's endpoints, oldest first; every account's with None."""
        ...

    async def count_for(self, account_id: UUID) -> int: ...

    async def save(self, endpoint: Endpoint) -> None: ...

    async def delete(self, endpoint_id: UUID) -> None:
        """Removes it; its pending deliveries end as failed."""
        ...

    async def listening(self, event_type: str) -> Sequence[Endpoint]:
        """Enabled endpoints subscribed to `event_type` whose key is not revoked."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class CallbackTarget:
    """A submission's or run's callback URL and who made it (with the role of the key used). `body`, when
    set, is what it is told instead of the event's Standard Webhooks body, with `method`."""

    url: str
    account_id: UUID
    key_id: UUID | None
    role: Role
    method: str = "POST"
    body: str | None = None


class CallbackReader(Protocol):
    async def callback_of(self, submission_id: UUID) -> CallbackTarget | None: ...


class RunCallbackReader(Protocol):
    async def callback_of_run(self, run_id: UUID) -> CallbackTarget | None:
        """The finished run's callback with the body it is told (Judge0's fields and PUT for a run made
        through the Judge0 API); None without one, or when the run is gone."""
        ...


class CallbackSecrets(Protocol):
    async def secret_of(self, account_id: UUID, new_secret: str) -> str:
        """The account's callback signing secret; `new_secret` becomes it when it has none yet."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedTry:
    """One try of a claimed delivery: what it came to and what follows."""

    delivery: Delivery  # as claimed
    result: AttemptResult
    after: AfterAttempt


class DeliveryRepository(Protocol):
    async def add_new(self, deliveries: Sequence[Delivery]) -> set[UUID]:
        """Inserts those not made yet (one per event and endpoint, one per event's callback), as they are
        (taken ones already claimed); returns the ids of those inserted."""
        ...

    async def get(self, delivery_id: UUID) -> Delivery | None: ...

    async def list_for(self, endpoint_id: UUID, limit: int) -> Sequence[Delivery]:
        """Newest first."""
        ...

    async def redeliver(self, delivery_id: UUID, now: datetime) -> None:
        """Due again now (one more try), whatever its state."""
        ...

    async def claim(self, now: datetime, limit: int, lease_until: datetime) -> Sequence[ClaimedDelivery]:
        """Takes up to `limit` due deliveries of enabled endpoints for one try each: counts the try and makes
        them due again at `lease_until`, so a runner that dies mid-try leaves them to be tried again."""
        ...

    async def record_many(self, tries: Sequence[RecordedTry], now: datetime) -> set[UUID]:
        """Stores each try's outcome (and its endpoint's health) unless another try took the delivery since;
        returns the ids of the deliveries recorded. One batch, in order."""
        ...

    async def endpoints_failing_since(
        self, endpoint_ids: Collection[UUID]
    ) -> dict[UUID, datetime | None]: ...

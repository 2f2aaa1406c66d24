"""Who hears which event, and what happens after each try.

Hearing follows reading (domain/accounts/access.py): an endpoint hears about the submissions its owner
submitted, an author's endpoint also about the submissions to the author's problems, an admin's about
everything. `restricted` fields (hidden tests' checker messages…) go only to the problem's managers.

After a try (`after_attempt`), in this order:
1. any 2xx: delivered;
2. 410 Gone: the receiver asked to stop: the delivery fails and the endpoint is disabled;
3. tries left on the schedule: the next try after `Retry-After` when the receiver sent one (capped at a
   day), else after the schedule's next delay with ±20 % jitter;
4. otherwise the delivery fails.
Independently, an endpoint failing (no success at all) for longer than `disable_after` is disabled.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from uuid import UUID

from domain.accounts.access import can_manage_problem, owns
from domain.accounts.entities import Principal
from domain.webhooks.entities import AttemptResult, DeliveryState, Endpoint
from domain.webhooks.exceptions import InvalidWebhookError

URL_MAX_CHARS = 2000
DESCRIPTION_MAX_CHARS = 200
RETRY_AFTER_MAX = timedelta(days=1)
JITTER = 0.2


def hears(
    endpoint: Endpoint,
    event_type: str,
    account_id: UUID | None,
    problem_id: UUID | None,
    owner_id: UUID | None,
) -> bool:
    """Whether `endpoint` is told about an event of `event_type` about `account_id`'s subject, on
    `problem_id` managed by `owner_id` (an event's Audience)."""
    if not endpoint.enabled or event_type not in endpoint.event_types:
        return False
    if endpoint.problem_id is not None and endpoint.problem_id != problem_id:
        return False
    principal = endpoint.principal
    return (
        principal.is_admin
        or owns(principal, account_id)
        or (owner_id is not None and can_manage_problem(principal, owner_id))
    )


def sees_restricted(principal: Principal, owner_id: UUID | None) -> bool:
    return principal.is_admin or (owner_id is not None and can_manage_problem(principal, owner_id))


def check_url(url: str) -> str:
    """An absolute http(s) URL with a host and no credentials; the address it reaches is checked elsewhere."""
    if len(url) > URL_MAX_CHARS:
        raise InvalidWebhookError(f"The URL is longer than {URL_MAX_CHARS} characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise InvalidWebhookError(f"The URL is malformed: {error}.", details={"url": url[:200]}) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidWebhookError("The URL must be absolute http:// or https:// with a host.")
    if parts.username is not None or parts.password is not None:
        raise InvalidWebhookError("The URL must not carry a user name or password.")
    if port == 0:
        raise InvalidWebhookError("The URL's port must be 1-65535.")
    if any(ch.isspace() or ord(ch) < 0x20 for ch in url):
        raise InvalidWebhookError("The URL must not contain spaces or control characters.")
    return url


def check_event_types(event_types: list[str], known: tuple[str, ...]) -> list[str]:
    if not event_types:
        raise InvalidWebhookError("Name at least one event type.", details={"known": list(known)})
    unknown = [name for name in event_types if name not in known]
    if unknown:
        raise InvalidWebhookError(
            f"Unknown event type {unknown[0]!r}.", details={"unknown": unknown, "known": list(known)}
        )
    return sorted(set(event_types))


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    schedule: tuple[float, ...]  # seconds before the 2nd, 3rd, … try
    disable_after: timedelta

    @property
    def max_attempts(self) -> int:
        return len(self.schedule) + 1


@dataclass(frozen=True, slots=True, kw_only=True)
class AfterAttempt:
    state: DeliveryState
    next_attempt_at: datetime | None
    disable_endpoint: str | None  # a reason, when the endpoint must be disabled
    endpoint_failing_since: datetime | None  # the endpoint's new `failing_since` (None: healthy)


def after_attempt(
    result: AttemptResult,
    attempts: int,
    policy: RetryPolicy,
    failing_since: datetime | None,
    now: datetime,
    rng: random.Random | None = None,
) -> AfterAttempt:
    """The delivery's and the endpoint's state after try number `attempts` (the rules in the module doc)."""
    if result.status is not None and 200 <= result.status < 300:
        return AfterAttempt(
            state=DeliveryState.DELIVERED,
            next_attempt_at=None,
            disable_endpoint=None,
            endpoint_failing_since=None,
        )
    since = failing_since or now
    if result.status == 410:
        return AfterAttempt(
            state=DeliveryState.FAILED,
            next_attempt_at=None,
            disable_endpoint="The receiver answered 410 Gone.",
            endpoint_failing_since=since,
        )
    disable = None
    if now - since >= policy.disable_after:
        disable = f"Every delivery failed since {since.isoformat()}."
    if attempts >= policy.max_attempts:
        return AfterAttempt(
            state=DeliveryState.FAILED,
            next_attempt_at=None,
            disable_endpoint=disable,
            endpoint_failing_since=since,
        )
    if result.retry_after_seconds is not None:
        delay = timedelta(seconds=max(0.0, result.retry_after_seconds))
        delay = min(delay, RETRY_AFTER_MAX)
    else:
        base = policy.schedule[attempts - 1]
        delay = timedelta(seconds=base * (1 + (rng or random).uniform(-JITTER, JITTER)))
    return AfterAttempt(
        state=DeliveryState.PENDING,
        next_attempt_at=now + delay,
        disable_endpoint=disable,
        endpoint_failing_since=since,
    )

"""One try of one delivery: resolve and vet the target, sign, send (POST, or the delivery's method) to the
vetted address, read the status."""

import asyncio
import email.utils
import math
from datetime import UTC, datetime

import httpx
from standardwebhooks import Webhook

from domain.webhooks.entities import AttemptResult, ClaimedDelivery
from domain.webhooks.exceptions import WebhookTargetRefusedError
from infrastructure.webhooks.guard import ResolvingGuard

USER_AGENT = "testing-service-webhooks/1"


def sign(event_id: str, body: str, secrets: list[str], moment: datetime) -> dict[str, str]:
    """Standard Webhooks headers; one `v1,` signature per secret (two during a rotation's overlap)."""
    signatures = " ".join(Webhook(secret).sign(event_id, moment, body) for secret in secrets)
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(math.floor(moment.timestamp())),
        "webhook-signature": signatures,
    }


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from a Retry-After header (delay-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - now).total_seconds())


class WebhookSender:
    def __init__(self, guard: ResolvingGuard, client: httpx.AsyncClient, timeout_seconds: float) -> None:
        self._guard = guard
        self._client = client
        self._timeout = timeout_seconds

    async def send(self, claimed: ClaimedDelivery) -> AttemptResult:
        if not claimed.secrets:
            return AttemptResult(status=None, error="no signing secret")
        try:
            async with asyncio.timeout(self._timeout):
                return await self._post(claimed)
        except TimeoutError:
            return AttemptResult(status=None, error=f"timed out after {self._timeout:g} s")
        except WebhookTargetRefusedError as error:
            return AttemptResult(status=None, error=f"refused: {error.message}")
        except OSError as error:
            return AttemptResult(status=None, error=f"cannot resolve or connect: {error}")
        except httpx.HTTPError as error:
            return AttemptResult(status=None, error=f"{type(error).__name__}: {error}"[:500])

    async def _post(self, claimed: ClaimedDelivery) -> AttemptResult:
        delivery = claimed.delivery
        host, address, port = await self._guard.resolve(delivery.url)
        url = httpx.URL(delivery.url)
        target = url.copy_with(host=str(address), port=port)
        now = datetime.now(UTC)
        headers = {
            **sign(str(delivery.event_id), delivery.body, claimed.secrets, now),
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "host": url.netloc.decode("ascii"),
        }
        extensions = {"sni_hostname": host} if url.scheme == "https" else {}
        request = self._client.build_request(
            delivery.method, target, content=delivery.body.encode(), headers=headers, extensions=extensions
        )
        response = await self._client.send(request, stream=True, follow_redirects=False)
        await response.aclose()  # the body is not read: a receiver cannot make us download anything
        return AttemptResult(
            status=response.status_code,
            error=None if response.is_success else f"HTTP {response.status_code}",
            retry_after_seconds=retry_after(response.headers.get("retry-after"), now),
        )

"""SSRF: by default webhooks reach public addresses only; checked at creation and on the address used."""

import asyncio

import httpx
import pytest

from tests.integration.webhooks.conftest import HooksFactory, judged
from tests.integration.webhooks.receiver import receiver

REFUSED_URLS = [
    "http://127.0.0.1:9/hook",
    "http://127.1/hook",
    "http://2130706433/hook",  # 127.0.0.1 as one number
    "http://10.1.2.3/hook",
    "http://172.16.0.1/hook",
    "http://192.168.1.1/hook",
    "http://100.64.0.1/hook",  # shared address space (carrier NAT)
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.1.1/hook",
    "http://0.0.0.0/hook",
    "http://224.0.0.1/hook",
    "http://[::1]/hook",
    "http://[::]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[::ffff:169.254.169.254]/hook",
    "http://[fe80::1]/hook",
    "http://[fd00::1]/hook",
    "http://[2002:7f00:1::]/hook",  # 6to4 around 127.0.0.1
    "http://localhost:8000/hook",  # a name resolving to loopback
    "https://localhost./hook",
]


@pytest.mark.parametrize("url", REFUSED_URLS)
async def test_refused_targets_get_422_at_creation(client: httpx.AsyncClient, url: str) -> None:
    response = await client.post("/api/v1/webhooks", json={"url": url, "eventTypes": ["submission.judged"]})
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "webhook_target_refused"


async def test_a_public_address_is_accepted(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/webhooks", json={"url": "https://93.184.215.14/hook", "eventTypes": ["submission.judged"]}
    )
    assert response.status_code == 201, response.text
    assert (await client.delete(f"/api/v1/webhooks/{response.json()['id']}")).status_code == 204


async def test_patching_to_a_refused_target_is_refused(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/api/v1/webhooks", json={"url": "https://93.184.215.14/hook", "eventTypes": ["submission.judged"]}
    )
    webhook = created.json()["id"]
    patched = await client.patch(f"/api/v1/webhooks/{webhook}", json={"url": "http://[::1]:80/x"})
    assert (patched.status_code, patched.json()["code"]) == (422, "webhook_target_refused")
    assert (await client.get(f"/api/v1/webhooks/{webhook}")).json()["url"] == "https://93.184.215.14/hook"
    await client.delete(f"/api/v1/webhooks/{webhook}")


async def test_a_callback_url_to_loopback_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/submissions",
        json={
            "problemId": "00000000-0000-4000-8000-000000000999",
            "language": "python3",
            "source": "print(1)",
            "callbackUrl": "http://127.0.0.1:9/cb",
        },
    )
    assert (response.status_code, response.json()["code"]) == (422, "webhook_target_refused")


async def test_the_address_is_checked_again_at_delivery(hooks: HooksFactory) -> None:
    """Allowed when subscribed (the name resolved elsewhere then, say): the strict runner connects to
    nothing once the name resolves to loopback."""
    async with hooks(run=False) as lenient, receiver() as target:
        headers, account = await lenient.key("user")
        by_name = target.url.replace("127.0.0.1", "localhost")
        hook = await lenient.subscribe(headers, by_name)
        async with hooks(webhook_allow_private=False) as strict:
            await strict.sink.handle(judged(account))
            row = await strict.wait_row(headers, hook["id"], lambda row: bool(row["lastError"]))
            assert row["lastStatus"] is None
            assert row["lastError"].startswith("refused:")
            assert "loopback" in row["lastError"]
            await asyncio.sleep(0.3)
            assert target.received == []


async def test_redirects_are_not_followed(hooks: HooksFactory) -> None:
    async with (
        hooks() as h,
        receiver() as inner,
        receiver(answers=[(302, {"Location": inner.url}, 0.0)]) as outer,
    ):
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, outer.url)
        await h.sink.handle(judged(account))
        await outer.wait_for(1)
        row = await h.wait_row(headers, hook["id"], lambda row: row["lastStatus"] is not None)
        assert row["lastStatus"] == 302
        assert row["state"] == "pending"  # a redirect is a failure: retried on the schedule
        await asyncio.sleep(0.3)
        assert inner.received == []


async def test_allow_list_lets_one_private_host_through(hooks: HooksFactory) -> None:
    async with (
        hooks(webhook_allow_private=False, webhook_allowed_hosts="127.0.0.1/32") as h,
        receiver() as target,
    ):
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, target.url)
        refused = await h.client.post(
            "/api/v1/webhooks",
            headers=headers,
            json={"url": "http://10.0.0.1/x", "eventTypes": ["submission.judged"]},
        )
        assert refused.status_code == 422
        await h.sink.handle(judged(account))
        await target.wait_for(1)
        await h.wait_delivery(headers, hook["id"], "delivered")

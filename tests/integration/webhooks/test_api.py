"""The webhooks API: validation, ownership (another account's webhook does not exist), the delivery log."""

import httpx
import pytest

from tests.integration.webhooks.conftest import HooksFactory, judged
from tests.integration.webhooks.receiver import receiver

URL = "https://93.184.215.14/hook"
GOOD: dict[str, object] = {"url": URL, "eventTypes": ["submission.judged"]}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({**GOOD, "url": "ftp://93.184.215.14/x"}, "invalid_webhook"),
        ({**GOOD, "url": "/relative"}, "invalid_webhook"),
        ({**GOOD, "url": "http://user:pw@93.184.215.14/x"}, "invalid_webhook"),
        ({**GOOD, "url": "http://93.184.215.14:99999/x"}, "invalid_webhook"),
        ({**GOOD, "url": "http://[::1/x"}, "invalid_webhook"),
        ({**GOOD, "url": "https://93.184.215.14/" + "a" * 2100}, "validation_error"),
        ({**GOOD, "eventTypes": []}, "validation_error"),
        ({**GOOD, "eventTypes": ["submission.exploded"]}, "invalid_webhook"),
        ({**GOOD, "eventTypes": "submission.judged"}, "validation_error"),
        ({**GOOD, "problemId": "not-a-uuid"}, "validation_error"),
        ({**GOOD, "problemId": "00000000-0000-4000-8000-000000000999"}, "problem_not_found"),
        ({**GOOD, "url": "http://93.184.215.14/\x00"}, "validation_error"),
        ({"eventTypes": ["submission.judged"]}, "validation_error"),
    ],
)
async def test_bad_webhooks_are_refused_with_stable_codes(
    client: httpx.AsyncClient, body: dict[str, object], code: str
) -> None:
    response = await client.post("/api/v1/webhooks", json=body)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["code"] == code


async def test_another_accounts_webhook_does_not_exist(hooks: HooksFactory) -> None:
    async with hooks(run=False) as h:
        owner, _ = await h.key("user")
        stranger, _ = await h.key("user")
        author, _ = await h.key("author")
        hook = await h.subscribe(owner, URL)
        path = f"/api/v1/webhooks/{hook['id']}"
        for headers in (stranger, author):
            for method, suffix in (
                ("GET", ""),
                ("PATCH", ""),
                ("DELETE", ""),
                ("GET", "/deliveries"),
                ("POST", "/rotate-secret"),
                ("POST", "/deliveries/00000000-0000-4000-8000-000000000001/redeliver"),
            ):
                body = {"enabled": False} if method == "PATCH" else None
                response = await h.client.request(method, path + suffix, headers=headers, json=body)
                assert (response.status_code, response.json()["code"]) == (404, "webhook_not_found"), (
                    method,
                    suffix,
                )
        listed = (await h.client.get("/api/v1/webhooks", headers=stranger)).json()
        assert listed == []
        mine = (await h.client.get("/api/v1/webhooks", headers=owner)).json()
        assert [w["id"] for w in mine] == [hook["id"]]
        assert "secret" not in mine[0]
        admin_view = await h.client.get(path)
        assert admin_view.status_code == 200
        assert (await h.client.get(path, headers=owner)).json()["enabled"] is True
        assert (await h.client.delete(path, headers=owner)).status_code == 204
        assert (await h.client.get(path, headers=owner)).status_code == 404


async def test_anonymous_callers_get_401(client: httpx.AsyncClient) -> None:
    for method, path in (
        ("GET", "/api/v1/webhooks"),
        ("POST", "/api/v1/webhooks"),
        ("GET", "/api/v1/webhooks/callback-secret"),
    ):
        response = await client.request(method, path, headers={"Authorization": ""}, json=GOOD)
        assert response.status_code == 401


async def test_a_delivery_of_another_webhook_cannot_be_redelivered_through_mine(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as target:
        headers, account = await h.key("user")
        first = await h.subscribe(headers, target.url)
        second = await h.subscribe(headers, target.url)
        await h.sink.handle(judged(account))
        row = await h.wait_delivery(headers, first["id"], "delivered")
        crossed = await h.client.post(
            f"/api/v1/webhooks/{second['id']}/deliveries/{row['id']}/redeliver", headers=headers
        )
        assert (crossed.status_code, crossed.json()["code"]) == (404, "delivery_not_found")


async def test_patch_disables_and_enables_and_changes_fields(hooks: HooksFactory) -> None:
    async with hooks(run=False) as h:
        headers, _ = await h.key("user")
        hook = await h.subscribe(headers, URL)
        path = f"/api/v1/webhooks/{hook['id']}"
        off = (await h.client.patch(path, headers=headers, json={"enabled": False})).json()
        assert (off["enabled"], off["disabledReason"]) == (False, "Disabled by its owner.")
        on = (
            await h.client.patch(
                path,
                headers=headers,
                json={"enabled": True, "eventTypes": ["submission.created"], "description": "ci"},
            )
        ).json()
        assert (on["enabled"], on["disabledReason"], on["eventTypes"], on["description"]) == (
            True,
            None,
            ["submission.created"],
            "ci",
        )
        bad = await h.client.patch(path, headers=headers, json={"eventTypes": ["nope"]})
        assert (bad.status_code, bad.json()["code"]) == (422, "invalid_webhook")


async def test_an_account_has_a_bounded_number_of_webhooks(hooks: HooksFactory) -> None:
    async with hooks(run=False) as h:
        headers, _ = await h.key("user")
        for _ in range(50):
            await h.subscribe(headers, URL)
        over = await h.client.post("/api/v1/webhooks", headers=headers, json=GOOD)
        assert (over.status_code, over.json()["code"]) == (409, "too_many_webhooks")

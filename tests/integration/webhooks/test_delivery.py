"""Deliveries to real receivers on 127.0.0.1 that verify Standard Webhooks signatures."""

import asyncio
import json
import uuid

import pytest
from standardwebhooks import WebhookVerificationError

from application.messaging.integration import SUBMISSION_CREATED, SUBMISSION_JUDGED
from tests.bootstrap import ADMIN_HEADERS
from tests.integration.webhooks.conftest import HooksFactory, judged
from tests.integration.webhooks.receiver import Received, receiver


async def test_delivery_is_signed_per_standard_webhooks_with_the_event_id(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as target:
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, target.url)
        assert hook["secret"].startswith("whsec_")
        target.secrets = [hook["secret"]]
        event = judged(account)
        await h.sink.handle(event)
        [item] = await target.wait_for(1)
        assert item.verified is not None, "the signature did not verify with the webhook's secret"
        assert item.webhook_id == str(event.id)
        assert item.headers["content-type"] == "application/json"
        assert item.verified == {
            "type": SUBMISSION_JUDGED,
            "timestamp": event.occurred_at.isoformat(),
            "data": dict(event.payload),
        }
        row = await h.wait_delivery(headers, hook["id"], "delivered")
        assert (row["eventId"], row["attempts"], row["lastStatus"]) == (str(event.id), 1, 200)


async def test_a_forged_or_resigned_body_does_not_verify(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as target:
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, target.url)
        await h.sink.handle(judged(account))
        [item] = await target.wait_for(1)
        target.secrets = [hook["secret"]]
        tampered = item.body.replace(b"accepted", b"rejected")
        assert tampered != item.body
        with pytest.raises(WebhookVerificationError):
            target.verify(Received(headers=item.headers, body=tampered, at=0), hook["secret"])


async def test_receiver_failing_twice_gets_the_third_try_with_the_same_webhook_id(
    hooks: HooksFactory,
) -> None:
    async with hooks() as h, receiver(answers=[(500, {}, 0.0), (500, {}, 0.0)]) as target:
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, target.url)
        target.secrets = [hook["secret"]]
        event = judged(account)
        await h.sink.handle(event)
        items = await target.wait_for(3)
        assert [item.webhook_id for item in items] == [str(event.id)] * 3
        assert all(item.verified is not None for item in items)
        assert len({item.body for item in items}) == 1  # the same bytes each time
        row = await h.wait_delivery(headers, hook["id"], "delivered")
        assert (row["attempts"], row["lastStatus"]) == (3, 200)
        await asyncio.sleep(0.5)
        assert len(target.received) == 3  # delivered: no fourth try


async def test_schedule_running_out_fails_the_delivery(hooks: HooksFactory) -> None:
    async with hooks(webhook_retry_schedule="0.1") as h, receiver(answers=[(503, {}, 0.0)] * 5) as target:
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, target.url)
        await h.sink.handle(judged(account))
        row = await h.wait_delivery(headers, hook["id"], "failed")
        assert (row["attempts"], row["lastStatus"], row["nextAttemptAt"]) == (2, 503, None)
        assert len(target.received) == 2


async def test_410_gone_disables_the_endpoint(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver(answers=[(410, {}, 0.0)]) as target:
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, target.url)
        await h.sink.handle(judged(account))
        row = await h.wait_delivery(headers, hook["id"], "failed")
        assert (row["attempts"], row["lastStatus"]) == (1, 410)
        found = (await h.client.get(f"/api/v1/webhooks/{hook['id']}", headers=headers)).json()
        assert found["enabled"] is False
        assert "410" in found["disabledReason"]
        await h.sink.handle(judged(account))
        await asyncio.sleep(0.5)
        assert len(target.received) == 1
        assert len(await h.deliveries(headers, hook["id"])) == 1  # a disabled endpoint hears nothing


async def test_retry_after_is_honoured(hooks: HooksFactory) -> None:
    # The schedule alone would wait 60 s; Retry-After asks for 1 s.
    answers = [(503, {"Retry-After": "1"}, 0.0)]
    async with hooks(webhook_retry_schedule="60") as h, receiver(answers=answers) as target:
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, target.url)
        await h.sink.handle(judged(account))
        first, second = await target.wait_for(2, seconds=20)
        assert second.at - first.at >= 0.9
        assert second.at - first.at < 30
        row = await h.wait_delivery(headers, hook["id"], "delivered")
        assert row["attempts"] == 2


async def test_an_event_handed_over_twice_is_delivered_once(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as target:
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, target.url)
        event = judged(account)
        await h.sink.handle(event)
        await h.sink.handle(event)
        await target.wait_for(1)
        await h.wait_delivery(headers, hook["id"], "delivered")
        await asyncio.sleep(0.3)
        assert len(target.received) == 1
        assert len(await h.deliveries(headers, hook["id"])) == 1


async def test_redelivery_sends_the_same_event_again(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as target:
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, target.url)
        target.secrets = [hook["secret"]]
        event = judged(account)
        await h.sink.handle(event)
        row = await h.wait_delivery(headers, hook["id"], "delivered")
        again = await h.client.post(
            f"/api/v1/webhooks/{hook['id']}/deliveries/{row['id']}/redeliver", headers=headers
        )
        assert again.status_code == 202, again.text
        first, second = await target.wait_for(2)
        assert first.webhook_id == second.webhook_id == str(event.id)
        assert second.verified is not None
        row = await h.wait_delivery(headers, hook["id"], "delivered")
        assert row["attempts"] == 2


async def test_rotation_signs_with_both_secrets_during_the_overlap(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as target:
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, target.url)
        rotated = await h.client.post(f"/api/v1/webhooks/{hook['id']}/rotate-secret", headers=headers)
        assert rotated.status_code == 200, rotated.text
        new = rotated.json()["secret"]
        assert new.startswith("whsec_")
        assert new != hook["secret"]
        await h.sink.handle(judged(account))
        [item] = await target.wait_for(1)
        assert len(item.headers["webhook-signature"].split(" ")) == 2
        target.verify(item, hook["secret"])  # raises when it does not verify
        target.verify(item, new)


async def test_after_the_overlap_only_the_new_secret_signs(hooks: HooksFactory) -> None:
    async with hooks(webhook_secret_overlap_seconds=0) as h, receiver() as target:
        headers, account = await h.key("user")
        hook = await h.subscribe(headers, target.url)
        rotated = await h.client.post(f"/api/v1/webhooks/{hook['id']}/rotate-secret", headers=headers)
        await h.sink.handle(judged(account))
        [item] = await target.wait_for(1)
        assert len(item.headers["webhook-signature"].split(" ")) == 1
        target.verify(item, rotated.json()["secret"])


async def test_users_hear_only_their_own_submissions(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as mine, receiver() as theirs, receiver() as admin:
        my_headers, me = await h.key("user")
        their_headers, them = await h.key("user")
        await h.subscribe(my_headers, mine.url)
        await h.subscribe(their_headers, theirs.url)
        await h.subscribe(ADMIN_HEADERS, admin.url)
        events = [judged(me), judged(me), judged(them)]
        for event in events:
            await h.sink.handle(event)
        await admin.wait_for(3)
        await mine.wait_for(2)
        await theirs.wait_for(1)
        await asyncio.sleep(0.3)
        assert sorted(i.webhook_id for i in mine.received) == sorted(str(e.id) for e in events[:2])
        assert [i.webhook_id for i in theirs.received] == [str(events[2].id)]
        assert {i.webhook_id for i in admin.received} >= {str(e.id) for e in events}


async def test_authors_hear_their_problems_submissions_and_restricted_fields_only_they_see(
    hooks: HooksFactory,
) -> None:
    async with hooks() as h, receiver() as author_target, receiver() as user_target, receiver() as other:
        author_headers, author = await h.key("author")
        user_headers, user = await h.key("user")
        other_headers, _ = await h.key("author")
        author_hook = await h.subscribe(author_headers, author_target.url)
        user_hook = await h.subscribe(user_headers, user_target.url)
        await h.subscribe(other_headers, other.url)
        author_target.secrets, user_target.secrets = [author_hook["secret"]], [user_hook["secret"]]
        event = judged(user, problem_owner_id=author, restricted={"checkerMessage": "expected 42 got 41"})
        await h.sink.handle(event)
        [to_author] = await author_target.wait_for(1)
        [to_user] = await user_target.wait_for(1)
        assert to_author.verified is not None
        assert to_user.verified is not None
        assert to_author.verified["data"]["checkerMessage"] == "expected 42 got 41"
        assert "checkerMessage" not in to_user.verified["data"]
        assert b"expected 42" not in to_user.body
        await asyncio.sleep(0.3)
        assert other.received == []  # another author's endpoint hears nothing of it


async def test_problem_filter_and_event_types_filter(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as target:
        headers, account = await h.key("author")
        problem = await h.client.post(
            "/api/v1/problems",
            headers=headers,
            json={
                "slug": "hooked-" + account[:8],
                "title": "t",
                "type": "pass-fail",
                "limits": {"timeMs": 1000, "memoryMb": 64},
                "checker": {"type": "tokens"},
            },
        )
        assert problem.status_code == 201, problem.text
        problem_id = problem.json()["id"]
        await h.subscribe(headers, target.url, [SUBMISSION_JUDGED], problemId=problem_id)
        wanted = judged(account, problem_owner_id=account, problem_id=uuid.UUID(problem_id))
        await h.sink.handle(judged(account, problem_owner_id=account))  # another problem
        await h.sink.handle(judged(account, problem_id=uuid.UUID(problem_id), type_=SUBMISSION_CREATED))
        await h.sink.handle(wanted)
        [item] = await target.wait_for(1)
        await asyncio.sleep(0.3)
        assert len(target.received) == 1
        assert item.webhook_id == str(wanted.id)
        assert json.loads(item.body)["type"] == SUBMISSION_JUDGED


async def test_a_revoked_keys_webhooks_hear_nothing_more(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as target:
        name = "revoked-owner"
        created = await h.client.post(
            "/api/v1/keys", json={"name": name, "role": "user", "accountName": name + target.url[-10:]}
        )
        headers = {"Authorization": f"Bearer {created.json()['key']}"}
        account = created.json()["accountId"]
        await h.subscribe(headers, target.url)
        revoked = await h.client.delete(f"/api/v1/keys/{created.json()['id']}")
        assert revoked.status_code == 204
        await h.sink.handle(judged(account))
        await asyncio.sleep(0.5)
        assert target.received == []

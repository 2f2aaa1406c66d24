"""A submission's callbackUrl: told `submission.judged`, signed with the account's callback secret."""

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from application.messaging.integration import SUBMISSION_JUDGED, SUBMISSION_TEST_JUDGED
from application.webhooks.usecases import EnqueueDeliveries, EnqueueDeliveriesInput
from tests.integration.submissions.helpers import create_problem
from tests.integration.webhooks.conftest import HooksFactory, judged
from tests.integration.webhooks.receiver import receiver


async def test_a_judged_submission_is_posted_to_its_callback_url(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as target:
        problem = await create_problem(h.client, visibility="public")
        headers, account = await h.key("user")
        submitted = await h.client.post(
            "/api/v1/submissions",
            headers=headers,
            json={
                "problemId": problem,
                "language": "python3",
                "source": "print(1)",
                "callbackUrl": target.url,
            },
        )
        assert submitted.status_code == 201, submitted.text
        submission = submitted.json()["id"]
        secret = await h.client.get("/api/v1/webhooks/callback-secret", headers=headers)
        assert secret.status_code == 200
        target.secrets = [secret.json()["secret"]]
        assert target.secrets[0].startswith("whsec_")
        again = await h.client.get("/api/v1/webhooks/callback-secret", headers=headers)
        assert again.json() == secret.json()  # stable: the receiver keeps one secret

        payload = {"submissionId": submission, "verdict": "accepted", "score": 1.0}
        # Other event types never go to a callbackUrl.
        await h.sink.handle(judged(account, payload=payload, type_=SUBMISSION_TEST_JUDGED))
        event = judged(account, payload=payload, restricted={"checkerMessage": "secret-ish"})
        await h.sink.handle(event)
        await h.sink.handle(event)  # handed over twice: one callback
        [item] = await target.wait_for(1)
        await asyncio.sleep(0.5)
        assert len(target.received) == 1
        assert item.webhook_id == str(event.id)
        assert item.verified is not None, "the callback's signature did not verify with the callback secret"
        assert item.verified["type"] == SUBMISSION_JUDGED
        assert item.verified["data"] == payload  # a user is not the problem's manager: no restricted fields


async def test_another_accounts_callback_secret_does_not_verify(hooks: HooksFactory) -> None:
    async with hooks() as h, receiver() as target:
        problem = await create_problem(h.client, visibility="public")
        headers, account = await h.key("user")
        other, _ = await h.key("user")
        submitted = await h.client.post(
            "/api/v1/submissions",
            headers=headers,
            json={
                "problemId": problem,
                "language": "python3",
                "source": "print(1)",
                "callbackUrl": target.url,
            },
        )
        mine = (await h.client.get("/api/v1/webhooks/callback-secret", headers=headers)).json()["secret"]
        theirs = (await h.client.get("/api/v1/webhooks/callback-secret", headers=other)).json()["secret"]
        assert mine != theirs
        target.secrets = [theirs]
        await h.sink.handle(judged(account, payload={"submissionId": submitted.json()["id"]}))
        [item] = await target.wait_for(1)
        assert item.verified is None
        target.verify(item, mine)


async def test_a_submission_without_callback_url_sends_nothing(hooks: HooksFactory) -> None:
    async with hooks(run=False) as h:
        problem = await create_problem(h.client, visibility="public")
        headers, account = await h.key("user")
        submitted = await h.client.post(
            "/api/v1/submissions",
            headers=headers,
            json={"problemId": problem, "language": "python3", "source": "print(1)"},
        )
        assert submitted.status_code == 201, submitted.text
        event = judged(account, payload={"submissionId": submitted.json()["id"]})
        async with h.container() as request:
            enqueue = await request.get(EnqueueDeliveries)
            await enqueue(EnqueueDeliveriesInput(events=[event]))
            session = await request.get(AsyncSession)
            callbacks = await session.scalar(
                text("SELECT count(*) FROM webhook_deliveries WHERE event_id = :id AND endpoint_id IS NULL"),
                {"id": event.id},
            )
        # No callback delivery (an admin's webhook left by another test of this database may still hear it).
        assert callbacks == 0


async def test_bad_callback_urls_are_refused(hooks: HooksFactory) -> None:
    async with hooks(run=False) as h:
        problem = await create_problem(h.client, visibility="public")
        for url, code in (
            ("ftp://example.com/x", "invalid_webhook"),
            ("http://u:p@example.com/x", "invalid_webhook"),
            ("x" * 2001, "validation_error"),
        ):
            response = await h.client.post(
                "/api/v1/submissions",
                json={"problemId": problem, "language": "python3", "source": "print(1)", "callbackUrl": url},
            )
            assert (response.status_code, response.json()["code"]) == (422, code), url

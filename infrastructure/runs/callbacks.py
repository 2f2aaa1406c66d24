"""What a finished run's `callback_url` is told, rendered from the stored run when its delivery is made.

A run made through the Judge0 API gets what Judge0 sends: a `PUT` of the default fields, base64-encoded.
A native run gets a `POST` of the Standard Webhooks body `{type: "run.finished", timestamp, data}` with the
native run (`GET /api/v1/runs/{id}`) as `data`. Either way the delivery runner signs it with the creator's
callback secret and sends it with the webhooks' retries, delivery log and SSRF guard
(infrastructure/webhooks)."""

import json
from uuid import UUID

from application.messaging.integration import RUN_FINISHED
from domain.accounts.entities import Role
from domain.runs.entities import Run
from domain.runs.repositories import RunReader
from domain.webhooks.repositories import CallbackTarget, RunCallbackReader
from infrastructure.http.api.v1.runs.mappers import to_model
from infrastructure.http.judge0.serialize import callback_body


def made_through_judge0(run: Run) -> bool:
    return "language_id" in run.extra  # the Judge0 layer keeps what it echoes back there


def render_callback(run: Run) -> tuple[str, str]:
    """(method, body) of the run's callback."""
    if made_through_judge0(run):
        return "PUT", json.dumps(callback_body(run), separators=(",", ":"))
    moment = run.finished_at or run.created_at
    data = to_model(run).model_dump(mode="json", by_alias=True)
    body = {"type": RUN_FINISHED, "timestamp": moment.isoformat(), "data": data}
    return "POST", json.dumps(body, separators=(",", ":"), ensure_ascii=False)


class StoredRunCallbacks(RunCallbackReader):
    def __init__(self, runs: RunReader) -> None:
        self._runs = runs

    async def callback_of_run(self, run_id: UUID) -> CallbackTarget | None:
        run = await self._runs.get(run_id)
        if run is None or not run.callback_url or run.owner_id is None:
            return None
        method, body = render_callback(run)
        # A run has no fields only a problem's managers may see: the least power is enough.
        return CallbackTarget(
            url=run.callback_url,
            account_id=run.owner_id,
            key_id=run.key_id,
            role=Role.USER,
            method=method,
            body=body,
        )

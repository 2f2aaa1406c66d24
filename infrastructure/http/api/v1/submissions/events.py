"""Live progress steps in the SSE wire format (`fastapi.sse`), data shaped like the REST models."""

import json
from collections.abc import AsyncIterator

from fastapi.sse import format_sse_event

from application.submissions.usecases import ProgressUpdate
from domain.submissions.progress import StepKind
from infrastructure.http.api.v1.submissions.mappers import to_model
from infrastructure.http.api.v1.submissions.models import TestResultModel

PING = b": ping\n\n"
RETRY_MS = 2000  # how soon a disconnected EventSource reconnects


def _data(update: ProgressUpdate) -> dict[str, object]:
    submission = update.submission
    step = update.step
    base: dict[str, object] = {"submissionId": str(submission.id)}
    if step.kind is StepKind.QUEUED:
        return {**base, "status": "queued"}
    if step.kind is StepKind.COMPILING:
        return {**base, "status": "judging", "attempt": step.position.attempt}
    if step.kind is StepKind.TEST:
        assert step.test is not None
        model = TestResultModel.model_validate(step.test, from_attributes=True)
        return {**base, **model.model_dump(mode="json", by_alias=True)}
    summary = to_model(submission).model_dump(mode="json", by_alias=True, exclude={"tests"})
    return {**base, **summary}


async def render_stream(updates: AsyncIterator[ProgressUpdate | None]) -> AsyncIterator[bytes]:
    yield format_sse_event(data_str=None, retry=RETRY_MS, comment="progress")
    async for update in updates:
        if update is None:
            yield PING
            continue
        yield format_sse_event(
            data_str=json.dumps(_data(update), separators=(",", ":")),
            event=update.step.kind.value,
            id=str(update.step.position),
        )

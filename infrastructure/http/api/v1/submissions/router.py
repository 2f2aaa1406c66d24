from typing import Annotated
from uuid import UUID

from dishka import AsyncContainer
from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter, Header, Query
from fastapi.responses import Response
from fastapi.sse import EventSourceResponse

from application.submissions.usecases import (
    CreateSubmission,
    CreateSubmissionInput,
    GetSubmission,
    GetSubmissionInput,
    ListSubmissions,
    ListSubmissionsInput,
    RejudgeProblem,
    RejudgeProblemInput,
    RejudgeSubmission,
    RejudgeSubmissionInput,
    StreamSubmission,
    StreamSubmissionInput,
)
from domain.exceptions import ValidationError
from domain.judging.enums import SubmissionStatus, Verdict
from domain.submissions.entities import Submission
from domain.submissions.repositories import SubmissionFilter
from infrastructure.http.api.v1.descriptions import describe
from infrastructure.http.api.v1.models import error_responses
from infrastructure.http.api.v1.submissions.events import render_stream
from infrastructure.http.api.v1.submissions.mappers import (
    decode_cursor,
    encode_cursor,
    source_of,
    to_detail,
    to_model,
)
from infrastructure.http.api.v1.submissions.models import (
    CreateSubmissionModel,
    RejudgeModel,
    SubmissionDetailModel,
    SubmissionPageModel,
)

router = APIRouter(tags=["submissions"], route_class=DishkaRoute, responses=error_responses(401, 403))

WAIT_DEFAULT_SECONDS = 30.0

WaitQuery = Annotated[
    str | None,
    Query(
        description="`true` (up to 30 s) or a number of seconds (at most 60): answer 200 once judged, or 202 "
        "with the current state when the time is up.",
        examples=["true", "5"],
    ),
]


class InvalidWaitError(ValidationError):
    code = "invalid_wait"


def wait_seconds(wait: str | None) -> float:
    if wait is None or wait.lower() in ("false", "0", ""):
        return 0.0
    if wait.lower() == "true":
        return WAIT_DEFAULT_SECONDS
    try:
        seconds = float(wait)
    except ValueError:
        raise InvalidWaitError("`wait` is `true`, `false` or a number of seconds.") from None
    if not 0 <= seconds <= 60:
        raise InvalidWaitError("`wait` must be between 0 and 60 seconds.")
    return seconds


def respond(model: SubmissionDetailModel, status: int) -> Response:
    # pydantic writes the JSON itself: the same document as JSONResponse(model_dump(mode="json")), cheaper.
    return Response(model.model_dump_json(by_alias=True), status_code=status, media_type="application/json")


async def submit(body: CreateSubmissionModel, create: CreateSubmission) -> Submission:
    """The submit itself, for this route and its fast path (infrastructure/http/fast_submit.py)."""
    source, files = source_of(body)
    return await create(
        CreateSubmissionInput(
            problem_id=body.problem_id,
            language=body.language,
            files=files,
            source=source,
            callback_url=body.callback_url,
        )
    )


@router.post(
    "/submissions",
    summary="Submit a program",
    description=describe(
        CreateSubmission,
        "Sources are bytes: `source` or a file's `content` as UTF-8 text, `sourceBase64` or `contentBase64` "
        "for any other bytes (exactly one of each pair, else 422 `ambiguous_source` / `ambiguous_content`; "
        "`invalid_base64`). Answers give a file as `content` when it is valid UTF-8, else `contentBase64`. "
        "Without `wait`: 201 at once (`queued`). With `wait`: 200 with the verdict once judged, or 202 with "
        "the current state at the timeout.",
    ),
    status_code=201,
    response_model=SubmissionDetailModel,
    responses={
        200: {"model": SubmissionDetailModel, "description": "Judged within `wait`."},
        202: {"model": SubmissionDetailModel, "description": "Not finished within `wait`."},
        **error_responses(404, 413, 422, 429),
    },
)
async def create_submission(
    body: CreateSubmissionModel,
    create: FromDishka[CreateSubmission],
    container: FromDishka[AsyncContainer],
    wait: WaitQuery = None,
) -> Response:
    seconds = wait_seconds(wait)
    submission = await submit(body, create)
    if seconds <= 0:
        return respond(to_detail(submission), 201)
    get = await container.get(GetSubmission)  # built only when waiting: most submits do not
    current = await get(GetSubmissionInput(submission_id=submission.id, wait_seconds=seconds))
    return respond(to_detail(current), 200 if current.status is SubmissionStatus.FINISHED else 202)


@router.get(
    "/submissions/{submission_id}",
    summary="A submission with its per-test results",
    description=describe(
        GetSubmission, "404 `submission_not_found`. With `wait`, answers once judged or at the timeout."
    ),
    response_model=SubmissionDetailModel,
    responses=error_responses(404),
)
async def get_submission(
    submission_id: UUID, get: FromDishka[GetSubmission], wait: WaitQuery = None
) -> SubmissionDetailModel:
    return to_detail(
        await get(GetSubmissionInput(submission_id=submission_id, wait_seconds=wait_seconds(wait)))
    )


@router.get(
    "/submissions/{submission_id}/events",
    summary="A submission's live progress (Server-Sent Events)",
    description=describe(
        StreamSubmission,
        "`text/event-stream`: `queued`, `compiling`, one `test` per judged test (in test order), then "
        "`verdict`, and the stream ends. Each event has an `id`; reconnect with `Last-Event-ID` to receive "
        "exactly the events after it. A `: ping` comment keeps an idle stream open. Data is JSON, filtered "
        "like `GET /submissions/{id}`. 404 `submission_not_found`; 422 `invalid_last_event_id`.",
    ),
    # Not `response_class=EventSourceResponse`: FastAPI would then treat the endpoint as a generator.
    response_model=None,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "The event stream."},
        **error_responses(404),
    },
)
async def stream_submission(
    submission_id: UUID,
    stream: FromDishka[StreamSubmission],
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> EventSourceResponse:
    updates = await stream(StreamSubmissionInput(submission_id=submission_id, last_event_id=last_event_id))
    return EventSourceResponse(render_stream(updates), headers={"Cache-Control": "no-cache"})


@router.get(
    "/submissions",
    summary="Submissions, newest first",
    description=describe(
        ListSubmissions,
        "Filter by `problemId`, `status` and `verdict`; page with `limit` and the `nextCursor` of the "
        "previous page. Test results are in the single-submission view.",
    ),
    response_model=SubmissionPageModel,
)
async def list_submissions(
    use_case: FromDishka[ListSubmissions],
    problem_id: Annotated[UUID | None, Query(alias="problemId")] = None,
    status: SubmissionStatus | None = None,
    verdict: Verdict | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: str | None = None,
) -> SubmissionPageModel:
    page = await use_case(
        ListSubmissionsInput(
            filters=SubmissionFilter(problem_id=problem_id, status=status, verdict=verdict),
            after=decode_cursor(cursor),
            limit=limit,
        )
    )
    return SubmissionPageModel(
        items=[to_model(item) for item in page.items], next_cursor=encode_cursor(page.next_cursor)
    )


@router.post(
    "/submissions/{submission_id}/rejudge",
    summary="Judge a submission again",
    description=describe(RejudgeSubmission, "202 with the requeued ids."),
    status_code=202,
    response_model=RejudgeModel,
    responses=error_responses(404),
)
async def rejudge_submission(submission_id: UUID, use_case: FromDishka[RejudgeSubmission]) -> RejudgeModel:
    result = await use_case(RejudgeSubmissionInput(submission_id=submission_id))
    return RejudgeModel(requeued=result.requeued)


@router.post(
    "/problems/{problem_id}/rejudge",
    summary="Judge every submission to a problem again",
    description=describe(RejudgeProblem, "202 with the requeued ids."),
    status_code=202,
    response_model=RejudgeModel,
    responses=error_responses(404),
)
async def rejudge_problem(problem_id: UUID, use_case: FromDishka[RejudgeProblem]) -> RejudgeModel:
    result = await use_case(RejudgeProblemInput(problem_id=problem_id))
    return RejudgeModel(requeued=result.requeued)

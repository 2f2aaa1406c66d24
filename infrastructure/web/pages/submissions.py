"""Submission pages: the list with filters, one submission with its per-test rows (updated live while it is
judged), compile output and highlighted source, and the rejudge button for the problem's managers."""

from typing import Annotated, TypeVar
from uuid import UUID

from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse
from fastapi.sse import EventSourceResponse
from starlette.responses import RedirectResponse, Response

from application.problems.access import ProblemView
from application.problems.usecases import GetProblem, GetProblemInput
from application.submissions.usecases import (
    GetSubmission,
    GetSubmissionInput,
    ListSubmissions,
    ListSubmissionsInput,
    RejudgeSubmission,
    RejudgeSubmissionInput,
    StreamSubmission,
    StreamSubmissionInput,
)
from domain.exceptions import NotFoundError
from domain.judging.enums import SubmissionStatus, Verdict
from domain.submissions.repositories import SubmissionFilter
from infrastructure.http.api.v1.submissions.events import render_stream
from infrastructure.http.api.v1.submissions.mappers import decode_cursor, encode_cursor, to_model
from infrastructure.web.highlight import highlight_bytes
from infrastructure.web.rendering import VERDICT_LABELS, Page
from infrastructure.web.route import CheckedForm, WebRoute

router = APIRouter(prefix="/submissions", route_class=WebRoute, include_in_schema=False)
# The live state is JSON for the page's script: errors stay the API's JSON ErrorModel.
live_router = APIRouter(prefix="/submissions", route_class=DishkaRoute, include_in_schema=False)

PAGE_SIZE = 50
T = TypeVar("T", SubmissionStatus, Verdict)
NOTICES = {"rejudged": "Sent back to the judges: the new results replace the old ones as they arrive."}


async def _problem(get_problem: GetProblem, problem_id: UUID) -> ProblemView | None:
    """The problem as this person may see it; None when they may not (a problem made a draft since)."""
    try:
        return await get_problem(GetProblemInput(problem_id=problem_id))
    except NotFoundError:
        return None


def _enum(kind: type[T], value: str | None) -> T | None:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


@router.get("")
async def submissions_page(
    page: FromDishka[Page],
    list_submissions: FromDishka[ListSubmissions],
    get_problem: FromDishka[GetProblem],
    problem: UUID | None = None,
    status: str | None = None,
    verdict: str | None = None,
    cursor: str | None = None,
    notice: str | None = None,
) -> Response:
    filters = SubmissionFilter(
        problem_id=problem, status=_enum(SubmissionStatus, status), verdict=_enum(Verdict, verdict)
    )
    listed = await list_submissions(
        ListSubmissionsInput(filters=filters, after=decode_cursor(cursor), limit=PAGE_SIZE)
    )
    problems: dict[UUID, ProblemView | None] = {}
    for item in listed.items:
        if item.problem_id not in problems:
            problems[item.problem_id] = await _problem(get_problem, item.problem_id)
    me = await page.me()
    context = {
        "submissions": listed.items,
        "problems": problems,
        "mine": me.principal.account_id,
        "filter_problem": problems.get(problem) if problem else None,
        "filters": {
            "problem": str(problem or ""),
            "status": filters.status or "",
            "verdict": filters.verdict or "",
        },
        "statuses": list(SubmissionStatus),
        "verdicts": VERDICT_LABELS,
        "next_cursor": encode_cursor(listed.next_cursor),
        "notice": NOTICES.get(notice or ""),
    }
    return await page.render("submissions.html", context)


@router.get("/{submission_id}")
async def submission_page(
    submission_id: UUID,
    page: FromDishka[Page],
    get_submission: FromDishka[GetSubmission],
    get_problem: FromDishka[GetProblem],
    notice: Annotated[str | None, Query()] = None,
) -> Response:
    submission = await get_submission(GetSubmissionInput(submission_id=submission_id))
    view = await _problem(get_problem, submission.problem_id)
    context = {
        "submission": submission,
        "problem": view.problem if view else None,
        "managed": bool(view and view.managed),
        "finished": submission.status is SubmissionStatus.FINISHED,
        "sources": [(file.name, *highlight_bytes(file.name, file.content)) for file in submission.files],
        "notice": NOTICES.get(notice or ""),
    }
    return await page.render("submission.html", context)


@live_router.get("/{submission_id}/live")
async def submission_live(submission_id: UUID, get_submission: FromDishka[GetSubmission]) -> JSONResponse:
    """The submission's current state (the API's submission model), polled by `submission.js`."""
    submission = await get_submission(GetSubmissionInput(submission_id=submission_id))
    body = to_model(submission).model_dump(mode="json", by_alias=True)
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


@live_router.get("/{submission_id}/events", response_model=None)
async def submission_events(
    submission_id: UUID,
    stream: FromDishka[StreamSubmission],
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> EventSourceResponse:
    """The submission's live progress for `submission.js`: the API's event stream (same steps, same
    filtering) read with the page's session; the script falls back to polling `/live` without it."""
    updates = await stream(StreamSubmissionInput(submission_id=submission_id, last_event_id=last_event_id))
    return EventSourceResponse(render_stream(updates), headers={"Cache-Control": "no-cache"})


@router.post("/{submission_id}/rejudge")
async def rejudge(submission_id: UUID, form: CheckedForm, rejudge: FromDishka[RejudgeSubmission]) -> Response:
    await rejudge(RejudgeSubmissionInput(submission_id=submission_id))
    return RedirectResponse(f"/submissions/{submission_id}?notice=rejudged", status_code=303)

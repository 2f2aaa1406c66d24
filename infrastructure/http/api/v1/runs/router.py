import base64
import binascii
from typing import Annotated
from uuid import UUID

from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from application.runs.usecases import CreateRuns, CreateRunsInput, GetRuns, GetRunsInput, RunRequest
from domain.runs.entities import Run, RunFile, RunStatus
from domain.runs.exceptions import InvalidRunError, RunNotFoundError
from infrastructure.http.api.v1.descriptions import describe
from infrastructure.http.api.v1.models import error_responses
from infrastructure.http.api.v1.runs.mappers import to_model
from infrastructure.http.api.v1.runs.models import CreateRunModel, CreateRunsModel, RunListModel, RunModel
from infrastructure.http.api.v1.submissions.router import wait_seconds

router = APIRouter(tags=["runs"], route_class=DishkaRoute, responses=error_responses(401))

WaitQuery = Annotated[
    str | None,
    Query(
        description="`true` (up to 30 s) or a number of seconds (at most 60): answer 200 once finished, or "
        "202 with the current state when the time is up.",
        examples=["1"],
    ),
]


def _bytes(text: str | None, encoded: str | None, field: str) -> bytes | None:
    if text is not None and encoded is not None:
        raise InvalidRunError(f"Give `{field}` or `{field}Base64`, not both.", details={"field": field})
    if encoded is not None:
        try:
            return base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidRunError(f"`{field}Base64` is not base64.", details={"field": field}) from None
    return text.encode() if text is not None else None


def to_request(body: CreateRunModel) -> RunRequest:
    files = [
        RunFile(name=f.name, content=_bytes(f.content, f.content_base64, "content") or b"")
        for f in body.files or []
    ]
    limits = body.limits
    return RunRequest(
        language=body.language,
        source=_bytes(body.source, body.source_base64, "source"),
        files=files,
        stdin=_bytes(body.stdin, body.stdin_base64, "stdin") or b"",
        expected_output=body.expected_output.encode() if body.expected_output is not None else None,
        cpu_ms=limits.time_ms if limits else None,
        wall_ms=limits.wall_time_ms if limits else None,
        memory_kb=limits.memory_kb if limits else None,
        processes=limits.processes if limits else None,
        output_kb=limits.output_kb if limits else None,
        args=list(body.args or []),
        compiler_options=body.compiler_options,
        callback_url=body.callback_url,
        additional_files=_bytes(None, body.additional_files_base64, "additionalFiles"),
    )


def _json(content: object, status: int) -> JSONResponse:
    return JSONResponse(status_code=status, content=content)


@router.post(
    "/runs",
    summary="Run a program once on an input",
    description=describe(
        CreateRuns,
        "Without `wait`: 201 at once (`queued`). With `wait`: 200 once finished, or 202 with the current "
        "state at the timeout. Outputs are text, or base64 (`stdoutBase64`) when not UTF-8.",
    ),
    status_code=201,
    response_model=RunModel,
    responses={
        200: {"model": RunModel, "description": "Finished within `wait`."},
        202: {"model": RunModel, "description": "Not finished within `wait`."},
        **error_responses(413, 422, 429),
    },
)
async def create_run(
    body: CreateRunModel, create: FromDishka[CreateRuns], get: FromDishka[GetRuns], wait: WaitQuery = None
) -> JSONResponse:
    seconds = wait_seconds(wait)
    (run,) = await create(CreateRunsInput(runs=[to_request(body)]))
    if seconds > 0:
        (current,) = await get(GetRunsInput(run_ids=[run.id], wait_seconds=seconds))
        run = current or run
    status = 201 if seconds <= 0 else (200 if run.status is RunStatus.FINISHED else 202)
    return _json(to_model(run).model_dump(mode="json", by_alias=True), status)


@router.post(
    "/runs/batch",
    summary="Several runs at once (at most 20)",
    description=describe(CreateRuns, "201 with the runs in the order given; `wait` as for one run."),
    status_code=201,
    response_model=RunListModel,
    responses=error_responses(413, 422, 429),
)
async def create_runs(
    body: CreateRunsModel, create: FromDishka[CreateRuns], get: FromDishka[GetRuns], wait: WaitQuery = None
) -> JSONResponse:
    seconds = wait_seconds(wait)
    runs: list[Run | None] = list(await create(CreateRunsInput(runs=[to_request(b) for b in body.runs])))
    if seconds > 0:
        runs = await get(GetRunsInput(run_ids=[r.id for r in runs if r], wait_seconds=seconds))
    done = all(r is not None and r.status is RunStatus.FINISHED for r in runs)
    status = 201 if seconds <= 0 else (200 if done else 202)
    content = RunListModel(runs=[to_model(r) if r else None for r in runs])
    return _json(content.model_dump(mode="json", by_alias=True), status)


@router.get(
    "/runs/batch",
    summary="Several runs by id (at most 20)",
    description=describe(GetRuns, "`ids`: comma-separated; an unknown or someone else's run is null."),
    response_model=RunListModel,
    responses=error_responses(422),
)
async def get_runs(
    get: FromDishka[GetRuns], ids: Annotated[str, Query(max_length=1000)], wait: WaitQuery = None
) -> RunListModel:
    try:
        run_ids = [UUID(part) for part in ids.split(",") if part.strip()]
    except ValueError:
        raise InvalidRunError("`ids` are comma-separated run ids.", details={"field": "ids"}) from None
    runs = await get(GetRunsInput(run_ids=run_ids, wait_seconds=wait_seconds(wait)))
    return RunListModel(runs=[to_model(r) if r else None for r in runs])


@router.get(
    "/runs/{run_id}",
    summary="A run and its result",
    description=describe(
        GetRuns, "404 `run_not_found`. With `wait`, answers once finished or at the timeout."
    ),
    response_model=RunModel,
    responses=error_responses(404),
)
async def get_run(run_id: UUID, get: FromDishka[GetRuns], wait: WaitQuery = None) -> RunModel:
    (run,) = await get(GetRunsInput(run_ids=[run_id], wait_seconds=wait_seconds(wait)))
    if run is None:
        raise RunNotFoundError(f"Run {run_id} does not exist.")
    return to_model(run)

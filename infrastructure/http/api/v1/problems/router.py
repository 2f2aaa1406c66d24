from typing import Annotated
from uuid import UUID

from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter, Query, Response, status

from application.problems.usecases import (
    CreateProblem,
    DeleteProblem,
    DeleteProblemInput,
    GetProblem,
    GetProblemInput,
    ListProblems,
    ListProblemsInput,
    UpdateProblem,
)
from application.problems.usecases.list_problems import MAX_OFFSET, MAX_PAGE_SIZE
from infrastructure.http.api.v1.descriptions import describe
from infrastructure.http.api.v1.models import error_responses
from infrastructure.http.api.v1.problems.mappers import (
    as_problem_model,
    as_problem_view_model,
    create_input,
    update_input,
)
from infrastructure.http.api.v1.problems.models import (
    ProblemCreateModel,
    ProblemModel,
    ProblemPageModel,
    ProblemUpdateModel,
)

router = APIRouter(
    prefix="/problems", tags=["problems"], route_class=DishkaRoute, responses=error_responses(401, 403)
)

_VALIDATION = (
    "422: a field breaks a rule (`invalid_problem`, `invalid_checker`, `invalid_group`, "
    "`unknown_language` for a custom checker's language, `validation_error` for malformed JSON)."
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a problem",
    description=describe(
        CreateProblem,
        "409 `slug_taken`. Limits: timeMs 1-60000, memoryMb 1-4096, outputKb 1-1048576, wallTimeMs >= "
        "timeMs (at most 120000) or null; a limit past its ceiling is a 422 naming it. "
        + _VALIDATION
        + " 413: a custom checker's source over 1 MiB.",
    ),
    response_model=ProblemModel,
    responses=error_responses(409, 413, 422),
)
async def create_problem(body: ProblemCreateModel, use_case: FromDishka[CreateProblem]) -> ProblemModel:
    return as_problem_model(await use_case(create_input(body)))


@router.get(
    "",
    summary="List problems",
    description=describe(
        ListProblems, f"`limit` 1-{MAX_PAGE_SIZE}, default 20; `total` counts them over all pages."
    ),
    response_model=ProblemPageModel,
    responses=error_responses(422),
)
async def list_problems(
    use_case: FromDishka[ListProblems],
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Problems to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size.")] = 20,
) -> ProblemPageModel:
    page = await use_case(ListProblemsInput(offset=offset, limit=limit))
    return ProblemPageModel(
        items=[as_problem_view_model(view) for view in page.problems],
        total=page.total,
        offset=page.offset,
        limit=page.limit,
    )


@router.get(
    "/{problem_id}",
    summary="Get a problem",
    description=describe(GetProblem, "404 `problem_not_found`."),
    response_model=ProblemModel,
    responses=error_responses(404),
)
async def get_problem(problem_id: UUID, use_case: FromDishka[GetProblem]) -> ProblemModel:
    return as_problem_view_model(await use_case(GetProblemInput(problem_id=problem_id)))


@router.patch(
    "/{problem_id}",
    summary="Change a problem",
    description=describe(
        UpdateProblem,
        "Each field given replaces the stored value whole (give all of `limits`). 404 `problem_not_found`; "
        "409 `slug_taken`, or `group_in_use` when dropped groups still hold tests. " + _VALIDATION,
    ),
    response_model=ProblemModel,
    responses=error_responses(404, 409, 413, 422),
)
async def update_problem(
    problem_id: UUID, body: ProblemUpdateModel, use_case: FromDishka[UpdateProblem]
) -> ProblemModel:
    return as_problem_model(await use_case(update_input(problem_id, body)))


@router.delete(
    "/{problem_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Delete a problem",
    description=describe(DeleteProblem, "404 `problem_not_found`."),
    responses=error_responses(404),
)
async def delete_problem(problem_id: UUID, use_case: FromDishka[DeleteProblem]) -> None:
    await use_case(DeleteProblemInput(problem_id=problem_id))

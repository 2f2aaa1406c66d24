from typing import Annotated, Any
from uuid import UUID

from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter, Query, Request, Response, status

from application.problems.policy import UploadPolicy
from application.problems.usecases import (
    AddTest,
    AddTestsFromArchive,
    AddTestsFromArchiveInput,
    DeleteTest,
    DeleteTestInput,
    GetTest,
    GetTestInput,
    ListTests,
    ListTestsInput,
)
from application.problems.usecases.list_tests import (
    DEFAULT_TEST_PAGE_SIZE,
    MAX_TEST_OFFSET,
    MAX_TEST_PAGE_SIZE,
)
from domain.problems.exceptions import InvalidArchiveError
from infrastructure.http.api.v1.descriptions import describe
from infrastructure.http.api.v1.models import error_responses
from infrastructure.http.api.v1.packages.upload import receive
from infrastructure.http.api.v1.problems.mappers import (
    add_test_input,
    as_test_model,
    as_test_with_data_model,
)
from infrastructure.http.api.v1.problems.models import (
    TestCaseCreateModel,
    TestCaseModel,
    TestCasePageModel,
    TestCaseWithDataModel,
)
from infrastructure.packages.files import TempFiles

router = APIRouter(
    prefix="/problems/{problem_id}/tests",
    tags=["tests"],
    route_class=DishkaRoute,
    responses=error_responses(401, 403),
)

ARCHIVE_OVERHEAD_BYTES = 16 * 1024 * 1024
"""Room for zip headers above the problem's data limit: a stored (uncompressed) archive is a bit larger
than its content."""

_ARCHIVE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The zip: multipart field `archive`, or the zip as the body. Streamed to disk as it "
        "arrives.",
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["archive"],
                    "properties": {"archive": {"type": "string", "format": "binary"}},
                }
            },
            "application/zip": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}

_LIMITS = (
    "413 `too_large`: an input or answer over TEST_MAX_BYTES, or all the problem's tests over "
    "PROBLEM_MAX_BYTES. 422 `too_many_tests`: the problem would have more than PROBLEM_MAX_TESTS tests "
    "(`details.limit`)."
)
_BODY_LIMIT = (
    " 413 `request_too_large`: the body is over {setting} (refused while it is read; `details.limit`)."
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add a test",
    description=describe(
        AddTest,
        "Input and answer as UTF-8 text (`input`, `answer`) or base64 (`inputBase64`, `answerBase64`), "
        "exactly one form each. `name` defaults to one past the largest numeric name; `group` defaults to "
        "`default`. Tests run in natural order of their names (2 before 10). 404 `problem_not_found`; 409 "
        "`test_name_taken`; 422 `invalid_test`, `validation_error`. "
        + _LIMITS
        + _BODY_LIMIT.format(setting="REQUEST_MAX_BYTES: send larger tests as an archive"),
    ),
    response_model=TestCaseModel,
    responses=error_responses(404, 409, 413, 422),
)
async def add_test(
    problem_id: UUID, body: TestCaseCreateModel, use_case: FromDishka[AddTest]
) -> TestCaseModel:
    added = await use_case(add_test_input(problem_id, body))
    return as_test_model(added.test, added.index)


@router.post(
    "/archive",
    status_code=status.HTTP_201_CREATED,
    summary="Add tests from a zip archive",
    description=describe(
        AddTestsFromArchive,
        "Multipart field `archive`: a zip of `NAME.in` with `NAME.ans` (or `NAME.out`), at the top level "
        "(group `default`) or in one directory, which names the test's group. Tests under `sample/` are "
        "samples, in group `sample` if the problem declares it, else in `default`. Refused with 422 "
        "`invalid_archive`: not a zip, absolute paths, `..`, links, encrypted, unpaired, unknown or "
        "duplicate files, deeper directories, too many entries. 413 `too_large`: a file over "
        "TEST_MAX_BYTES, the problem over PROBLEM_MAX_BYTES, or an archive that expands more than "
        "ARCHIVE_MAX_RATIO times its size. 404 `problem_not_found`; 409 `test_name_taken`. 422 "
        "`too_many_tests`: over PROBLEM_MAX_TESTS tests with those already there. Returns the new tests in "
        "judging order." + _BODY_LIMIT.format(setting="UPLOAD_MAX_BYTES"),
    ),
    response_model=list[TestCaseModel],
    responses=error_responses(404, 409, 413, 422),
    openapi_extra=_ARCHIVE_BODY,
)
async def add_tests_from_archive(
    problem_id: UUID,
    request: Request,
    use_case: FromDishka[AddTestsFromArchive],
    policy: FromDishka[UploadPolicy],
    temp: FromDishka[TempFiles],
) -> list[TestCaseModel]:
    limit = policy.problem_max_bytes + ARCHIVE_OVERHEAD_BYTES
    upload = await receive(request, temp, limit, file_field="archive", invalid=InvalidArchiveError)
    try:
        added = await use_case(AddTestsFromArchiveInput(problem_id=problem_id, location=str(upload.path)))
    finally:
        temp.remove(upload.path)
    return [as_test_model(item.test, item.index) for item in added]


@router.get(
    "",
    summary="List a problem's tests",
    description=describe(
        ListTests,
        "Judging order is the natural sort of names; `index` counts from 1 over all tests. "
        f"`offset` >= 0, `limit` 1-{MAX_TEST_PAGE_SIZE} (default {DEFAULT_TEST_PAGE_SIZE}); `total` "
        "counts them over all pages.",
        "404 `problem_not_found`; 422 `validation_error` for an offset or limit out of bounds.",
    ),
    response_model=TestCasePageModel,
    responses=error_responses(404, 422),
)
async def list_tests(
    problem_id: UUID,
    use_case: FromDishka[ListTests],
    offset: Annotated[int, Query(ge=0, le=MAX_TEST_OFFSET, description="Tests to skip.")] = 0,
    limit: Annotated[
        int, Query(ge=1, le=MAX_TEST_PAGE_SIZE, description="Page size.")
    ] = DEFAULT_TEST_PAGE_SIZE,
) -> TestCasePageModel:
    listed = await use_case(ListTestsInput(problem_id=problem_id, offset=offset, limit=limit))
    return TestCasePageModel(
        items=[as_test_model(item.test, item.index) for item in listed.tests],
        total=listed.total,
        offset=listed.offset,
        limit=listed.limit,
    )


@router.get(
    "/{test_id}",
    summary="Get a test with its data",
    description=describe(
        GetTest,
        "Data that is valid UTF-8 comes as text (`input`, `answer`), other data as base64 (`inputBase64`, "
        "`answerBase64`); the other field of each pair is null. 404 `problem_not_found`, `test_not_found`.",
    ),
    response_model=TestCaseWithDataModel,
    responses=error_responses(404),
)
async def get_test(problem_id: UUID, test_id: UUID, use_case: FromDishka[GetTest]) -> TestCaseWithDataModel:
    return as_test_with_data_model(await use_case(GetTestInput(problem_id=problem_id, test_id=test_id)))


@router.delete(
    "/{test_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Delete a test",
    description=describe(DeleteTest, "404 `problem_not_found`, `test_not_found`."),
    responses=error_responses(404),
)
async def delete_test(problem_id: UUID, test_id: UUID, use_case: FromDishka[DeleteTest]) -> None:
    await use_case(DeleteTestInput(problem_id=problem_id, test_id=test_id))

import mimetypes
from inspect import getdoc
from typing import Annotated, Any
from uuid import UUID

from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from application.packages.usecases import (
    ExportPackage,
    ExportPackageInput,
    GetProblemFile,
    GetProblemFileInput,
    GetVerification,
    GetVerificationInput,
    ImportPackage,
    ImportPackageInput,
    ListProblemFiles,
    ListProblemFilesInput,
)
from application.problems.policy import UploadPolicy
from domain.accounts.entities import Visibility
from domain.packages.exceptions import InvalidPackageError
from infrastructure.http.api.v1.models import error_responses
from infrastructure.http.api.v1.packages.models import (
    ImportVerificationModel,
    ProblemFileModel,
    ProblemImportModel,
    SkippedJuryModel,
    VerificationModel,
    VerificationResultModel,
)
from infrastructure.http.api.v1.packages.upload import receive
from infrastructure.http.api.v1.problems.mappers import as_problem_model
from infrastructure.packages.files import TempFiles

router = APIRouter(
    prefix="/problems", tags=["packages"], route_class=DishkaRoute, responses=error_responses(401, 403)
)

UPLOAD_OVERHEAD_BYTES = 80 * 1024 * 1024
"""Room above PROBLEM_MAX_BYTES for zip headers and what is not test data (sources, metadata)."""
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"}
"""Served inline; anything else (SVG, HTML…) is a download, so a package cannot run script on our origin."""
FILE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-cache",
}

_IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The package zip: multipart field `package` (plus optional fields `slug`, "
        "`visibility`, `verify`), or the zip as the body.",
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["package"],
                    "properties": {
                        "package": {"type": "string", "format": "binary"},
                        "slug": {"type": "string"},
                        "visibility": {"type": "string", "enum": ["draft", "public"]},
                        "verify": {"type": "boolean"},
                    },
                }
            },
            "application/zip": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


def _flag(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    raise InvalidPackageError(f"{name} must be true or false", details={"file": "(upload)", "field": name})


@router.post(
    "/import",
    status_code=status.HTTP_201_CREATED,
    summary="Import a problem package",
    description=(getdoc(ImportPackage) or "")
    + "\n\nFormats: ICPC/Kattis `legacy` and `2023-07`/`2025-09` (see the README for what is kept, mapped "
    "or ignored). Options (query or form fields): `slug` (default from the package's short name or file "
    "name), `visibility` (`draft`), `verify` (true). 422 `invalid_package` (details name the `file` and "
    "`field`): not a zip, no problem.yaml, bad YAML, unknown validation type, no data/secret, an `.in` "
    "without `.ans`, a validator in an unsupported language, unsafe archives (absolute or `..` paths, "
    "links out of the package, special files). 422 `unsupported_package` (multi-pass, submit-answer, "
    "unbounded scores), `interactive_not_supported`. 413 `too_large`: a file over TEST_MAX_BYTES, the "
    "problem over PROBLEM_MAX_BYTES, an archive expanding over ARCHIVE_MAX_RATIO times. 409 `slug_taken`.",
    response_model=ProblemImportModel,
    responses=error_responses(409, 413, 422),
    openapi_extra=_IMPORT_BODY,
)
async def import_package(
    request: Request,
    use_case: FromDishka[ImportPackage],
    policy: FromDishka[UploadPolicy],
    temp: FromDishka[TempFiles],
    slug: Annotated[str | None, Query(description="The new problem's slug.")] = None,
    visibility: Annotated[Visibility | None, Query(description="Default `draft`.")] = None,
    verify: Annotated[bool | None, Query(description="Judge the jury submissions (default true).")] = None,
) -> ProblemImportModel:
    upload = await receive(request, temp, policy.problem_max_bytes + UPLOAD_OVERHEAD_BYTES)
    try:
        fields = upload.fields
        chosen_visibility = visibility
        if chosen_visibility is None and "visibility" in fields:
            try:
                chosen_visibility = Visibility(fields["visibility"])
            except ValueError:
                raise InvalidPackageError(
                    "visibility must be draft or public", details={"file": "(upload)", "field": "visibility"}
                ) from None
        result = await use_case(
            ImportPackageInput(
                location=str(upload.path),
                file_name=upload.file_name,
                slug=slug if slug is not None else fields.get("slug"),
                visibility=chosen_visibility or Visibility.DRAFT,
                verify=verify if verify is not None else _flag(fields.get("verify", "true"), "verify"),
            )
        )
    finally:
        temp.remove(upload.path)
    problem = as_problem_model(result.problem)
    return ProblemImportModel(
        **problem.model_dump(),
        warnings=result.warnings,
        verification=ImportVerificationModel(state=result.verification_state, total=result.jury_total),
    )


@router.get(
    "/{problem_id}/verification",
    summary="The jury check of an imported package",
    description=(getdoc(GetVerification) or "") + " 404 `problem_not_found`; 403 for non-managers.",
    response_model=VerificationModel,
    responses=error_responses(404),
)
async def get_verification(problem_id: UUID, use_case: FromDishka[GetVerification]) -> VerificationModel:
    report = await use_case(GetVerificationInput(problem_id=problem_id))
    return VerificationModel(
        state=report.state,
        total=report.total,
        matched=report.matched,
        time_limit_ms=report.time_limit_ms,
        time_limit_source=report.time_limit_source,
        notes=report.notes,
        results=[
            VerificationResultModel(
                path=result.path,
                language=result.language,
                expected=result.expected,
                expected_score=list(result.expected_score) if result.expected_score else None,
                partial=result.partial,
                submission_id=result.submission_id,
                status=result.status,
                verdict=result.verdict,
                score=result.score,
                max_score=result.max_score,
                time_ms=result.time_ms,
                matches=result.matches,
            )
            for result in report.results
        ],
        skipped=[
            SkippedJuryModel(path=item.path, language=item.language, reason=item.reason)
            for item in report.skipped
        ],
    )


@router.get(
    "/{problem_id}/package",
    summary="Export the problem as a package",
    description=(getdoc(ExportPackage) or "") + " A zip (application/zip). 404 `problem_not_found`.",
    response_class=FileResponse,
    responses={**error_responses(404), 200: {"content": {"application/zip": {}}}},
)
async def export_package(problem_id: UUID, use_case: FromDishka[ExportPackage]) -> FileResponse:
    exported = await use_case(ExportPackageInput(problem_id=problem_id))
    return FileResponse(
        exported.location,
        media_type="application/zip",
        filename=exported.file_name,
        background=BackgroundTask(TempFiles.remove, exported.location),
    )


@router.get(
    "/{problem_id}/files",
    summary="List a problem's files",
    description=(getdoc(ListProblemFiles) or "") + " 404 `problem_not_found`.",
    response_model=list[ProblemFileModel],
    responses=error_responses(404),
)
async def list_files(problem_id: UUID, use_case: FromDishka[ListProblemFiles]) -> list[ProblemFileModel]:
    files = await use_case(ListProblemFilesInput(problem_id=problem_id))
    return [ProblemFileModel.model_validate(file, from_attributes=True) for file in files]


@router.get(
    "/{problem_id}/files/{path:path}",
    summary="Download a problem file",
    description=(getdoc(GetProblemFile) or "")
    + " Images, PDF and plain text are served inline, anything else as a download; every file with a "
    "sandboxing Content-Security-Policy. 404 `problem_not_found`, `problem_file_not_found`.",
    response_class=Response,
    responses={**error_responses(404), 200: {"content": {"application/octet-stream": {}}}},
)
async def get_file(problem_id: UUID, path: str, use_case: FromDishka[GetProblemFile]) -> Response:
    found = await use_case(GetProblemFileInput(problem_id=problem_id, path=path))
    guessed = mimetypes.guess_type(found.file.path)[0] or "application/octet-stream"
    inline = guessed in INLINE_TYPES
    name = found.file.path.rsplit("/", 1)[-1]
    headers = {
        **FILE_HEADERS,
        "Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{name}"',
    }
    return Response(
        content=found.content, media_type=guessed if inline else "application/octet-stream", headers=headers
    )

"""Problem pages: the list, a problem with its statement, limits, samples and the submit form, and for
authors the problem form (create, edit, upload tests, publish, rejudge)."""

from collections.abc import AsyncIterator
from typing import Annotated, Any
from uuid import UUID

from dishka.integrations.fastapi import FromDishka
from fastapi import APIRouter, Query
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse, Response

from application.languages.usecases import ListLanguages
from application.problems.policy import UploadPolicy
from application.problems.usecases import (
    AddTestsFromArchive,
    AddTestsFromArchiveInput,
    CreateProblem,
    CreateProblemInput,
    GetProblem,
    GetProblemInput,
    GetTest,
    GetTestInput,
    ListProblems,
    ListProblemsInput,
    ListTests,
    ListTestsInput,
    UpdateProblem,
    UpdateProblemInput,
)
from application.problems.usecases.list_tests import MAX_TEST_PAGE_SIZE
from application.submissions.policy import SubmissionPolicy
from application.submissions.usecases import (
    CreateSubmission,
    CreateSubmissionInput,
    RejudgeProblem,
    RejudgeProblemInput,
)
from domain.accounts.access import can_author
from domain.accounts.entities import Visibility
from domain.accounts.exceptions import ForbiddenError, NotAuthenticatedError
from domain.exceptions import DomainError, NotFoundError, TooLargeError
from domain.languages.entities import Language
from domain.languages.specs import LANGUAGE_SPECS
from domain.submissions.entities import SourceFile
from infrastructure.http.api.v1.problems.tests_router import ARCHIVE_OVERHEAD_BYTES
from infrastructure.http.errors import status_for
from infrastructure.packages.files import TempFiles
from infrastructure.web.forms import FormError, form_values, new_problem_values, parse_problem, problem_values
from infrastructure.web.markdown import render_statement
from infrastructure.web.rendering import Page
from infrastructure.web.route import CheckedForm, WebRoute

router = APIRouter(prefix="/problems", route_class=WebRoute, include_in_schema=False)

PAGE_SIZE = 50
MAX_SAMPLES_SHOWN = 10
SAMPLE_SHOWN_BYTES = 16 * 1024
UPLOAD_CHUNK_BYTES = 1024 * 1024
EDIT_PAGE_TESTS = MAX_TEST_PAGE_SIZE

NOTICES = {
    "created": "Problem created as a draft: add tests, then publish it.",
    "saved": "Saved.",
    "tests-added": "Tests added.",
    "published": "Published: every user can see and solve it now.",
    "unpublished": "Back to draft: only its author and admins see it.",
}


def _notice(key: str | None) -> str | None:
    return NOTICES.get(key or "")


def _shown_on_form(error: DomainError) -> bool:
    """Whether the form is shown again with this message; otherwise (not signed in, not allowed, not found)
    the whole page answers for it."""
    return not isinstance(error, NotAuthenticatedError | ForbiddenError | NotFoundError)


def _shown(data: bytes) -> tuple[str, bool]:
    """A sample's text for the page and whether it was cut."""
    return data[:SAMPLE_SHOWN_BYTES].decode(errors="replace"), len(data) > SAMPLE_SHOWN_BYTES


@router.get("")
async def problems_page(
    page: FromDishka[Page],
    list_problems: FromDishka[ListProblems],
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    listed = await list_problems(ListProblemsInput(offset=offset, limit=PAGE_SIZE))
    context = {
        "problems": listed.problems,
        "total": listed.total,
        "offset": offset,
        "previous": max(offset - PAGE_SIZE, 0) if offset else None,
        "next": offset + PAGE_SIZE if offset + PAGE_SIZE < listed.total else None,
    }
    return await page.render("problems.html", context)


async def _form_page(page: Page, values: dict[str, str], error: str | None, status: int) -> Response:
    me = await page.me()
    if not can_author(me.principal):
        raise ForbiddenError("Only authors and admins create problems.")
    return await page.render("problem_form.html", {"values": values, "error": error}, status=status)


@router.get("/new")
async def new_problem_page(page: FromDishka[Page]) -> Response:
    return await _form_page(page, new_problem_values(), None, 200)


@router.post("/new")
async def create_problem(
    form: CheckedForm, page: FromDishka[Page], create: FromDishka[CreateProblem]
) -> Response:
    values = form_values(form)
    try:
        fields = parse_problem(values)
        problem = await create(CreateProblemInput(**fields.as_input(), visibility=Visibility.DRAFT))
    except DomainError as error:
        if not _shown_on_form(error):
            raise
        return await _form_page(page, values, error.message, status_for(error))
    return RedirectResponse(f"/problems/{problem.id}/edit?notice=created", status_code=303)


async def _problem_page(
    problem_id: UUID,
    page: Page,
    get_problem: GetProblem,
    list_tests: ListTests,
    get_test: GetTest,
    list_languages: ListLanguages,
    *,
    form: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    view = await get_problem(GetProblemInput(problem_id=problem_id))
    tests = await list_tests(
        ListTestsInput(problem_id=problem_id, limit=MAX_SAMPLES_SHOWN, samples_only=True)
    )
    samples = []
    for item in tests.tests:
        data = (await get_test(GetTestInput(problem_id=problem_id, test_id=item.test.id))).data
        samples.append({"index": item.index, "input": _shown(data.input), "answer": _shown(data.answer)})
    live = await list_languages()
    context = {
        "view": view,
        "problem": view.problem,
        "statement": render_statement(view.problem.statement),
        "samples": samples,
        "languages": live or [Language(id=spec.id, name=spec.name, version="") for spec in LANGUAGE_SPECS],
        "judges_online": bool(live),
        "form": form or {"language": "", "source": "", "error": None},
    }
    return await page.render("problem.html", context, status=status)


@router.get("/{problem_id}")
async def problem_page(
    problem_id: UUID,
    page: FromDishka[Page],
    get_problem: FromDishka[GetProblem],
    list_tests: FromDishka[ListTests],
    get_test: FromDishka[GetTest],
    list_languages: FromDishka[ListLanguages],
) -> Response:
    return await _problem_page(problem_id, page, get_problem, list_tests, get_test, list_languages)


async def _uploaded_files(form: CheckedForm, policy: SubmissionPolicy) -> list[SourceFile]:
    files = []
    for upload in form.getlist("files"):
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue
        content = await upload.read(policy.source_max_bytes + 1)
        if len(content) > policy.source_max_bytes:
            raise TooLargeError(f"{upload.filename} is over the limit of {policy.source_max_bytes} bytes.")
        # Bytes as uploaded, in any encoding: the compiler decides what is valid.
        files.append(SourceFile(name=upload.filename.rsplit("/", 1)[-1], content=content))
    return files


@router.post("/{problem_id}/submit")
async def submit(
    problem_id: UUID,
    form: CheckedForm,
    page: FromDishka[Page],
    create: FromDishka[CreateSubmission],
    policy: FromDishka[SubmissionPolicy],
    get_problem: FromDishka[GetProblem],
    list_tests: FromDishka[ListTests],
    get_test: FromDishka[GetTest],
    list_languages: FromDishka[ListLanguages],
) -> Response:
    language = str(form.get("language") or "")
    source = str(form.get("source") or "").replace("\r\n", "\n")
    try:
        files = await _uploaded_files(form, policy)
        submission = await create(
            CreateSubmissionInput(
                problem_id=problem_id,
                language=language,
                files=files,
                source=None if files or not source.strip() else source.encode(),
            )
        )
    except DomainError as error:
        if not _shown_on_form(error):
            raise
        kept = {"language": language, "source": source, "error": error.message}
        return await _problem_page(
            problem_id,
            page,
            get_problem,
            list_tests,
            get_test,
            list_languages,
            form=kept,
            status=status_for(error),
        )
    return RedirectResponse(f"/submissions/{submission.id}", status_code=303)


async def _edit_page(
    problem_id: UUID,
    page: Page,
    get_problem: GetProblem,
    list_tests: ListTests,
    *,
    values: dict[str, str] | None = None,
    error: str | None = None,
    archive_error: str | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response:
    view = await get_problem(GetProblemInput(problem_id=problem_id))
    if not view.managed:
        raise ForbiddenError("Only the problem's author or an admin may edit it.")
    tests = await list_tests(ListTestsInput(problem_id=problem_id, limit=EDIT_PAGE_TESTS))
    context = {
        "problem": view.problem,
        "values": values if values is not None else problem_values(view.problem),
        "tests": tests.tests,
        "tests_total": tests.total,
        "error": error,
        "archive_error": archive_error,
        "notice": notice,
    }
    return await page.render("problem_edit.html", context, status=status)


@router.get("/{problem_id}/edit")
async def edit_page(
    problem_id: UUID,
    page: FromDishka[Page],
    get_problem: FromDishka[GetProblem],
    list_tests: FromDishka[ListTests],
    notice: str | None = None,
) -> Response:
    return await _edit_page(problem_id, page, get_problem, list_tests, notice=_notice(notice))


@router.post("/{problem_id}/edit")
async def save_problem(
    problem_id: UUID,
    form: CheckedForm,
    page: FromDishka[Page],
    update: FromDishka[UpdateProblem],
    get_problem: FromDishka[GetProblem],
    list_tests: FromDishka[ListTests],
) -> Response:
    values = form_values(form)
    try:
        fields = parse_problem(values)
        await update(UpdateProblemInput(problem_id=problem_id, **fields.as_input()))
    except DomainError as error:
        if not _shown_on_form(error):
            raise
        return await _edit_page(
            problem_id,
            page,
            get_problem,
            list_tests,
            values=values,
            error=error.message,
            status=status_for(error),
        )
    return RedirectResponse(f"/problems/{problem_id}/edit?notice=saved", status_code=303)


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(UPLOAD_CHUNK_BYTES):
        yield chunk


@router.post("/{problem_id}/tests")
async def upload_tests(
    problem_id: UUID,
    form: CheckedForm,
    page: FromDishka[Page],
    add: FromDishka[AddTestsFromArchive],
    policy: FromDishka[UploadPolicy],
    temp: FromDishka[TempFiles],
    get_problem: FromDishka[GetProblem],
    list_tests: FromDishka[ListTests],
) -> Response:
    archive = form.get("archive")
    try:
        if not isinstance(archive, UploadFile) or not archive.filename:
            raise FormError("Choose a zip archive of tests to upload.")
        path = await temp.spool(_chunks(archive), policy.problem_max_bytes + ARCHIVE_OVERHEAD_BYTES)
        try:
            await add(AddTestsFromArchiveInput(problem_id=problem_id, location=str(path)))
        finally:
            temp.remove(path)
    except DomainError as error:
        if not _shown_on_form(error):
            raise
        return await _edit_page(
            problem_id, page, get_problem, list_tests, archive_error=error.message, status=status_for(error)
        )
    return RedirectResponse(f"/problems/{problem_id}/edit?notice=tests-added", status_code=303)


@router.post("/{problem_id}/visibility")
async def set_visibility(problem_id: UUID, form: CheckedForm, update: FromDishka[UpdateProblem]) -> Response:
    visibility = Visibility.PUBLIC if form.get("visibility") == "public" else Visibility.DRAFT
    await update(UpdateProblemInput(problem_id=problem_id, visibility=visibility))
    notice = "published" if visibility is Visibility.PUBLIC else "unpublished"
    return RedirectResponse(f"/problems/{problem_id}/edit?notice={notice}", status_code=303)


@router.post("/{problem_id}/rejudge")
async def rejudge_problem(
    problem_id: UUID, form: CheckedForm, rejudge: FromDishka[RejudgeProblem]
) -> Response:
    await rejudge(RejudgeProblemInput(problem_id=problem_id))
    return RedirectResponse(f"/submissions?problem={problem_id}&notice=rejudged", status_code=303)

"""The Judge0 CE 1.13.1 API over the runs use cases: Judge0's paths, fields, status ids and error format
(`{field: [messages]}` with 422, `{"error": ...}` otherwise). X-Auth-Token (or X-Auth-User) carries an API
key of this service."""

import base64
import binascii
import math
import os
import platform
import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from application.accounts.ports import IdentityProvider
from application.languages.usecases import ListLanguages
from application.runs.policy import RunLimitsBounds, RunsPolicy
from application.runs.usecases import (
    CreateRuns,
    CreateRunsInput,
    DeleteRun,
    DeleteRunInput,
    GetRuns,
    GetRunsInput,
    RunRequest,
)
from application.workers.usecases import ListWorkers
from domain.accounts.exceptions import ForbiddenError, NotAuthenticatedError, RateLimitedError
from domain.exceptions import ConflictError, DomainError, NotFoundError
from domain.languages.entities import Language
from domain.languages.specs import SPECS_BY_ID
from domain.runs.entities import Run
from domain.workers.entities import WorkerState
from infrastructure.config import Settings
from infrastructure.http.judge0.serialize import (
    ALL_FIELDS,
    DEFAULT_FIELDS,
    JUDGE0_IDS,
    LANGUAGE_BY_JUDGE0_ID,
    STATUSES,
    VERSION,
    NotUtf8Error,
    language_name,
    render,
)

WAIT_SECONDS = 30.0
NOT_UTF8 = (
    "some attributes for this submission cannot be converted to UTF-8, "
    "use base64_encoded=true query parameter"
)
FIELD_BY_NATIVE = {
    "cpu_ms": "cpu_time_limit",
    "cpu_extra_ms": "cpu_extra_time",
    "wall_ms": "wall_time_limit",
    "memory_kb": "memory_limit",
    "stack_kb": "stack_limit",
    "processes": "max_processes_and_or_threads",
    "output_kb": "max_file_size",
    "source": "source_code",
    "files": "source_code",
    "args": "command_line_arguments",
    "compiler_options": "compiler_options",
    "additional_files": "additional_files",
    "language": "language_id",
}


def _mark(request: Request) -> None:
    """Tells the identity provider to read the key from X-Auth-Token / X-Auth-User."""
    request.scope["judge0"] = True


router = APIRouter(route_class=DishkaRoute, dependencies=[Depends(_mark)], include_in_schema=False)


class Judge0Error(Exception):
    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.body = body
        self.headers = headers or {}


def _invalid(field: str, message: str) -> Judge0Error:
    return Judge0Error(422, {field: [message]})


def _error(error: DomainError) -> Judge0Error:
    if isinstance(error, NotAuthenticatedError):
        return Judge0Error(401, {"error": "authentication failed"})
    if isinstance(error, ForbiddenError):
        return Judge0Error(403, {"error": "authorization failed"})
    if isinstance(error, RateLimitedError):
        return Judge0Error(429, {"error": error.message}, {"Retry-After": str(error.retry_after_seconds)})
    if isinstance(error, NotFoundError):
        return Judge0Error(404, {"error": "Not Found"})
    if isinstance(error, ConflictError):
        return Judge0Error(400, {"error": error.message})
    field = str(error.details.get("field", "base"))
    return _invalid(FIELD_BY_NATIVE.get(field, field), error.message)


def _respond(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content=content, headers=headers)


async def _guard(call: Callable[[], Awaitable[JSONResponse]]) -> JSONResponse:
    try:
        return await call()
    except Judge0Error as error:
        return _respond(error.body, error.status, error.headers)
    except DomainError as error:
        judge0 = _error(error)
        return _respond(judge0.body, judge0.status, judge0.headers)


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "false").lower() == "true"


def _fields(request: Request) -> tuple[str, ...]:
    raw = request.query_params.get("fields")
    if raw is None or raw == "":
        return DEFAULT_FIELDS
    if raw.strip() == "*":
        return ALL_FIELDS
    names = tuple(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
    unknown = [name for name in names if name not in ALL_FIELDS]
    if unknown:
        raise Judge0Error(400, {"error": f"invalid fields: [{', '.join(repr(n)[1:-1] for n in unknown)}]"})
    return names


def _token(raw: str) -> UUID:
    try:
        return UUID(raw)
    except ValueError:
        raise Judge0Error(404, {"error": "Not Found"}) from None


async def _json_body(request: Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        raise Judge0Error(400, {"error": "the request body is not JSON"}) from None


def _decoded(value: str, name: str) -> bytes:
    try:
        return base64.b64decode(value.replace("\n", "").replace("\r", ""), validate=True)
    except (binascii.Error, ValueError):
        raise _invalid(name, "is not valid base64") from None


def _bytes(item: dict[str, Any], name: str, encoded: bool) -> bytes | None:
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _invalid(name, "must be a string")
    if encoded:
        return _decoded(value, name)
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise _invalid(name, "is not valid UTF-8") from None


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _show(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _bool(item: dict[str, Any], name: str) -> bool:
    value = item.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _invalid(name, "is not a boolean")
    return value


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else max(1, round(seconds * 1000))


@dataclass(frozen=True, slots=True)
class _Number:
    """A numeric field: its bounds and default (from the runs' limits) and whether it is a whole number."""

    name: str
    low: float
    high: Callable[[RunLimitsBounds, RunsPolicy], float]
    default: Callable[[RunLimitsBounds], float]
    integer: bool = False

    def read(self, item: dict[str, Any], bounds: RunLimitsBounds, policy: RunsPolicy) -> float:
        value = item.get(self.name)
        if value is None:
            chosen = float(self.default(bounds))
            return float(int(chosen)) if self.integer else chosen
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise _invalid(self.name, "is not a number") from None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _invalid(self.name, "is not a number")
        if self.integer and float(value) != int(value):
            raise _invalid(self.name, "must be an integer")
        high = self.high(bounds, policy)
        if value < self.low:
            raise _invalid(self.name, f"must be greater than or equal to {_show(self.low)}")
        if value > high:
            raise _invalid(self.name, f"must be less than or equal to {_show(high)}")
        return float(value)


# Judge0's numeric fields, in the order Judge0 checks them; defaults and maxima are the runs' (Judge0's).
NUMBERS = (
    _Number("number_of_runs", 1, lambda b, p: 20, lambda b: 1, integer=True),
    _Number("cpu_time_limit", 0, lambda b, p: b.max_cpu_ms / 1000, lambda b: b.cpu_ms / 1000),
    _Number("cpu_extra_time", 0, lambda b, p: b.max_extra_cpu_ms / 1000, lambda b: b.extra_cpu_ms / 1000),
    _Number("wall_time_limit", 0, lambda b, p: b.max_wall_ms / 1000, lambda b: b.wall_ms / 1000),
    _Number("memory_limit", 2048, lambda b, p: b.max_memory_kb, lambda b: b.memory_kb, integer=True),
    _Number("stack_limit", 0, lambda b, p: b.max_stack_kb, lambda b: b.stack_kb, integer=True),
    _Number(
        "max_processes_and_or_threads", 1, lambda b, p: b.max_processes, lambda b: b.processes, integer=True
    ),
    _Number("max_file_size", 1, lambda b, p: b.max_output_kb, lambda b: b.output_kb, integer=True),
)
# Text fields (at most this many characters; None: no limit of Judge0's).
TEXTS: tuple[tuple[str, int | None], ...] = (
    ("callback_url", None),
    ("command_line_arguments", 512),
    ("compiler_options", 512),
)
# Flags that may only be false here, with Judge0's message.
FORBIDDEN_FLAGS = (
    ("enable_network", "enabling network is not allowed"),
    ("enable_per_process_and_thread_time_limit", "this option cannot be enabled"),
    ("enable_per_process_and_thread_memory_limit", "this option cannot be enabled"),
)


def _texts(item: dict[str, Any]) -> dict[str, str | None]:
    """The text fields, each a string of storable UTF-8 within its length."""
    for name, _limit in TEXTS:
        value = item.get(name)
        if isinstance(value, str) and not _storable(value):
            raise _invalid(name, "must be valid UTF-8 text without NUL characters")
    texts: dict[str, str | None] = {}
    for name, limit in TEXTS:
        value = item.get(name)
        if value is not None and not isinstance(value, str):
            raise _invalid(name, "must be a string")
        if value is not None and limit is not None and len(value) > limit:
            raise _invalid(name, f"is too long (maximum is {limit} characters)")
        texts[name] = value
    return texts


def _language_id(item: dict[str, Any]) -> int:
    language_id = item.get("language_id")
    if language_id is None:
        raise _invalid("language_id", "can't be blank")
    if isinstance(language_id, str) and language_id.isdigit():
        language_id = int(language_id)
    if (
        not isinstance(language_id, int)
        or isinstance(language_id, bool)
        or language_id not in LANGUAGE_BY_JUDGE0_ID
    ):
        raise _invalid("language_id", f"language with id {language_id} doesn't exist")
    return language_id


def _additional_files(item: dict[str, Any]) -> bytes | None:
    """Base64 of a zip whatever `base64_encoded` says (as Judge0 reads it); its content is checked by the
    use case."""
    value = item.get("additional_files")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _invalid("additional_files", "must be a string")
    return _decoded(value, "additional_files")


def to_request(item: Any, encoded: bool, policy: RunsPolicy) -> RunRequest:
    """A Judge0 submission body as a run, checked as Judge0 checks it (422 `{field: [message]}`): the
    first failing field in the order of the tables above."""
    if not isinstance(item, dict):
        raise Judge0Error(400, {"error": "a submission is a JSON object"})
    bounds = policy.limits
    texts = _texts(item)
    language_id = _language_id(item)
    language = LANGUAGE_BY_JUDGE0_ID[language_id]
    source = _bytes(item, "source_code", encoded)
    additional_files = _additional_files(item)
    if SPECS_BY_ID[language].sources_from_archive:  # Judge0's multi-file program (89)
        if source:
            raise _invalid("source_code", "must be blank")
        if additional_files is None:
            raise _invalid("additional_files", "can't be blank")
        source = None
    elif not source:
        raise _invalid("source_code", "can't be blank")
    for name, message in FORBIDDEN_FLAGS:
        if _bool(item, name):
            raise _invalid(name, message)
    options = texts["compiler_options"]
    if options and options.strip() and not SPECS_BY_ID[language].takes_compiler_options:
        raise _invalid("compiler_options", "setting compiler options is only allowed for compiled languages")
    arguments = texts["command_line_arguments"]
    try:
        args = shlex.split(arguments) if arguments else []  # words only: never run through a shell
    except ValueError:
        raise _invalid("command_line_arguments", "has unbalanced quotes") from None
    echoed = {number.name: number.read(item, bounds, policy) for number in NUMBERS}
    return RunRequest(
        language=language,
        source=source,
        stdin=_bytes(item, "stdin", encoded) or b"",
        expected_output=_bytes(item, "expected_output", encoded),
        cpu_ms=_ms(echoed["cpu_time_limit"]),
        cpu_extra_ms=round(echoed["cpu_extra_time"] * 1000),
        wall_ms=_ms(echoed["wall_time_limit"]),
        memory_kb=int(echoed["memory_limit"]),
        stack_kb=int(echoed["stack_limit"]),
        processes=int(echoed["max_processes_and_or_threads"]),
        output_kb=int(echoed["max_file_size"]),
        args=args,
        compiler_options=options,
        additional_files=additional_files,
        redirect_stderr=_bool(item, "redirect_stderr_to_stdout"),
        callback_url=texts["callback_url"] or None,  # blank: no callback, as Judge0
        extra={
            **{
                number.name: int(value) if number.integer else value
                for number, value in zip(NUMBERS, echoed.values(), strict=True)
            },
            "language_id": language_id,
            "compiler_options": options,
            "command_line_arguments": arguments,
        },
    )


async def _languages(list_languages: ListLanguages) -> dict[str, Language]:
    return {language.id: language for language in await list_languages()}


def _show_run(
    run: Run, fields: tuple[str, ...], encoded: bool, languages: dict[str, Language]
) -> dict[str, Any]:
    try:
        return render(run, fields, encoded=encoded, languages=languages)
    except NotUtf8Error:
        raise Judge0Error(400, {"error": NOT_UTF8}) from None


def _wait(request: Request) -> float:
    return WAIT_SECONDS if _flag(request, "wait") else 0.0


@router.post("/submissions")
async def create_submission(
    request: Request,
    create: FromDishka[CreateRuns],
    get: FromDishka[GetRuns],
    policy: FromDishka[RunsPolicy],
    list_languages: FromDishka[ListLanguages],
    identity: FromDishka[IdentityProvider],
) -> JSONResponse:
    async def call() -> JSONResponse:
        await identity.principal()  # as Judge0: credentials before anything else
        encoded = _flag(request, "base64_encoded")
        fields = _fields(request)
        body = await _json_body(request)
        (run,) = await create(CreateRunsInput(runs=[to_request(body, encoded, policy)]))
        seconds = _wait(request)
        if seconds <= 0:
            return _respond({"token": str(run.id)}, 201)
        (current,) = await get(GetRunsInput(run_ids=[run.id], wait_seconds=seconds))
        return _respond(_show_run(current or run, fields, encoded, await _languages(list_languages)), 201)

    return await _guard(call)


@router.post("/submissions/batch")
async def create_batch(
    request: Request,
    create: FromDishka[CreateRuns],
    policy: FromDishka[RunsPolicy],
    identity: FromDishka[IdentityProvider],
) -> JSONResponse:
    async def call() -> JSONResponse:
        await identity.principal()  # as Judge0: credentials before anything else
        encoded = _flag(request, "base64_encoded")
        body = await _json_body(request)
        items = body.get("submissions") if isinstance(body, dict) else None
        if not isinstance(items, list) or not items:
            raise _invalid("submissions", "can't be blank")
        if len(items) > policy.batch_max:
            raise _invalid("submissions", f"size of batch must be less than or equal to {policy.batch_max}")
        answers: list[dict[str, Any]] = []
        for item in items:
            try:
                (run,) = await create(CreateRunsInput(runs=[to_request(item, encoded, policy)]))
                answers.append({"token": str(run.id)})
            except Judge0Error as error:
                if error.status != 422:
                    raise
                answers.append(error.body)
            except DomainError as error:
                judge0 = _error(error)
                if judge0.status != 422:
                    raise
                answers.append(judge0.body)
        return _respond(answers, 201)

    return await _guard(call)


@router.get("/submissions/batch")
async def get_batch(
    request: Request,
    get: FromDishka[GetRuns],
    policy: FromDishka[RunsPolicy],
    list_languages: FromDishka[ListLanguages],
    identity: FromDishka[IdentityProvider],
) -> JSONResponse:
    async def call() -> JSONResponse:
        await identity.principal()  # as Judge0: credentials before anything else
        encoded = _flag(request, "base64_encoded")
        fields = _fields(request)
        raw = [part.strip() for part in request.query_params.get("tokens", "").split(",") if part.strip()]
        if not raw:
            raise _invalid("tokens", "can't be blank")
        if len(raw) > policy.batch_max:
            raise _invalid("tokens", f"number of tokens must be less than or equal to {policy.batch_max}")
        ids: list[UUID | None] = []
        for part in raw:
            try:
                ids.append(UUID(part))
            except ValueError:
                ids.append(None)
        found = await get(GetRunsInput(run_ids=[i for i in ids if i is not None]))
        by_id = {run.id: run for run in found if run is not None}
        languages = await _languages(list_languages)
        shown = [
            _show_run(by_id[i], fields, encoded, languages) if i is not None and i in by_id else None
            for i in ids
        ]
        return _respond({"submissions": shown})

    return await _guard(call)


@router.get("/submissions/{token}")
async def get_submission(
    token: str,
    request: Request,
    get: FromDishka[GetRuns],
    list_languages: FromDishka[ListLanguages],
    identity: FromDishka[IdentityProvider],
) -> JSONResponse:
    async def call() -> JSONResponse:
        await identity.principal()  # as Judge0: credentials before anything else
        encoded = _flag(request, "base64_encoded")
        fields = _fields(request)
        (run,) = await get(GetRunsInput(run_ids=[_token(token)], wait_seconds=_wait(request)))
        if run is None:
            raise Judge0Error(404, {"error": "Not Found"})
        return _respond(_show_run(run, fields, encoded, await _languages(list_languages)))

    return await _guard(call)


@router.delete("/submissions/{token}")
async def delete_submission(
    token: str,
    request: Request,
    delete: FromDishka[DeleteRun],
    list_languages: FromDishka[ListLanguages],
    identity: FromDishka[IdentityProvider],
) -> JSONResponse:
    async def call() -> JSONResponse:
        await identity.principal()  # as Judge0: credentials before anything else
        encoded = _flag(request, "base64_encoded")
        fields = _fields(request)
        run = await delete(DeleteRunInput(run_id=_token(token)))
        return _respond(_show_run(run, fields, encoded, await _languages(list_languages)))

    return await _guard(call)


async def _judge0_languages(list_languages: ListLanguages) -> list[dict[str, Any]]:
    shown = []
    for language in await list_languages():
        for number in JUDGE0_IDS.get(language.id, ()):
            shown.append({"id": number, "name": language_name(language)})
    return sorted(shown, key=lambda item: item["name"])


@router.get("/languages")
async def languages(list_languages: FromDishka[ListLanguages]) -> JSONResponse:
    return _respond(await _judge0_languages(list_languages))


@router.get("/languages/all")
async def all_languages(list_languages: FromDishka[ListLanguages]) -> JSONResponse:
    return _respond([{**item, "is_archived": False} for item in await _judge0_languages(list_languages)])


@router.get("/languages/{language_id}")
async def language(language_id: str, list_languages: FromDishka[ListLanguages]) -> JSONResponse:
    for language in await list_languages():
        ids = JUDGE0_IDS.get(language.id, ())
        if language_id.isdigit() and int(language_id) in ids:
            return _respond(
                {
                    "id": int(language_id),
                    "name": language_name(language),
                    "is_archived": False,
                    "source_file": None,
                    "compile_cmd": None,
                    "run_cmd": None,
                }
            )
    return _respond({"error": "Not Found"}, 404)


@router.get("/statuses")
async def statuses() -> JSONResponse:
    return _respond([{"id": number, "description": text} for number, text in STATUSES])


@router.get("/about")
async def about() -> JSONResponse:
    return _respond({"version": VERSION, "homepage": None, "source_code": None, "maintainer": None})


@router.get("/version")
async def version() -> JSONResponse:
    return JSONResponse(content=VERSION)


@router.get("/config_info")
async def config_info(policy: FromDishka[RunsPolicy], settings: FromDishka[Settings]) -> JSONResponse:
    bounds = policy.limits
    return _respond(
        {
            "maintenance_mode": False,
            "enable_wait_result": True,
            "enable_compiler_options": True,
            "allowed_languages_for_compile_options": [],
            "enable_command_line_arguments": True,
            "enable_submission_delete": True,
            "enable_callbacks": True,
            "callbacks_max_tries": len(settings.retry_delays()) + 1,  # the webhooks' schedule
            "callbacks_timeout": settings.webhook_timeout_seconds,
            "enable_additional_files": True,
            "max_queue_size": 100,
            "cpu_time_limit": bounds.cpu_ms / 1000,
            "max_cpu_time_limit": bounds.max_cpu_ms / 1000,
            "cpu_extra_time": bounds.extra_cpu_ms / 1000,
            "max_cpu_extra_time": bounds.max_extra_cpu_ms / 1000,
            "wall_time_limit": bounds.wall_ms / 1000,
            "max_wall_time_limit": bounds.max_wall_ms / 1000,
            "memory_limit": bounds.memory_kb,
            "max_memory_limit": bounds.max_memory_kb,
            "stack_limit": bounds.stack_kb,
            "max_stack_limit": bounds.max_stack_kb,
            "max_processes_and_or_threads": bounds.processes,
            "max_max_processes_and_or_threads": bounds.max_processes,
            "enable_per_process_and_thread_time_limit": False,
            "allow_enable_per_process_and_thread_time_limit": False,
            "enable_per_process_and_thread_memory_limit": False,
            "allow_enable_per_process_and_thread_memory_limit": False,
            "max_file_size": bounds.output_kb,
            "max_max_file_size": bounds.max_output_kb,
            "number_of_runs": 1,
            "max_number_of_runs": 20,
            "redirect_stderr_to_stdout": False,
            "max_extract_size": policy.additional_files.file_max_bytes // 1024,
            "enable_batched_submissions": True,
            "max_submission_batch_size": policy.batch_max,
            "submission_cache_duration": 1.0,
            "use_docs_as_homepage": False,
            "allow_enable_network": False,
            "enable_network": False,
        }
    )


@router.get("/system_info")
async def system_info(list_workers: FromDishka[ListWorkers]) -> JSONResponse:
    async def call() -> JSONResponse:
        await list_workers()  # admins only, as the workers view
        return _respond(
            {
                "Architecture": platform.machine(),
                "CPU(s)": str(os.cpu_count() or 0),
                "Model name": platform.processor() or platform.machine(),
                "OS": f"{platform.system()} {platform.release()}",
            }
        )

    return await _guard(call)


@router.get("/workers")
async def workers(list_workers: FromDishka[ListWorkers]) -> JSONResponse:
    async def call() -> JSONResponse:
        views = (await list_workers()).workers
        alive = [view for view in views if view.state is WorkerState.ONLINE]
        return _respond(
            [
                {
                    "queue": "default",
                    "size": 0,
                    "available": len(alive),
                    "idle": len(alive),
                    "working": 0,
                    "paused": 0,
                    "failed": 0,
                }
            ]
        )

    return await _guard(call)

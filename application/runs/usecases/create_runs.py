import math
import re
import shlex
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from application.accounts.ports import IdentityProvider, RateLimits
from application.clock import Clock
from application.runs.policy import RunsPolicy
from application.runs.ports import RunArchives
from application.submissions.dispatch import dispatch_quietly
from application.submissions.ports import JudgeQueue
from application.transactions import TransactionManager
from application.webhooks.ports import TargetGuard
from application.workers.policy import WorkerLiveness
from domain.accounts.entities import Principal
from domain.accounts.exceptions import RateLimitedError
from domain.languages.entities import LanguageSpec
from domain.languages.exceptions import UnknownLanguageError
from domain.languages.specs import SPECS_BY_ID
from domain.runs.entities import Run, RunFile, RunLimitsSpec
from domain.runs.exceptions import InvalidRunError, RunTooLargeError
from domain.runs.repositories import RunSaver
from domain.submissions.exceptions import LanguageUnavailableError
from domain.webhooks.exceptions import InvalidWebhookError, WebhookTargetRefusedError
from domain.webhooks.policy import check_url
from domain.workers.repositories import WorkerReader

MINUTE = timedelta(minutes=1)
QUEUED_RETRY_SECONDS = 5
_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class RunRequest:
    """`files`, or a single `source` stored under the name the language expects. Limits left None take
    the policy's defaults; `cpu_extra_ms` is added to the CPU limit (Judge0's `cpu_extra_time`)."""

    language: str
    source: bytes | None = None
    files: list[RunFile] = field(default_factory=list)
    stdin: bytes = b""
    expected_output: bytes | None = None
    cpu_ms: int | None = None
    cpu_extra_ms: int | None = None
    wall_ms: int | None = None
    memory_kb: int | None = None
    stack_kb: int | None = None
    processes: int | None = None
    output_kb: int | None = None
    args: list[str] = field(default_factory=list)
    compiler_options: str | None = None
    additional_files: bytes | None = None
    redirect_stderr: bool = False
    callback_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateRunsInput:
    runs: list[RunRequest]


@dataclass(frozen=True, slots=True)
class CreateRuns:
    """Accepts up to `batch_max` programs to compile once and run once each, within the caller's rate
    limits (every run counts; the same quotas as submissions, counted apart). Every run of a batch is
    checked before any is stored: one bad run refuses the batch (its `index` in the details). Runs are
    stored (queued) before any worker is woken, so none is lost when the broker is down. Arguments are
    passed to the program as they are, never through a shell. Compiler options (compiled languages only,
    at most `compiler_options_max_chars`) are split into words as a POSIX shell would split them, but no
    shell ever sees them: each word is one compiler argument, `$`, `;`, `|` and the like stay literal, and
    `@file` response files are refused. `additional_files` is a zip unpacked beside the source before the
    compilation: checked here (policy.additional_files limits, safe relative names, none taken twice)."""

    identity: IdentityProvider
    limits: RateLimits
    runs: RunSaver
    workers: WorkerReader
    queue: JudgeQueue
    clock: Clock
    tx: TransactionManager
    policy: RunsPolicy
    liveness: WorkerLiveness
    archives: RunArchives
    guard: TargetGuard

    async def __call__(self, data: CreateRunsInput) -> list[Run]:
        principal = await self.identity.principal()
        if not data.runs:
            raise InvalidRunError("At least one run is needed.", details={"field": "runs"})
        if len(data.runs) > self.policy.batch_max:
            raise InvalidRunError(
                f"At most {self.policy.batch_max} runs at once.",
                details={"field": "runs", "limit": self.policy.batch_max},
            )
        now = self.clock.now()
        runs = [self._build(index, request, principal, now) for index, request in enumerate(data.runs)]
        for index, run in enumerate(runs):
            await self._check_additional_files(index, run)
            await self._vet_callback(index, run.callback_url)
        await self._ensure_offered({run.language for run in runs})
        await self._within_limits(principal, now, len(runs))
        await self.runs.add(runs)
        await self.tx.commit()
        await dispatch_quietly(self.queue, [run.id for run in runs])
        return runs

    def _build(self, index: int, request: RunRequest, principal: Principal, now: datetime) -> Run:
        spec = SPECS_BY_ID.get(request.language)
        if spec is None:
            raise UnknownLanguageError(
                f"Unknown language '{request.language}'. Known: {', '.join(sorted(SPECS_BY_ID))}.",
                details={"language": request.language, "index": index, "field": "language"},
            )
        files = list(request.files)
        if request.source is not None:
            files.append(RunFile(name=spec.source_name, content=request.source))
        if spec.sources_from_archive:
            self._check_project(index, files, request.additional_files)
        else:
            self._check_files(index, files)
        if len(request.stdin) > self.policy.stdin_max_bytes:
            raise RunTooLargeError(
                f"stdin is {len(request.stdin)} bytes; the limit is {self.policy.stdin_max_bytes} bytes.",
                details={"field": "stdin", "index": index, "limit": self.policy.stdin_max_bytes},
            )
        if request.expected_output is not None and len(request.expected_output) > self.policy.stdin_max_bytes:
            raise RunTooLargeError(
                f"The expected output is over {self.policy.stdin_max_bytes} bytes.",
                details={"field": "expected_output", "index": index, "limit": self.policy.stdin_max_bytes},
            )
        self._check_args(index, request.args)
        options = self._compiler_options(index, request.compiler_options, spec)
        self._check_callback(index, request.callback_url)
        return Run(
            id=uuid.uuid4(),
            language=request.language,
            files=files,
            stdin=request.stdin,
            expected_output=request.expected_output,
            limits=self._limits(index, request, spec.run_processes),
            args=list(request.args),
            compiler_options=options,
            additional_files=request.additional_files,
            redirect_stderr=request.redirect_stderr,
            callback_url=request.callback_url,
            extra=dict(request.extra),
            owner_id=principal.account_id,
            key_id=principal.key_id,
            created_at=now,
        )

    def _limits(self, index: int, request: RunRequest, run_processes: int) -> RunLimitsSpec:
        bounds = self.policy.limits

        def pick(name: str, value: int | None, default: int, low: int, high: int) -> int:
            chosen = default if value is None else value
            if not low <= chosen <= high:
                raise InvalidRunError(
                    f"`{name}` must be between {low} and {high}.",
                    details={"field": name, "index": index, "min": low, "max": high},
                )
            return chosen

        cpu = pick("cpu_ms", request.cpu_ms, bounds.cpu_ms, 1, bounds.max_cpu_ms)
        extra = pick("cpu_extra_ms", request.cpu_extra_ms, 0, 0, bounds.max_extra_cpu_ms)
        wall = pick("wall_ms", request.wall_ms, bounds.wall_ms, 1, bounds.max_wall_ms)
        memory = pick("memory_kb", request.memory_kb, bounds.memory_kb, 2048, bounds.max_memory_kb)
        stack = pick("stack_kb", request.stack_kb, bounds.stack_kb, 0, bounds.max_stack_kb)
        processes = pick(
            "processes", request.processes, max(bounds.processes, run_processes), 1, bounds.max_processes
        )
        output = pick("output_kb", request.output_kb, bounds.output_kb, 1, bounds.max_output_kb)
        return RunLimitsSpec(
            cpu_ms=cpu + extra,
            wall_ms=wall,
            memory_kb=memory,
            processes=max(processes, run_processes),
            stack_kb=stack,
            output_bytes=output * 1024,
        )

    def _check_project(self, index: int, files: list[RunFile], archive: bytes | None) -> None:
        """A multi-file program's files all come from its zip (Judge0's language 89)."""
        if files:
            raise InvalidRunError(
                "A multi-file program has no source of its own: its files come from `additional_files`.",
                details={"field": "source", "index": index},
            )
        if archive is None:
            raise InvalidRunError(
                "A multi-file program needs `additional_files`: a zip with a `run` script (and maybe "
                "`compile`).",
                details={"field": "additional_files", "index": index},
            )

    def _check_files(self, index: int, files: list[RunFile]) -> None:
        if not files:
            raise InvalidRunError(
                "A run needs `source` or at least one file.", details={"field": "source", "index": index}
            )
        if len(files) > self.policy.max_files:
            raise InvalidRunError(
                f"At most {self.policy.max_files} files per run.", details={"field": "files", "index": index}
            )
        names = [f.name for f in files]
        bad = [name for name in names if not _FILE_NAME.match(name)]
        if bad:
            raise InvalidRunError(
                f"Invalid file name {bad[0]!r}: use letters, digits, '_', '-', '.' (no directories).",
                details={"field": "files", "index": index, "name": bad[0]},
            )
        if len(set(names)) != len(names):
            raise InvalidRunError(
                "File names in a run must be unique.", details={"field": "files", "index": index}
            )
        size = sum(len(f.content) for f in files)
        if size > self.policy.source_max_bytes:
            raise RunTooLargeError(
                f"Source is {size} bytes; the limit is {self.policy.source_max_bytes} bytes.",
                details={"field": "source", "index": index, "limit": self.policy.source_max_bytes},
            )

    def _check_args(self, index: int, args: list[str]) -> None:
        if len(args) > self.policy.args_max or sum(len(a) for a in args) > self.policy.args_max_chars:
            raise InvalidRunError(
                f"At most {self.policy.args_max} arguments of {self.policy.args_max_chars} characters "
                "together.",
                details={"field": "args", "index": index},
            )
        if any("\x00" in arg for arg in args):
            raise InvalidRunError(
                "An argument cannot contain NUL.", details={"field": "args", "index": index}
            )

    def _compiler_options(self, index: int, text: str | None, spec: LanguageSpec) -> list[str]:
        if text is None or not text.strip():
            return []

        def invalid(message: str) -> InvalidRunError:
            return InvalidRunError(message, details={"field": "compiler_options", "index": index})

        limit = self.policy.compiler_options_max_chars
        if len(text) > limit:
            raise invalid(f"Compiler options are at most {limit} characters.")
        if not spec.takes_compiler_options:
            raise invalid(f"{spec.name} takes no compiler options: only compiled languages do.")
        if not text.isprintable():
            raise invalid("Compiler options cannot contain NUL, newlines or other control characters.")
        try:
            options = shlex.split(text)  # words only: nothing is ever run through a shell
        except ValueError:
            raise invalid("Compiler options have an unbalanced quote.") from None
        if any(option.startswith("@") for option in options):
            raise invalid("Response files (@file) are not allowed in compiler options.")
        return options

    async def _check_additional_files(self, index: int, run: Run) -> None:
        if run.additional_files is None:
            return
        try:
            files = await self.archives.files(run.additional_files, self.policy.additional_files)
        except (InvalidRunError, RunTooLargeError) as error:
            error.details["index"] = index
            raise

        def invalid(message: str, name: str) -> InvalidRunError:
            return InvalidRunError(
                message, details={"field": "additional_files", "index": index, "name": name[:200]}
            )

        if not files:
            raise invalid("The zip holds no file.", "")
        spec = SPECS_BY_ID[run.language]
        if spec.sources_from_archive and not any(f.name == spec.source_name for f in files):
            raise invalid(f"The zip of a multi-file program needs a `{spec.source_name}` script.", "")
        taken = {f.name for f in run.files} | {name for name in spec.compiled_files if name != "*"}
        directories = {
            "/".join(f.name.split("/")[:depth]) for f in files for depth in range(1, f.name.count("/") + 1)
        }
        clash = sorted(taken & directories)
        if clash:
            raise invalid(
                f"The zip has a directory named {clash[0]!r}, as the source or its output.", clash[0]
            )
        for file in files:
            if not all(_FILE_NAME.match(part) for part in file.name.split("/")) or len(file.name) > 255:
                raise invalid(
                    f"Invalid file name {file.name!r} in the zip: use letters, digits, '_', '-', '.'.",
                    file.name,
                )
            if file.name in taken or file.name in directories:
                raise invalid(
                    f"The zip holds {file.name!r} twice, or the source (or the compiler's output) has that "
                    "name.",
                    file.name,
                )
            taken.add(file.name)

    async def _vet_callback(self, index: int, url: str | None) -> None:
        """Refused now when it is, or resolves to, an address webhooks may not reach (checked again at
        every try)."""
        if url is None:
            return
        try:
            await self.guard.vet(url)
        except WebhookTargetRefusedError as error:
            raise InvalidRunError(
                error.message, details={**error.details, "field": "callback_url", "index": index}
            ) from None

    def _check_callback(self, index: int, url: str | None) -> None:
        """An absolute http(s) URL with a host, as a webhook's."""
        if url is None:
            return
        try:
            check_url(url)
        except InvalidWebhookError as error:
            raise InvalidRunError(
                f"`callback_url`: {error.message}", details={"field": "callback_url", "index": index}
            ) from None

    async def _within_limits(self, principal: Principal, now: datetime, count: int) -> None:
        quota = self.limits.for_role(principal.role)
        if not (quota.submissions_per_minute or quota.queued_submissions):
            return
        usage = await self.runs.usage_locked(principal.key_id or principal.account_id, now - MINUTE)
        if quota.submissions_per_minute and usage.recent + count > quota.submissions_per_minute:
            oldest = usage.oldest_recent_at or now
            retry = max(1, math.ceil((oldest + MINUTE - now).total_seconds()))
            raise RateLimitedError(
                f"At most {quota.submissions_per_minute} runs a minute with this key; "
                f"try again in {retry} s.",
                retry_after_seconds=retry,
                details={"limit": quota.submissions_per_minute, "window_seconds": 60},
            )
        if quota.queued_submissions and usage.unfinished + count > quota.queued_submissions:
            raise RateLimitedError(
                f"At most {quota.queued_submissions} runs of this key may wait or run at once; "
                "wait for one to finish.",
                retry_after_seconds=QUEUED_RETRY_SECONDS,
                details={"limit": quota.queued_submissions},
            )

    async def _ensure_offered(self, languages: set[str]) -> None:
        alive = await self.workers.list_alive_since(self.clock.now() - self.liveness.offline_after)
        offered = {lang.id for worker in alive for lang in worker.languages}
        missing = sorted(languages - offered)
        if alive and missing:
            raise LanguageUnavailableError(
                f"No live worker offers '{missing[0]}' now. "
                f"Available: {', '.join(sorted(offered)) or 'none'}.",
                details={"language": missing[0], "available": sorted(offered), "field": "language"},
            )

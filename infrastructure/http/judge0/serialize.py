"""Runs as Judge0 CE 1.13.1 shows submissions: field names, status ids, formats."""

import base64
import re
import signal
from datetime import datetime
from typing import Any

from domain.languages.entities import Language
from domain.runs.entities import Run, RunOutcome, RunStatus, RunVerdict

VERSION = "1.13.1"

# Judge0 CE's ids of the languages this service has; 52 (its older C++) is the SDK's `CPP` alias.
JUDGE0_IDS: dict[str, tuple[int, ...]] = {
    "c": (50,),
    "cpp": (54, 52),
    "java": (62,),
    "javascript": (63,),
    "python3": (71,),
    "rust": (73,),
    "bash": (46,),
    "multifile": (89,),
}
LANGUAGE_BY_JUDGE0_ID = {number: language for language, ids in JUDGE0_IDS.items() for number in ids}
_NAME_FORMAT = {
    "c": "C (GCC {v})",
    "cpp": "C++ (GCC {v})",
    "java": "Java (OpenJDK {v})",
    "javascript": "JavaScript (Node.js {v})",
    "python3": "Python ({v})",
    "rust": "Rust ({v})",
    "bash": "Bash ({v})",
    "multifile": "Multi-file program",
}
_VERSION = re.compile(r"\d+(?:\.\d+)+")

STATUSES: list[tuple[int, str]] = [
    (1, "In Queue"),
    (2, "Processing"),
    (3, "Accepted"),
    (4, "Wrong Answer"),
    (5, "Time Limit Exceeded"),
    (6, "Compilation Error"),
    (7, "Runtime Error (SIGSEGV)"),
    (8, "Runtime Error (SIGXFSZ)"),
    (9, "Runtime Error (SIGFPE)"),
    (10, "Runtime Error (SIGABRT)"),
    (11, "Runtime Error (NZEC)"),
    (12, "Runtime Error (Other)"),
    (13, "Internal Error"),
    (14, "Exec Format Error"),
]
DESCRIPTION = dict(STATUSES)
_SIGNAL_STATUS = {"SIGSEGV": 7, "SIGXFSZ": 8, "SIGFPE": 9, "SIGABRT": 10}

DEFAULT_FIELDS = ("token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status")
ALL_FIELDS = (
    "source_code",
    "language_id",
    "stdin",
    "expected_output",
    "stdout",
    "status_id",
    "created_at",
    "finished_at",
    "time",
    "memory",
    "stderr",
    "token",
    "number_of_runs",
    "cpu_time_limit",
    "cpu_extra_time",
    "wall_time_limit",
    "memory_limit",
    "stack_limit",
    "max_processes_and_or_threads",
    "enable_per_process_and_thread_time_limit",
    "enable_per_process_and_thread_memory_limit",
    "max_file_size",
    "compile_output",
    "exit_code",
    "exit_signal",
    "message",
    "wall_time",
    "compiler_options",
    "command_line_arguments",
    "redirect_stderr_to_stdout",
    "callback_url",
    "additional_files",
    "enable_network",
    "post_execution_filesystem",
    "status",
    "language",
)
ENCODED = {"source_code", "stdin", "expected_output", "stdout", "stderr", "compile_output", "message"}


class NotUtf8Error(Exception):
    """An output is not UTF-8 and base64 was not asked for (Judge0 answers 400)."""


def language_name(language: Language) -> str:
    found = _VERSION.search(language.version or "")
    version = found.group(0) if found else (language.version or "unknown")
    return _NAME_FORMAT.get(language.id, language.name + " ({v})").format(v=version)


def status_id(run: Run) -> int:
    if run.status is RunStatus.QUEUED:
        return 1
    if run.status is RunStatus.RUNNING or run.result is None:
        return 2
    result = run.result
    if result.outcome is RunOutcome.OK:
        return 4 if result.verdict is RunVerdict.WRONG_ANSWER else 3
    if result.outcome is RunOutcome.RUNTIME_ERROR:
        if result.signal:
            return _SIGNAL_STATUS.get(result.signal, 12)
        return 11
    return {
        RunOutcome.COMPILATION_ERROR: 6,
        RunOutcome.TIME_LIMIT: 5,
        RunOutcome.MEMORY_LIMIT: 12,
        RunOutcome.OUTPUT_LIMIT: 8,
        RunOutcome.INTERNAL_ERROR: 13,
    }[result.outcome]


def timestamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _seconds(ms: int | None) -> str | None:
    return None if ms is None else f"{ms / 1000:.3f}"


def _signal_number(name: str | None) -> int | None:
    if not name:
        return None
    try:
        return int(signal.Signals[name])
    except KeyError:
        return None


def _text(value: bytes | str | None, encoded: bool) -> str | None:
    if value is None:
        return None
    data = value.encode() if isinstance(value, str) else value
    if not data:
        return None
    if encoded:
        return base64.b64encode(data).decode()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotUtf8Error from None


def render(
    run: Run, fields: tuple[str, ...], *, encoded: bool, languages: dict[str, Language]
) -> dict[str, Any]:
    """Raises NotUtf8Error."""
    result = run.result
    extra = run.extra
    number = status_id(run)
    language_id = extra.get("language_id", JUDGE0_IDS.get(run.language, (0,))[0])
    language = languages.get(run.language)
    values: dict[str, Any] = {
        "token": str(run.id),
        "source_code": run.files[0].content if run.files else None,
        "language_id": language_id,
        "stdin": run.stdin,
        "expected_output": run.expected_output,
        "stdout": result.stdout if result else None,
        "stderr": result.stderr if result else None,
        "compile_output": result.compile_output if result else None,
        "message": result.message if result else None,
        "status_id": number,
        "status": {"id": number, "description": DESCRIPTION[number]},
        "created_at": timestamp(run.created_at),
        "finished_at": timestamp(run.finished_at),
        "time": _seconds(result.time_ms) if result else None,
        "wall_time": _seconds(result.wall_time_ms) if result else None,
        "memory": result.memory_kb if result else None,
        "exit_code": result.exit_code if result else None,
        "exit_signal": _signal_number(result.signal) if result else None,
        "number_of_runs": extra.get("number_of_runs", 1),
        "cpu_time_limit": extra.get("cpu_time_limit"),
        "cpu_extra_time": extra.get("cpu_extra_time"),
        "wall_time_limit": extra.get("wall_time_limit"),
        "memory_limit": extra.get("memory_limit"),
        "stack_limit": extra.get("stack_limit"),
        "max_processes_and_or_threads": extra.get("max_processes_and_or_threads"),
        "enable_per_process_and_thread_time_limit": False,
        "enable_per_process_and_thread_memory_limit": False,
        "max_file_size": extra.get("max_file_size"),
        "compiler_options": extra.get("compiler_options"),
        "command_line_arguments": extra.get("command_line_arguments"),
        "redirect_stderr_to_stdout": run.redirect_stderr,
        "callback_url": run.callback_url,
        "additional_files": (  # always base64, as Judge0 shows it
            base64.b64encode(run.additional_files).decode() if run.additional_files is not None else None
        ),
        "enable_network": False,
        "post_execution_filesystem": None,
        "language": {"id": language_id, "name": language_name(language) if language else run.language},
    }
    return {name: _text(values[name], encoded) if name in ENCODED else values[name] for name in fields}


def callback_body(run: Run) -> dict[str, Any]:
    """What a callback carries: the default fields, base64-encoded (as Judge0 sends them)."""
    return render(run, DEFAULT_FIELDS, encoded=True, languages={})

"""Runs as the native API shows them."""

import base64

from domain.runs.entities import Run
from infrastructure.http.api.v1.runs.models import RunModel


def _text(data: bytes) -> tuple[str | None, str | None]:
    """(text, None) when UTF-8, else (None, base64)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, base64.b64encode(data).decode()


def to_model(run: Run) -> RunModel:
    result = run.result
    stdout, stdout_b64 = _text(result.stdout) if result else (None, None)
    stderr, stderr_b64 = _text(result.stderr) if result else (None, None)
    return RunModel(
        id=run.id,
        status=run.status.value,
        language=run.language,
        outcome=result.outcome.value if result else None,
        verdict=result.verdict.value if result and result.verdict else None,
        stdout=stdout,
        stdout_base64=stdout_b64,
        stderr=stderr,
        stderr_base64=stderr_b64,
        compile_output=result.compile_output if result else None,
        message=result.message if result else None,
        exit_code=result.exit_code if result else None,
        signal=result.signal if result else None,
        time_ms=result.time_ms if result else None,
        wall_time_ms=result.wall_time_ms if result else None,
        memory_kb=result.memory_kb if result else None,
        isolated=result.isolated if result else None,
        created_at=run.created_at,
        finished_at=run.finished_at,
    )

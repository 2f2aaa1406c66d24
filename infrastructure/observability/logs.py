"""Log lines as text or JSON, each carrying the context it was written in: the HTTP request's id, the
submission being judged and the worker's name (context variables, so concurrent judgings and requests
never mix them up).

What is never logged: API keys (every `jdg_…` key and the configured admin key are masked in every line,
whatever logged them), sources, test data. Code logs ids, never contents; the mask is the safety net."""

import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Literal

LogFormat = Literal["text", "json"]

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
submission_id: ContextVar[str | None] = ContextVar("submission_id", default=None)
worker_name: ContextVar[str | None] = ContextVar("worker_name", default=None)

_CONTEXT = {"request_id": request_id, "submission_id": submission_id, "worker": worker_name}
_KEY = re.compile(r"jdg_[A-Za-z0-9]+_[A-Za-z0-9_-]+")
_BEARER = re.compile(r"(?i)(bearer\s+)\S+")
MASK = "<redacted>"


@contextmanager
def judging(submission: str) -> Iterator[None]:
    """Log lines written inside carry this submission's id."""
    token = submission_id.set(submission)
    try:
        yield
    finally:
        submission_id.reset(token)


class ContextFilter(logging.Filter):
    """Puts the context variables on every record and masks secrets in its message."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if len(s) >= 8}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        for name, variable in _CONTEXT.items():
            setattr(record, name, variable.get())
        message = self.mask(record.getMessage())
        if record.exc_info:
            record.exc_text = self.mask(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        record.msg, record.args = message, None
        return True

    def mask(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return _BEARER.sub(rf"\g<1>{MASK}", _KEY.sub(MASK, text))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the context that is set, and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in _CONTEXT:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        context = " ".join(
            f"{name}={value}" for name in _CONTEXT if (value := getattr(record, name, None)) is not None
        )
        return f"{text} [{context}]" if context else text


def configure_logging(level: str, log_format: LogFormat, secrets: Iterable[str] = ()) -> None:
    """The root logger writes to stderr in `log_format`; every other logger (uvicorn's included)
    propagates to it."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(ContextFilter(secrets))
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.captureWarnings(True)  # warnings become log lines too, in the same format

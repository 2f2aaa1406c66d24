"""The embedded PostgreSQL's start gets EMBEDDED_START_SECONDS, not pgserver's ten seconds."""

from typing import Any

from infrastructure.database.embedded import EMBEDDED_START_SECONDS, _patient


def test_start_gets_the_long_timeout_in_pg_ctl_and_in_the_subprocess() -> None:
    calls: list[tuple[list[str], dict[str, Any]]] = []

    def pg_ctl(args: list[str], **kwargs: Any) -> str:
        calls.append((args, kwargs))
        return ""

    _patient(pg_ctl)(["-w", "-l", "log", "start"], pgdata="/x", timeout=10)
    args, kwargs = calls[0]
    assert kwargs["timeout"] == EMBEDDED_START_SECONDS
    assert args[:2] == ["-t", str(EMBEDDED_START_SECONDS)]
    assert args[-1] == "start"


def test_other_commands_pass_through_untouched() -> None:
    calls: list[tuple[list[str], dict[str, Any]]] = []

    def pg_ctl(args: list[str], **kwargs: Any) -> str:
        calls.append((args, kwargs))
        return ""

    _patient(pg_ctl)(["-w", "stop"], pgdata="/x")
    assert calls == [(["-w", "stop"], {"pgdata": "/x"})]

"""The embedded PostgreSQL starts while the worker tightens DATA_DIR (the race CI hit).

As root, pgserver runs `pg_ctl` and PostgreSQL as its `pgserver` user, which must pass through DATA_DIR to
reach DATA_DIR/postgres.
The worker tightens DATA_DIR at start; the start here is made to happen right after that.
"""

import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from infrastructure.database import embedded
from infrastructure.judging.files import PRIVATE, TRAVERSE_ONLY, private_dir

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="pgserver drops to its own user only as root")


def _start_after_worker_tightens(data_dir: Path, mode: int, monkeypatch: pytest.MonkeyPatch) -> Any:
    from pgserver import postgres_server

    original: Callable[..., str] = getattr(postgres_server, "pg_ctl")  # noqa: B009

    def tightened_first(args: list[str], *positional: Any, **kwargs: Any) -> str:
        if "start" in args:
            private_dir(data_dir, mode)  # what the worker's sandbox provider does at the same moment
            kwargs["timeout"] = 15
        return original(args, *positional, **kwargs)

    monkeypatch.setattr(postgres_server, "pg_ctl", tightened_first)
    monkeypatch.setattr(embedded, "EMBEDDED_START_SECONDS", 15)
    return embedded.start_embedded(data_dir / "postgres", data_dir=data_dir)


def test_postgres_starts_when_the_data_dir_is_traversable_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "postgres").mkdir(parents=True)
    server = _start_after_worker_tightens(data_dir, TRAVERSE_ONLY, monkeypatch)
    try:
        assert "42" in server.psql("select 40 + 2 as answer;")
        assert stat.S_IMODE(data_dir.stat().st_mode) == TRAVERSE_ONLY, (
            "pgserver's o+r on DATA_DIR is taken back"
        )
    finally:
        server.cleanup()


def test_a_private_data_dir_would_starve_pg_ctl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: with DATA_DIR 0700 (as before the fix) the same start fails."""
    data_dir = tmp_path / "data"
    (data_dir / "postgres").mkdir(parents=True)
    # pg_ctl fails (or waits out its time), and pgserver then cannot even read the log it names
    with pytest.raises((subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError)):
        _start_after_worker_tightens(data_dir, PRIVATE, monkeypatch)

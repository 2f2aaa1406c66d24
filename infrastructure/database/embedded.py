"""The embedded default: with no DATABASE_URL, an embedded PostgreSQL (pgserver) under DATA_DIR/postgres.

Server and worker processes started separately attach to the same data directory; pgserver counts the
processes holding it and stops PostgreSQL when the last one exits.

pgserver gives `pg_ctl start` ten seconds and then gives up while PostgreSQL goes on starting. On a loaded
machine (two processes starting at once beside compiler probes, a test suite beside them) a start can take
longer: CI saw exactly that. `start_embedded` gives the start `EMBEDDED_START_SECONDS` instead, through
pgserver's own `pg_ctl` entry point, and tells `pg_ctl -w` the same through PGCTLTIMEOUT.
"""

import functools
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

EMBEDDED_START_SECONDS = 180

_servers: dict[Path, Any] = {}
_patch_lock = threading.Lock()


def _patient(pg_ctl: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(pg_ctl)
    def run(args: list[str], *positional: Any, **kwargs: Any) -> str:
        if "start" in args:
            kwargs["timeout"] = max(kwargs.get("timeout") or 0, EMBEDDED_START_SECONDS)
            args = ["-t", str(EMBEDDED_START_SECONDS), *args]
        return pg_ctl(args, *positional, **kwargs)

    run.__dict__["patient"] = True
    return run


def start_embedded(pgdata: Path) -> Any:
    """Start (or attach to) the pgserver instance in `pgdata`, waiting up to EMBEDDED_START_SECONDS."""
    from pgserver import postgres_server  # lazily: only the embedded mode needs it

    with _patch_lock:
        pg_ctl = getattr(postgres_server, "pg_ctl")  # noqa: B009 - the module's own reference, replaced below
        if not getattr(pg_ctl, "patient", False):
            setattr(postgres_server, "pg_ctl", _patient(pg_ctl))  # noqa: B010
    os.environ.setdefault("PGCTLTIMEOUT", str(EMBEDDED_START_SECONDS))
    return postgres_server.get_server(pgdata, cleanup_mode="stop")


def embedded_database_url(data_dir: Path) -> str:
    pgdata = (data_dir / "postgres").resolve()
    server = _servers.get(pgdata)
    if server is None:
        pgdata.mkdir(parents=True, exist_ok=True)
        logger.info("starting embedded PostgreSQL in %s", pgdata)
        server = start_embedded(pgdata)
        _servers[pgdata] = server
    uri: str = server.get_uri()
    return uri


def resolve_database_url(database_url: str | None, data_dir: Path) -> str:
    return database_url if database_url else embedded_database_url(data_dir)

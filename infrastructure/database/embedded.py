"""The embedded default: with no DATABASE_URL, an embedded PostgreSQL (pgserver) under DATA_DIR/postgres.

Server and worker processes started separately attach to the same data directory; pgserver counts the
processes holding it and stops PostgreSQL when the last one exits.

As root, pgserver runs PostgreSQL and `pg_ctl` as its own system user (`pgserver`) and opens every folder
above the data directory to group and others (g+rx, o+rx). The worker used to make DATA_DIR 0700 while the
server's PostgreSQL was starting: `pg_ctl`, no longer able to reach DATA_DIR/postgres, waited for a server it
could not see until pgserver's ten seconds ran out (the CI failure), or PostgreSQL could not open its lock
file. DATA_DIR that holds the embedded PostgreSQL is therefore traversable only (0711, see
infrastructure.judging.files.TRAVERSE_ONLY): the `pgserver` user passes through, nobody else lists it, and
the read bits pgserver adds are taken back after each start.

`start_embedded` also gives a start EMBEDDED_START_SECONDS instead of pgserver's fixed ten, through pgserver's
own `pg_ctl` entry point (and PGCTLTIMEOUT for `pg_ctl -w`), so a slow start on a loaded machine is not fatal.
"""

import functools
import logging
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

EMBEDDED_START_SECONDS = 60

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


def start_embedded(pgdata: Path, *, data_dir: Path | None = None) -> Any:
    """Start (or attach to) the pgserver instance in `pgdata`, waiting up to EMBEDDED_START_SECONDS; with
    `data_dir` (the DATA_DIR holding `pgdata`), take back the read bits pgserver added to it."""
    from pgserver import postgres_server  # lazily: only the embedded mode needs it

    with _patch_lock:
        pg_ctl = getattr(postgres_server, "pg_ctl")  # noqa: B009 - the module's own reference, replaced below
        if not getattr(pg_ctl, "patient", False):
            setattr(postgres_server, "pg_ctl", _patient(pg_ctl))  # noqa: B010
    os.environ.setdefault("PGCTLTIMEOUT", str(EMBEDDED_START_SECONDS))
    server = postgres_server.get_server(pgdata, cleanup_mode="stop")
    if data_dir is not None and os.geteuid() == 0:
        os.chmod(data_dir, stat.S_IMODE(data_dir.stat().st_mode) & ~0o044)
    return server


def embedded_database_url(data_dir: Path) -> str:
    pgdata = (data_dir / "postgres").resolve()
    server = _servers.get(pgdata)
    if server is None:
        pgdata.mkdir(parents=True, exist_ok=True)
        logger.info("starting embedded PostgreSQL in %s", pgdata)
        server = start_embedded(pgdata, data_dir=pgdata.parent)
        _servers[pgdata] = server
    uri: str = server.get_uri()
    return uri


def resolve_database_url(database_url: str | None, data_dir: Path) -> str:
    return database_url if database_url else embedded_database_url(data_dir)

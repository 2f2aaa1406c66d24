"""The embedded default: with no DATABASE_URL, an embedded PostgreSQL (pgserver) under DATA_DIR/postgres.

Server and worker processes started separately attach to the same data directory; pgserver counts the
processes holding it and stops PostgreSQL when the last one exits.
"""

import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

_servers: dict[Path, Any] = {}


def embedded_database_url(data_dir: Path) -> str:
    from pgserver.postgres_server import get_server  # lazily: only the embedded mode needs it

    pgdata = (data_dir / "postgres").resolve()
    server = _servers.get(pgdata)
    if server is None:
        pgdata.mkdir(parents=True, exist_ok=True)
        logger.info("starting embedded PostgreSQL in %s", pgdata)
        server = get_server(pgdata, cleanup_mode="stop")
        _servers[pgdata] = server
    uri: str = server.get_uri()
    return uri


def resolve_database_url(database_url: str | None, data_dir: Path) -> str:
    return database_url if database_url else embedded_database_url(data_dir)

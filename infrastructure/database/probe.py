import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.health.probes import DatabaseProbe

logger = logging.getLogger(__name__)


class SqlDatabaseProbe(DatabaseProbe):
    def __init__(self, engine: AsyncEngine, timeout: float = 3.0) -> None:
        self._engine = engine
        self._timeout = timeout

    async def check(self) -> str | None:
        try:
            async with asyncio.timeout(self._timeout), self._engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:  # any failure means "unreachable"
            logger.warning("database unreachable: %s", error)
            return f"unreachable ({type(error).__name__})"
        return None

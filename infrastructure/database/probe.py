import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.health.probes import DatabaseProbe


class SqlDatabaseProbe(DatabaseProbe):
    name = "database"

    def __init__(self, engine: AsyncEngine, timeout: float = 3.0) -> None:
        self._engine = engine
        self._timeout = timeout

    async def check(self) -> str | None:
        try:
            async with asyncio.timeout(self._timeout), self._engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:  # any failure means "unreachable"; the reason goes to the caller
            return f"unreachable: {type(error).__name__}: {error}"[:300]
        return None

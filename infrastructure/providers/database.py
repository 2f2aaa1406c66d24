from collections.abc import AsyncIterator
from typing import NewType

from dishka import Provider, Scope, provide
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from application.transactions import TransactionManager
from infrastructure.config import Settings
from infrastructure.database.embedded import resolve_database_url
from infrastructure.database.postgres import create_engine, create_sessionmaker
from infrastructure.database.transactions import SqlTransactionManager

DatabaseUrl = NewType("DatabaseUrl", str)


class DatabaseProvider(Provider):
    """The engine and sessionmaker for the app; a session and its transaction manager per request."""

    @provide(scope=Scope.APP)
    def database_url(self, settings: Settings) -> DatabaseUrl:
        return DatabaseUrl(resolve_database_url(settings.database_url, settings.data_dir))

    @provide(scope=Scope.APP)
    async def engine(self, url: DatabaseUrl, settings: Settings) -> AsyncIterator[AsyncEngine]:
        engine = create_engine(url, pool_size=settings.db_pool_size)
        yield engine
        await engine.dispose()

    @provide(scope=Scope.APP)
    def sessionmaker(self, engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
        return create_sessionmaker(engine)

    @provide(scope=Scope.REQUEST)
    async def session(self, sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
        async with sessionmaker() as session:
            yield session

    transactions = provide(SqlTransactionManager, scope=Scope.REQUEST, provides=TransactionManager)

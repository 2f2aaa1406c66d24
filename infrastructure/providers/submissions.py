from collections.abc import AsyncIterator

from dishka import AnyOf, Provider, Scope, provide, provide_all
from sqlalchemy.ext.asyncio import AsyncSession

from application.submissions.policy import SubmissionPolicy
from application.submissions.ports import DispatchStager, JudgeQueue, SubmissionIntake, SubmissionWatcher
from application.submissions.usecases import (
    CreateSubmission,
    GetQueue,
    GetSubmission,
    ListSubmissions,
    RejudgeProblem,
    RejudgeSubmission,
    StreamSubmission,
)
from domain.submissions.repositories import (
    JudgingStore,
    QueueRecovery,
    QueueStatsReader,
    SubmissionReader,
    SubmissionSaver,
    SubmitterUsageReader,
)
from infrastructure.config import Settings
from infrastructure.database.postgres import plain_url
from infrastructure.database.repositories.submissions.intake import IntakeConnections, SqlSubmissionIntake
from infrastructure.database.repositories.submissions.queue import SqlQueueStats
from infrastructure.database.repositories.submissions.repositories import (
    SqlJudgingStore,
    SqlSubmissionRepository,
)
from infrastructure.database.watcher import PgSubmissionWatcher
from infrastructure.providers.database import DatabaseUrl
from infrastructure.queue.broker import BrokerKind, BrokerStarter, BrokerTarget
from infrastructure.queue.judge_queue import SameDatabaseKick, SessionDispatchStager, TaskiqJudgeQueue


class SubmissionsProvider(Provider):
    repositories = provide(
        SqlSubmissionRepository,
        scope=Scope.REQUEST,
        provides=AnyOf[SubmissionReader, SubmissionSaver, SubmitterUsageReader],
    )
    judging_store = provide(SqlJudgingStore, scope=Scope.REQUEST, provides=AnyOf[JudgingStore, QueueRecovery])
    queue_stats = provide(SqlQueueStats, scope=Scope.REQUEST, provides=QueueStatsReader)
    use_cases = provide_all(
        CreateSubmission,
        GetSubmission,
        GetQueue,
        ListSubmissions,
        RejudgeSubmission,
        RejudgeProblem,
        StreamSubmission,
        scope=Scope.REQUEST,
    )

    @provide(scope=Scope.APP)
    def policy(self, settings: Settings) -> SubmissionPolicy:
        return SubmissionPolicy(
            source_max_bytes=settings.submission_max_bytes,
            stream_ping_seconds=settings.sse_ping_seconds,
            stream_max_seconds=settings.sse_max_seconds,
        )

    @provide(scope=Scope.APP)
    def queue(self, starter: BrokerStarter) -> JudgeQueue:
        return TaskiqJudgeQueue(starter)

    @provide(scope=Scope.APP)
    def kick(self, starter: BrokerStarter, target: BrokerTarget, url: DatabaseUrl) -> SameDatabaseKick:
        same = target.kind is BrokerKind.POSTGRES and target.url == plain_url(url)
        return SameDatabaseKick(starter, same)

    @provide(scope=Scope.REQUEST)
    def stager(self, session: AsyncSession, kick: SameDatabaseKick) -> DispatchStager:
        return SessionDispatchStager(session, kick)

    @provide(scope=Scope.APP)
    async def intake_connections(
        self, url: DatabaseUrl, settings: Settings
    ) -> AsyncIterator[IntakeConnections]:
        connections = IntakeConnections(plain_url(url), settings.intake_pool_size)
        yield connections
        await connections.close()

    @provide(scope=Scope.REQUEST)
    def intake(
        self, session: AsyncSession, connections: IntakeConnections, kick: SameDatabaseKick
    ) -> SubmissionIntake:
        return SqlSubmissionIntake(session, connections, kick)

    @provide(scope=Scope.APP)
    async def watcher(self, url: DatabaseUrl) -> AsyncIterator[SubmissionWatcher]:
        watcher = PgSubmissionWatcher(url)
        yield watcher
        await watcher.close()

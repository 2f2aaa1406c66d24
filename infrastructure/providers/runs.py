"""Ad-hoc runs: the server's use cases (RunsProvider) and the worker's (RunsWorkerProvider)."""

from dataclasses import replace

from dishka import AnyOf, Provider, Scope, provide, provide_all

from application.judging.policy import JudgingPolicy
from application.runs.policy import RunsPolicy
from application.runs.ports import RunArchives, RunFiles
from application.runs.usecases import CreateRuns, DeleteRun, ExecuteRun, GetRuns, ReapRuns
from domain.runs.repositories import RunReader, RunSaver, RunStore
from domain.webhooks.repositories import RunCallbackReader
from infrastructure.config import Settings
from infrastructure.database.repositories.runs.repositories import SqlRunRepository, SqlRunStore
from infrastructure.queue.tasks import Alternation
from infrastructure.runs.archives import ZipRunArchives
from infrastructure.runs.callbacks import StoredRunCallbacks
from infrastructure.runs.files import LocalRunFiles


def runs_policy(settings: Settings) -> RunsPolicy:
    return RunsPolicy(
        stdin_max_bytes=settings.runs_stdin_max_bytes,
        source_max_bytes=settings.submission_max_bytes,
        retention_seconds=settings.runs_retention_seconds,
        redispatch_after_seconds=settings.judge_redispatch_seconds,
    )


class RunsProvider(Provider):
    scope = Scope.REQUEST

    repository = provide(SqlRunRepository, provides=AnyOf[RunReader, RunSaver])
    use_cases = provide_all(CreateRuns, GetRuns, DeleteRun)
    callbacks = provide(StoredRunCallbacks, provides=RunCallbackReader)

    @provide(scope=Scope.APP)
    def policy(self, settings: Settings) -> RunsPolicy:
        return runs_policy(settings)

    @provide(scope=Scope.APP)
    def archives(self) -> RunArchives:
        return ZipRunArchives()


class RunsWorkerProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlRunStore, provides=RunStore)
    use_cases = provide_all(ExecuteRun, ReapRuns)
    alternation = provide(Alternation, scope=Scope.APP)

    @provide(scope=Scope.APP, override=True)
    def worker_policy(self, settings: Settings, judging: JudgingPolicy) -> RunsPolicy:
        """The worker's compilations are limited as a submission's are."""
        return replace(runs_policy(settings), compile_limits=judging.compile_limits)

    @provide(scope=Scope.APP)
    def files(self) -> RunFiles:
        return LocalRunFiles()

"""Metrics: one registry per process, and the adapters that count what passes through the ports."""

from dishka import Provider, Scope, decorate, provide

from application.judging.sandbox import Sandbox
from domain.submissions.repositories import JudgingStore, SubmissionSaver
from infrastructure.observability.metered import LabelledJudgingStore, MeteredSandbox, MeteredSubmissionSaver
from infrastructure.observability.metrics import Metrics
from infrastructure.queue.drain import Drain


class ObservabilityProvider(Provider):
    metrics = provide(Metrics, scope=Scope.APP)

    @decorate
    def metered_saver(self, saver: SubmissionSaver, metrics: Metrics) -> SubmissionSaver:
        return MeteredSubmissionSaver(saver, metrics)


class WorkerOperationsProvider(Provider):
    """Added with JudgingProvider: the worker's sandbox metered, its claims labelling the logs, its drain."""

    drain = provide(Drain, scope=Scope.APP)

    @decorate
    def labelled_store(self, store: JudgingStore) -> JudgingStore:
        return LabelledJudgingStore(store)

    @decorate
    def metered_sandbox(self, sandbox: Sandbox, metrics: Metrics) -> Sandbox:
        return MeteredSandbox(sandbox, metrics)

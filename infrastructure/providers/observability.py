"""Metrics: one registry per process, and the adapters that count what passes through the ports."""

from dishka import Provider, Scope, decorate, provide

from application.judging.sandbox import Sandbox
from domain.submissions.repositories import SubmissionSaver
from infrastructure.observability.metered import MeteredSandbox, MeteredSubmissionSaver
from infrastructure.observability.metrics import Metrics


class ObservabilityProvider(Provider):
    metrics = provide(Metrics, scope=Scope.APP)

    @decorate
    def metered_saver(self, saver: SubmissionSaver, metrics: Metrics) -> SubmissionSaver:
        return MeteredSubmissionSaver(saver, metrics)


class WorkerObservabilityProvider(Provider):
    """Added with JudgingProvider: the worker's sandbox, metered."""

    @decorate
    def metered_sandbox(self, sandbox: Sandbox, metrics: Metrics) -> Sandbox:
        return MeteredSandbox(sandbox, metrics)

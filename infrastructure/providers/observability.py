"""Metrics: one registry per process, and the adapters that count what passes through the ports."""

from typing import cast

from dishka import Provider, Scope, decorate, provide

from application.judging.sandbox import InteractiveSandbox
from application.submissions.ports import SubmissionIntake
from domain.submissions.repositories import JudgingStore, SubmissionSaver
from infrastructure.observability.metered import (
    LabelledJudgingStore,
    MeteredIntake,
    MeteredSandbox,
    MeteredSubmissionSaver,
    SubmissionStore,
    WorkerStore,
)
from infrastructure.observability.metrics import Metrics
from infrastructure.queue.drain import Drain


class ObservabilityProvider(Provider):
    metrics = provide(Metrics, scope=Scope.APP)

    @decorate
    def metered_saver(self, saver: SubmissionSaver, metrics: Metrics) -> SubmissionSaver:
        # The repository also provides SubmissionReader and SubmitterUsageReader (AnyOf).
        return MeteredSubmissionSaver(cast(SubmissionStore, saver), metrics)

    @decorate
    def metered_intake(self, intake: SubmissionIntake, metrics: Metrics) -> SubmissionIntake:
        return MeteredIntake(intake, metrics)


class WorkerOperationsProvider(Provider):
    """Added with JudgingProvider: the worker's sandbox metered, its claims labelling the logs, its drain."""

    drain = provide(Drain, scope=Scope.APP)

    @decorate
    def labelled_store(self, store: JudgingStore) -> JudgingStore:
        # The store also provides QueueRecovery (AnyOf), so the decoration stands for both.
        return LabelledJudgingStore(cast(WorkerStore, store))

    @decorate
    def metered_sandbox(self, sandbox: InteractiveSandbox, metrics: Metrics) -> InteractiveSandbox:
        return MeteredSandbox(sandbox, metrics)

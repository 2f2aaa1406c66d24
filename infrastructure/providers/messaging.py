from collections.abc import AsyncIterator
from typing import TypeVar

from dishka import AsyncContainer, Provider, Scope, provide, provide_all
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from application.messaging.bus import HandlerFactory, Handlers, MessageBus, UnitOfWork
from application.messaging.delivery import EventSinks, ProcessedEvents
from application.messaging.events import CollectedEvents, EventRecorder
from application.messaging.handlers import (
    PublishKeyEvent,
    PublishProblemEvent,
    PublishRunEvent,
    PublishSubmissionEvent,
    SignalSubmissionProgress,
)
from application.messaging.outbox import AudienceReader, Outbox, ProgressSignal
from application.messaging.usecases import DeliverEvents
from application.submissions.ports import ProgressWatcher
from application.transactions import TransactionManager
from infrastructure.config import Settings
from infrastructure.database.progress_watcher import PgProgressWatcher
from infrastructure.database.repositories.messaging.repositories import (
    PgProgressSignal,
    SqlAudienceReader,
    SqlOutbox,
    SqlProcessedEvents,
)
from infrastructure.database.transactions import SqlTransactionManager
from infrastructure.messaging.broker import EventsBrokerStarter, create_events_broker
from infrastructure.messaging.registry import handlers
from infrastructure.messaging.relay import OutboxRelay
from infrastructure.messaging.sinks import LoggingSink
from infrastructure.messaging.tasks import register_event_tasks
from infrastructure.observability.metrics import Metrics
from infrastructure.providers.database import DatabaseUrl
from infrastructure.queue.broker import BrokerStarter, BrokerTarget
from infrastructure.webhooks.runner import DeliveryRunner
from infrastructure.webhooks.sink import WebhookSink

T = TypeVar("T")


class ContainerHandlerFactory(HandlerFactory):
    """Builds handlers in the unit of work's own scope (they share its session)."""

    def __init__(self, container: AsyncContainer) -> None:
        self._container = container

    async def build(self, handler_type: type[T]) -> T:
        return await self._container.get(handler_type)


class MessagingProvider(Provider):
    """The message bus and unit of work, the outbox and its relay, the notifier's sinks."""

    collected = provide(CollectedEvents, scope=Scope.REQUEST)
    outbox = provide(SqlOutbox, provides=Outbox, scope=Scope.REQUEST)
    audiences = provide(SqlAudienceReader, provides=AudienceReader, scope=Scope.REQUEST)
    progress_signal = provide(PgProgressSignal, provides=ProgressSignal, scope=Scope.REQUEST)
    processed = provide(SqlProcessedEvents, provides=ProcessedEvents, scope=Scope.REQUEST)
    event_handlers = provide_all(
        PublishSubmissionEvent,
        PublishProblemEvent,
        PublishKeyEvent,
        PublishRunEvent,
        SignalSubmissionProgress,
        DeliverEvents,
        MessageBus,
        scope=Scope.REQUEST,
    )
    logging_sink = provide(LoggingSink, scope=Scope.APP)

    @provide(scope=Scope.APP)
    def webhook_sink(self, container: AsyncContainer, runner: DeliveryRunner) -> WebhookSink:
        """Opens its own request scope per event (its rows commit on their own, idempotent by event id);
        hands what it made to this process's delivery runner when that runs."""
        return WebhookSink(container, runner)

    @provide(scope=Scope.REQUEST)
    def sinks(self, logging: LoggingSink, webhooks: WebhookSink) -> EventSinks:
        """Every sink the notifier delivers to; a new sink is one more argument and tuple item here."""
        return EventSinks((logging, webhooks))

    @provide(scope=Scope.REQUEST)
    def recorder(self, collected: CollectedEvents) -> EventRecorder:
        return collected

    @provide(scope=Scope.APP)
    def handlers(self) -> Handlers:
        return handlers()

    @provide(scope=Scope.REQUEST)
    def factory(self, container: AsyncContainer) -> HandlerFactory:
        return ContainerHandlerFactory(container)

    @provide(scope=Scope.REQUEST, override=True)
    def unit_of_work(
        self, session: AsyncSession, collected: CollectedEvents, registry: Handlers, factory: HandlerFactory
    ) -> TransactionManager:
        """Use cases commit through this: the events they recorded are handled first, in the transaction."""
        return UnitOfWork(SqlTransactionManager(session), collected, registry, factory)

    @provide(scope=Scope.APP)
    async def events_broker(self, target: BrokerTarget) -> AsyncIterator[EventsBrokerStarter]:
        broker = create_events_broker(target)
        register_event_tasks(broker)
        starter = EventsBrokerStarter(BrokerStarter(broker))
        yield starter
        await starter.close()

    @provide(scope=Scope.APP)
    def relay(
        self,
        settings: Settings,
        url: DatabaseUrl,
        starter: EventsBrokerStarter,
        engine: AsyncEngine,
        metrics: Metrics,
    ) -> OutboxRelay:
        return OutboxRelay(
            engine,
            starter,
            url,
            poll_seconds=settings.outbox_poll_seconds,
            redeliver_seconds=settings.outbox_redeliver_seconds,
            lag=metrics.observe_outbox_lag,
        )

    @provide(scope=Scope.APP)
    async def progress_watcher(self, url: DatabaseUrl) -> AsyncIterator[PgProgressWatcher]:
        watcher = PgProgressWatcher(url)
        yield watcher
        await watcher.close()

    @provide(scope=Scope.APP)
    def progress(self, watcher: PgProgressWatcher) -> ProgressWatcher:
        return watcher

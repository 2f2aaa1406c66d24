"""The message bus: commands (exactly one handler each) and domain events (any number of handlers), inside
the unit of work.

* A **command** is an input dataclass of a use case; its handler is the use case (`Handlers.command`).
  `MessageBus.handle` runs it; an error rolls the unit of work back (its events are dropped, nothing is
  published) and propagates.
* A **domain event** is recorded by the code that changes state (`EventRecorder.record`). Events are handled
  when the unit of work commits, **before** the commit, by every handler registered for the event's type, in
  registration order; events recorded by a handler are handled in the same pass. A failing handler rolls the
  whole unit of work back: the change and its events stand or fall together. Handlers that speak to the
  outside write integration events to the outbox (`application/messaging/outbox.py`) instead of calling out.

Handlers are registered explicitly, in one place (`infrastructure/messaging/registry.py`); nothing is found
by scanning imports. They are classes with an async `__call__`, built per unit of work by a `HandlerFactory`
(the dependency container), so a handler gets the same session as the use case.

Events recorded together are handled in runs: consecutive events of one type go to each of the type's handlers
in turn, and a handler with an async `handle_many(events)` takes the whole run at once (a judging's batch of
test results is one outbox statement, not one per test). Each event still reaches every handler of its type,
in registration order, and events keep their recorded order within each handler.
"""

import itertools
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar, cast

from application.messaging.events import CollectedEvents
from application.transactions import TransactionManager
from domain.exceptions import DomainError

T = TypeVar("T")
Handler = Callable[[Any], Awaitable[Any]]
BatchHandler = Callable[[Sequence[Any]], Awaitable[Any]]

MAX_EVENT_ROUNDS = 100


class HandlerFactory(Protocol):
    async def build(self, handler_type: type[T]) -> T: ...


class UnknownCommandError(DomainError):
    code = "unknown_command"


class EventLoopError(RuntimeError):
    """Handlers kept recording events after MAX_EVENT_ROUNDS passes: a handler re-raises its own event."""


class Handlers:
    """The registry: command type → its one handler type; event type → handler types."""

    def __init__(self) -> None:
        self._commands: dict[type, type] = {}
        self._events: dict[type, list[type]] = {}

    def command(self, command: type, handler: type) -> None:
        if command in self._commands:
            raise ValueError(f"{command.__name__} already has a handler: {self._commands[command].__name__}")
        self._commands[command] = handler

    def event(self, event: type, *handlers: type) -> None:
        self._events.setdefault(event, []).extend(handlers)

    def for_command(self, command: type) -> type:
        try:
            return self._commands[command]
        except KeyError:
            raise UnknownCommandError(f"No handler for the command {command.__name__}.") from None

    def for_event(self, event: type) -> list[type]:
        return list(self._events.get(event, ()))

    @property
    def commands(self) -> dict[type, type]:
        return dict(self._commands)

    @property
    def events(self) -> dict[type, list[type]]:
        return {event: list(handlers) for event, handlers in self._events.items()}


class UnitOfWork(TransactionManager):
    """The TransactionManager use cases see: handles the collected events, then commits the transaction."""

    def __init__(
        self,
        transaction: TransactionManager,
        collected: CollectedEvents,
        handlers: Handlers,
        factory: HandlerFactory,
    ) -> None:
        self._transaction = transaction
        self._collected = collected
        self._handlers = handlers
        self._factory = factory

    async def commit(self) -> None:
        try:
            await self._handle_collected()
        except BaseException:
            self._collected.discard()
            await self._transaction.rollback()
            raise
        await self._transaction.commit()

    async def rollback(self) -> None:
        self._collected.discard()
        await self._transaction.rollback()

    async def _handle_collected(self) -> None:
        for _ in range(MAX_EVENT_ROUNDS):
            events = self._collected.take()
            if not events:
                return
            for event_type, same_type in itertools.groupby(events, key=type):
                run = list(same_type)
                for handler_type in self._handlers.for_event(event_type):
                    handler: object = await self._factory.build(handler_type)
                    many = cast(BatchHandler | None, getattr(handler, "handle_many", None))
                    if many is not None and len(run) > 1:
                        await many(run)
                        continue
                    for event in run:
                        await cast(Handler, handler)(event)
        raise EventLoopError(f"events still recorded after {MAX_EVENT_ROUNDS} rounds")


class MessageBus:
    """Runs a command through its one handler inside the unit of work."""

    def __init__(self, handlers: Handlers, factory: HandlerFactory, unit: TransactionManager) -> None:
        self._handlers = handlers
        self._factory = factory
        self._unit = unit

    async def handle(self, command: object) -> Any:
        handler = cast(Handler, await self._factory.build(self._handlers.for_command(type(command))))
        try:
            result = await handler(command)
        except BaseException:
            await self._unit.rollback()
            raise
        await self._unit.commit()  # events recorded after the handler's own commit (none, usually)
        return result

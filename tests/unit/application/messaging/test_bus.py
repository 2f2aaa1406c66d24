"""The message bus and its unit of work, with fakes: a command has exactly one handler, an event any
number; events are handled before the commit; errors roll back and drop the events."""

from dataclasses import dataclass, field
from typing import Any, TypeVar

import pytest

from application.messaging.bus import (
    EventLoopError,
    Handlers,
    MessageBus,
    UnitOfWork,
    UnknownCommandError,
)
from application.messaging.events import CollectedEvents
from application.transactions import TransactionManager

T = TypeVar("T")


@dataclass
class Journal(TransactionManager):
    """The transaction (what was committed) and everything the handlers did, in order."""

    log: list[str] = field(default_factory=list)
    committed: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)

    async def commit(self) -> None:
        self.log.append("commit")
        self.committed.extend(self.pending)
        self.pending.clear()

    async def rollback(self) -> None:
        self.log.append("rollback")
        self.pending.clear()


@dataclass(frozen=True)
class Submit:
    name: str


@dataclass(frozen=True)
class Submitted:
    name: str


@dataclass(frozen=True)
class Noticed:
    name: str


class Factory:
    """Builds handlers as a container would, sharing one journal and one event collection."""

    def __init__(self, journal: Journal, events: CollectedEvents, unit: TransactionManager | None = None):
        self.journal, self.events, self.unit = journal, events, unit

    async def build(self, handler_type: type[T]) -> T:
        return handler_type(self)  # type: ignore[call-arg]


class SubmitHandler:
    def __init__(self, factory: Factory) -> None:
        self._factory = factory

    async def __call__(self, command: Submit) -> str:
        if command.name == "bad":
            raise ValueError("refused")
        self._factory.journal.pending.append(f"row {command.name}")
        self._factory.events.record(Submitted(name=command.name))
        assert self._factory.unit is not None
        await self._factory.unit.commit()
        return f"ok {command.name}"


class WriteOutbox:
    def __init__(self, factory: Factory) -> None:
        self._factory = factory

    async def __call__(self, event: Submitted | Noticed) -> None:
        self._factory.journal.log.append(f"outbox {type(event).__name__} {event.name}")
        self._factory.journal.pending.append(f"outbox {event.name}")


class Notice:
    """A second handler of the same event, which raises a further event."""

    def __init__(self, factory: Factory) -> None:
        self._factory = factory

    async def __call__(self, event: Submitted) -> None:
        self._factory.journal.log.append(f"notice {event.name}")
        self._factory.events.record(Noticed(name=event.name))


class Explode:
    def __init__(self, factory: Factory) -> None:
        pass

    async def __call__(self, event: Any) -> None:
        raise RuntimeError("handler failed")


class Echo:
    def __init__(self, factory: Factory) -> None:
        self._factory = factory

    async def __call__(self, event: Noticed) -> None:
        self._factory.events.record(Noticed(name=event.name))


def _bus(registry: Handlers) -> tuple[MessageBus, Journal, CollectedEvents]:
    journal, events = Journal(), CollectedEvents()
    factory = Factory(journal, events)
    unit = UnitOfWork(journal, events, registry, factory)
    factory.unit = unit
    return MessageBus(registry, factory, unit), journal, events


def _registry() -> Handlers:
    registry = Handlers()
    registry.command(Submit, SubmitHandler)
    registry.event(Submitted, WriteOutbox, Notice)
    registry.event(Noticed, WriteOutbox)
    return registry


async def test_a_command_runs_its_one_handler_and_returns_its_result() -> None:
    bus, journal, _ = _bus(_registry())
    assert await bus.handle(Submit(name="a")) == "ok a"
    assert "row a" in journal.committed


def test_a_command_cannot_get_a_second_handler() -> None:
    registry = _registry()
    with pytest.raises(ValueError, match="already has a handler"):
        registry.command(Submit, Notice)


async def test_a_command_without_a_handler_is_refused() -> None:
    bus, _, _ = _bus(Handlers())
    with pytest.raises(UnknownCommandError):
        await bus.handle(Submit(name="a"))


async def test_every_handler_of_an_event_runs_before_the_commit_in_registration_order() -> None:
    bus, journal, _ = _bus(_registry())
    await bus.handle(Submit(name="a"))
    first_commit = journal.log.index("commit")
    assert journal.log[:first_commit] == ["outbox Submitted a", "notice a", "outbox Noticed a"]
    assert journal.committed == ["row a", "outbox a", "outbox a"]


async def test_a_failing_command_rolls_back_and_publishes_nothing() -> None:
    bus, journal, events = _bus(_registry())
    events.record(Submitted(name="recorded before the failure"))
    with pytest.raises(ValueError, match="refused"):
        await bus.handle(Submit(name="bad"))
    assert journal.log == ["rollback"]
    assert journal.committed == []
    assert not events.pending


async def test_a_failing_event_handler_rolls_back_the_change_and_its_events() -> None:
    registry = _registry()
    registry.event(Noticed, Explode)
    bus, journal, events = _bus(registry)
    with pytest.raises(RuntimeError, match="handler failed"):
        await bus.handle(Submit(name="a"))
    assert journal.committed == []
    assert "commit" not in journal.log
    assert not events.pending


async def test_a_rollback_drops_the_collected_events() -> None:
    registry = _registry()
    journal, events = Journal(), CollectedEvents()
    unit = UnitOfWork(journal, events, registry, Factory(journal, events))
    events.record(Submitted(name="a"))
    await unit.rollback()
    await unit.commit()
    assert journal.committed == []
    assert journal.log == ["rollback", "commit"]


async def test_an_event_without_handlers_is_dropped_at_commit() -> None:
    journal, events = Journal(), CollectedEvents()
    unit = UnitOfWork(journal, events, Handlers(), Factory(journal, events))
    events.record("nobody listens")
    await unit.commit()
    assert journal.log == ["commit"]
    assert not events.pending


async def test_handlers_that_keep_raising_events_are_stopped() -> None:
    registry = Handlers()
    registry.event(Noticed, Echo)
    journal, events = Journal(), CollectedEvents()
    unit = UnitOfWork(journal, events, registry, Factory(journal, events))
    events.record(Noticed(name="loop"))
    with pytest.raises(EventLoopError):
        await unit.commit()
    assert journal.log == ["rollback"]


class WriteOutboxInBatches(WriteOutbox):
    """WriteOutbox that also takes a run of events at once, as one write."""

    async def handle_many(self, events: list[Submitted]) -> None:
        self._factory.journal.log.append("outbox batch " + ",".join(event.name for event in events))


async def test_a_run_of_events_of_one_type_goes_to_a_batch_handler_at_once_and_to_others_one_by_one() -> None:
    registry = Handlers()
    registry.event(Submitted, WriteOutboxInBatches, Notice)
    registry.event(Noticed, WriteOutboxInBatches)
    journal, events = Journal(), CollectedEvents()
    unit = UnitOfWork(journal, events, registry, Factory(journal, events))
    events.record(Submitted(name="a"), Submitted(name="b"), Noticed(name="x"), Submitted(name="c"))
    await unit.commit()
    assert journal.log == [
        "outbox batch a,b",  # the run a, b: each handler in registration order, each in event order
        "notice a",
        "notice b",
        "outbox Noticed x",  # a run of one is handled as a single event
        "outbox Submitted c",
        "notice c",
        "outbox batch a,b,c",  # what the handlers recorded: the next pass, one run
        "commit",
    ]

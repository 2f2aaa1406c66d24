from application.messaging.usecases.deliver_events import DeliverEvents, DeliverEventsOutput

__all__ = ["DeliverEvents", "DeliverEventsOutput"]

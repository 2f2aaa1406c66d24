from application.messaging.usecases.deliver_event import DeliverEvent, DeliverEventOutput

__all__ = ["DeliverEvent", "DeliverEventOutput"]

"""Messaging: the message bus, domain → integration events and the ports that carry them out of the judge."""

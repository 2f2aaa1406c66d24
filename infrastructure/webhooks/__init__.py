"""Webhooks out: `WebhookSink` (an EventSink: events become delivery rows), `run_deliveries` (sends them)."""

from infrastructure.webhooks.runner import run_deliveries
from infrastructure.webhooks.sink import WebhookSink

__all__ = ["WebhookSink", "run_deliveries"]

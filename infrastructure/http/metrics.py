"""`GET /api/v1/metrics` on the API port (API keys are read under /api/v1 only), for admin keys, when
METRICS_PORT is 0: this process's metrics in the Prometheus text format, the queue gauges read from the
database first."""

from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter, Response

from application.accounts.ports import IdentityProvider
from application.clock import Clock
from domain.accounts.access import can_watch_operations
from domain.accounts.exceptions import ForbiddenError
from domain.submissions.repositories import QueueStatsReader
from infrastructure.observability.metrics import CONTENT_TYPE, Metrics

router = APIRouter(route_class=DishkaRoute)


@router.get("/metrics", include_in_schema=False)
async def metrics(
    identity: FromDishka[IdentityProvider],
    registry: FromDishka[Metrics],
    queue: FromDishka[QueueStatsReader],
    clock: FromDishka[Clock],
) -> Response:
    if not can_watch_operations(await identity.principal()):
        raise ForbiddenError("Only admins see the metrics.")
    now = clock.now()
    registry.show_queue(await queue.snapshot(now, with_finished=False), now)
    return Response(registry.render(), media_type=CONTENT_TYPE)

from datetime import datetime
from uuid import UUID

from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter

from application.workers.usecases import ListWorkers
from domain.workers.entities import WorkerState
from infrastructure.http.api.v1.descriptions import describe
from infrastructure.http.api.v1.languages.router import LanguageModel
from infrastructure.http.api.v1.models import CamelBase, error_responses

router = APIRouter(prefix="/workers", tags=["workers"], route_class=DishkaRoute)


class WorkerModel(CamelBase):
    id: UUID
    hostname: str
    state: WorkerState
    concurrency: int
    isolated: bool
    languages: list[LanguageModel]
    started_at: datetime
    last_heartbeat_at: datetime
    seconds_since_heartbeat: float


@router.get(
    "",
    summary="Judging workers",
    description=describe(ListWorkers),
    response_model=list[WorkerModel],
    responses=error_responses(401, 403),
)
async def list_workers(use_case: FromDishka[ListWorkers]) -> list[WorkerModel]:
    result = await use_case()
    return [
        WorkerModel(
            id=view.worker.id,
            hostname=view.worker.hostname,
            state=view.state,
            concurrency=view.worker.concurrency,
            isolated=view.worker.isolated,
            languages=[LanguageModel(id=x.id, name=x.name, version=x.version) for x in view.worker.languages],
            started_at=view.worker.started_at,
            last_heartbeat_at=view.worker.last_heartbeat_at,
            seconds_since_heartbeat=view.seconds_since_heartbeat,
        )
        for view in result.workers
    ]

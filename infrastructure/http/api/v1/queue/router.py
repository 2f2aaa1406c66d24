from uuid import UUID

from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter

from application.submissions.usecases import GetQueue
from domain.workers.entities import WorkerState
from infrastructure.http.api.v1.descriptions import describe
from infrastructure.http.api.v1.models import CamelBase, error_responses

router = APIRouter(prefix="/queue", tags=["operations"], route_class=DishkaRoute)


class QueueCountsModel(CamelBase):
    queued: int
    judging: int
    finished: int


class LanguageBacklogModel(CamelBase):
    language: str
    queued: int
    judging: int


class WorkerLoadModel(CamelBase):
    id: UUID
    hostname: str
    state: WorkerState
    slots: int
    busy_slots: int


class QueueModel(CamelBase):
    counts: QueueCountsModel
    oldest_queued_seconds: float | None
    backlog: list[LanguageBacklogModel]
    workers: list[WorkerLoadModel]


@router.get(
    "",
    summary="The judging queue",
    description=describe(GetQueue),
    response_model=QueueModel,
    responses=error_responses(401, 403),
)
async def get_queue(use_case: FromDishka[GetQueue]) -> QueueModel:
    view = await use_case()
    return QueueModel(
        counts=QueueCountsModel(queued=view.queued, judging=view.judging, finished=view.finished),
        oldest_queued_seconds=view.oldest_queued_seconds,
        backlog=[
            LanguageBacklogModel(language=x.language, queued=x.queued, judging=x.judging)
            for x in view.backlog
        ],
        workers=[
            WorkerLoadModel(
                id=w.worker_id, hostname=w.hostname, state=w.state, slots=w.slots, busy_slots=w.busy_slots
            )
            for w in view.workers
        ],
    )

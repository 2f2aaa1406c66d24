from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from application.health.usecases import CheckHealth
from infrastructure.http.api.v1.descriptions import describe
from infrastructure.http.api.v1.models import CamelBase

router = APIRouter(prefix="/health", tags=["health"], route_class=DishkaRoute)


class HealthModel(CamelBase):
    status: str
    database: str
    broker: str
    failing: list[str]


@router.get(
    "",
    summary="Is the service able to work?",
    description=describe(CheckHealth, "200 when both answer; 503 naming the failing part otherwise."),
    response_model=HealthModel,
    responses={503: {"model": HealthModel, "description": "A dependency is unreachable."}},
)
async def health(check: FromDishka[CheckHealth]) -> JSONResponse:
    report = await check()
    body = HealthModel(
        status="ok" if report.healthy else "unavailable",
        database=report.database,
        broker=report.broker,
        failing=report.failing,
    )
    return JSONResponse(status_code=200 if report.healthy else 503, content=body.model_dump(by_alias=True))

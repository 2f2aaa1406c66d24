from dishka.integrations.fastapi import DishkaRoute, FromDishka
from fastapi import APIRouter
from pydantic import Field

from application.languages.usecases import ListLanguages
from infrastructure.http.api.v1.descriptions import describe
from infrastructure.http.api.v1.models import CamelBase

router = APIRouter(prefix="/languages", tags=["languages"], route_class=DishkaRoute)


class LanguageModel(CamelBase):
    id: str = Field(description="Use this in submissions, e.g. `cpp`.")
    name: str
    version: str = Field(description="The toolchain's own version line.")


@router.get(
    "",
    summary="Languages available now",
    description=describe(
        ListLanguages, "A worker whose heartbeat is older than WORKER_OFFLINE_AFTER_SECONDS no longer counts."
    ),
    response_model=list[LanguageModel],
)
async def list_languages(use_case: FromDishka[ListLanguages]) -> list[LanguageModel]:
    return [LanguageModel(id=lang.id, name=lang.name, version=lang.version) for lang in await use_case()]

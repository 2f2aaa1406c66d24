from typing import Any

from adaptix import P, loader
from adaptix.conversion import coercer, get_converter

from domain.languages.entities import Language
from domain.workers.entities import Worker
from infrastructure.database.mappers import retort
from infrastructure.database.repositories.workers.models import WorkerModel

_languages = retort.extend(recipe=[loader(P[Language].tools, lambda value: dict(value or {}))])

dump_languages = _languages.get_dumper(list[Language])
load_languages = _languages.get_loader(list[Language])

model_to_worker = get_converter(
    WorkerModel,
    Worker,
    recipe=[coercer(list[dict[str, Any]], list[Language], load_languages)],
)

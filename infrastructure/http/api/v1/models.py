from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class CamelBase(BaseModel):
    """Every API model: camelCase on the wire, snake_case in Python."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


class ErrorModel(CamelBase):
    code: str = Field(description="Stable machine-readable error code, e.g. `not_found`, `validation_error`.")
    message: str = Field(description="What went wrong, in words a person can act on.")
    details: dict[str, Any] = Field(default_factory=dict, description="Extra structured context.")


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting ErrorModel for the given statuses."""
    return {status: {"model": ErrorModel} for status in statuses}

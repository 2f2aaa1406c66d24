from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic.alias_generators import to_camel


class CamelBase(BaseModel):
    """Every API model: camelCase on the wire, snake_case in Python. Infinity/NaN and NUL characters are
    refused at the door: JSON cannot carry the former back, PostgreSQL cannot store the latter."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, from_attributes=True, allow_inf_nan=False
    )

    # Fields carried as bytes (a submission's `source`, a file's `content`): NUL is data there, not text.
    nul_allowed: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name not in cls.nul_allowed and _has_nul(value):
            raise ValueError("text must not contain NUL (\\u0000) characters")
        if _has_lone_surrogate(value):
            raise ValueError("text must be valid Unicode (no lone surrogates)")
        return value


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    return False


def _has_lone_surrogate(value: object) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, list | tuple):
        return any(_has_lone_surrogate(item) for item in value)
    if isinstance(value, dict):
        return any(_has_lone_surrogate(key) or _has_lone_surrogate(item) for key, item in value.items())
    return False


class ErrorModel(CamelBase):
    code: str = Field(description="Stable machine-readable error code, e.g. `not_found`, `validation_error`.")
    message: str = Field(description="What went wrong, in words a person can act on.")
    details: dict[str, Any] = Field(default_factory=dict, description="Extra structured context.")


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting ErrorModel for the given statuses."""
    return {status: {"model": ErrorModel} for status in statuses}

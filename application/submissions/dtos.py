from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class RejudgeOutput:
    """The submissions put back in the queue by a rejudge (both rejudge use cases answer with it)."""

    requeued: list[UUID]

"""What happens to a problem (domain events; see `domain/submissions/events.py` for how they travel).

* `ProblemPublished`: problem_id, owner_id, slug. It became public (created public, or a draft made public).
* `ProblemChanged`: problem_id, owner_id, slug, fields (the names of the fields that changed, sorted).
* `TestsChanged`: problem_id, owner_id, test_count (after the change), added, removed (how many tests).
"""

import dataclasses
from dataclasses import dataclass, field
from uuid import UUID

from domain.accounts.entities import Visibility
from domain.problems.entities import Problem


@dataclass(frozen=True, slots=True, kw_only=True)
class ProblemPublished:
    problem_id: UUID
    owner_id: UUID | None
    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProblemChanged:
    problem_id: UUID
    owner_id: UUID | None
    slug: str
    fields: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True, kw_only=True)
class TestsChanged:
    __test__ = False

    problem_id: UUID
    owner_id: UUID | None
    test_count: int
    added: int = 0
    removed: int = 0


_NOT_A_CHANGE = frozenset({"updated_at", "test_count", "created_at"})


def problem_events(before: Problem, after: Problem) -> list[ProblemPublished | ProblemChanged]:
    """The events of an edit: `ProblemChanged` naming the fields that differ (none: no event), and
    `ProblemPublished` when a draft became public."""
    changed = tuple(
        sorted(
            item.name
            for item in dataclasses.fields(Problem)
            if item.name not in _NOT_A_CHANGE and getattr(before, item.name) != getattr(after, item.name)
        )
    )
    events: list[ProblemPublished | ProblemChanged] = []
    if changed:
        events.append(
            ProblemChanged(problem_id=after.id, owner_id=after.owner_id, slug=after.slug, fields=changed)
        )
    if before.visibility is not Visibility.PUBLIC and after.visibility is Visibility.PUBLIC:
        events.append(ProblemPublished(problem_id=after.id, owner_id=after.owner_id, slug=after.slug))
    return events

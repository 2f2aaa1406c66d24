"""From a parsed package to the entities an import stores (the import use case and the export's round-trip
tests build them the same way)."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from application.packages.format.model import PackageJurySubmission, ParsedPackage
from domain.accounts.entities import Visibility
from domain.packages.entities import JurySubmission
from domain.problems.entities import Limits, Problem


def problem_from(
    parsed: ParsedPackage,
    *,
    slug: str,
    owner_id: uuid.UUID | None,
    visibility: Visibility,
    time_ms: int,
    now: datetime,
) -> Problem:
    """The problem, with the time limit it gets now; an explicit wall time below it is dropped."""
    wall = parsed.wall_time_ms if parsed.wall_time_ms is not None and parsed.wall_time_ms >= time_ms else None
    return Problem(
        id=uuid.uuid4(),
        slug=slug,
        title=parsed.title,
        statement=parsed.statement,
        statement_format=parsed.statement_format,
        type=parsed.type,
        limits=Limits(
            time_ms=time_ms, memory_mb=parsed.memory_mb, output_kb=parsed.output_kb, wall_time_ms=wall
        ),
        checker=parsed.checker,
        interactor=parsed.interactive.validator if parsed.interactive is not None else None,
        groups=list(parsed.groups),
        test_count=len(parsed.tests),
        owner_id=owner_id,
        visibility=visibility,
        created_at=now,
        updated_at=now,
    )


def jury_from(items: Sequence[PackageJurySubmission], problem_id: uuid.UUID) -> list[JurySubmission]:
    return [
        JurySubmission(
            id=uuid.uuid4(),
            problem_id=problem_id,
            path=item.path,
            language=item.language,
            files=item.files,
            expectation=item.expectation,
            role=item.role,
            skipped=item.skipped,
        )
        for item in items
    ]

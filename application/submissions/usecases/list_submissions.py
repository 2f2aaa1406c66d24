from dataclasses import dataclass

from domain.submissions.entities import Submission
from domain.submissions.repositories import Cursor, SubmissionFilter, SubmissionReader


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSubmissionsInput:
    filters: SubmissionFilter
    after: Cursor | None = None
    limit: int = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSubmissionsOutput:
    items: list[Submission]
    next_cursor: Cursor | None


class ListSubmissions:
    """Submissions newest first, filtered, a page at a time; the cursor stays stable while new ones arrive."""

    def __init__(self, submissions: SubmissionReader) -> None:
        self._submissions = submissions

    async def __call__(self, data: ListSubmissionsInput) -> ListSubmissionsOutput:
        limit = max(1, min(data.limit, 200))
        items = list(await self._submissions.list_page(data.filters, after=data.after, limit=limit + 1))
        more = len(items) > limit
        items = items[:limit]
        last = items[-1] if more else None
        return ListSubmissionsOutput(
            items=items, next_cursor=Cursor(created_at=last.created_at, id=last.id) if last else None
        )

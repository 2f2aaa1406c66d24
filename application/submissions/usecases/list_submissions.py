from dataclasses import dataclass, replace

from application.accounts.ports import IdentityProvider
from domain.accounts.entities import Role
from domain.submissions.entities import Submission
from domain.submissions.repositories import Cursor, SubmissionFilter, SubmissionReader, SubmissionViewer


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSubmissionsInput:
    filters: SubmissionFilter
    after: Cursor | None = None
    limit: int = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSubmissionsOutput:
    items: list[Submission]
    next_cursor: Cursor | None


@dataclass(frozen=True, slots=True)
class ListSubmissions:
    """Submissions newest first, filtered, a page at a time; the cursor stays stable while new ones arrive.
    Users see their own submissions, authors also those to their problems, admins all."""

    identity: IdentityProvider
    submissions: SubmissionReader

    async def __call__(self, data: ListSubmissionsInput) -> ListSubmissionsOutput:
        principal = await self.identity.principal()
        filters = data.filters
        if not principal.is_admin:
            viewer = SubmissionViewer(
                account_id=principal.account_id, with_owned_problems=principal.role is Role.AUTHOR
            )
            filters = replace(filters, visible_to=viewer)
        limit = max(1, min(data.limit, 200))
        items = list(await self.submissions.list_page(filters, after=data.after, limit=limit + 1))
        more = len(items) > limit
        items = items[:limit]
        last = items[-1] if more else None
        return ListSubmissionsOutput(
            items=items, next_cursor=Cursor(created_at=last.created_at, id=last.id) if last else None
        )
